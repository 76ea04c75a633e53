//! Kiln's template compiler: everything `#[derive(Template)]` does, as a library.
//!
//! The stages run in order, each in its own module:
//! [`input`] reads the `#[template(...)]` attribute, [`config`] reads `kiln.toml`,
//! [`loader`] finds and [`parser`] parses the template files into an [`ast`], [`resolve`]
//! flattens inheritance and includes, and [`codegen`] writes the render function. Every
//! failure is a [`Diagnostic`] pointing at a template's line and column; [`expand`] turns
//! them into `compile_error!`s. Nothing here depends on `proc_macro`, so each stage is
//! unit-testable.
//!
//! ```
//! let input: syn::DeriveInput = syn::parse_quote! {
//!     #[template(source = "Hello {{ name }}!", ext = "txt")]
//!     struct Hello { name: String }
//! };
//! let code = kiln_engine::expand(&input, std::path::Path::new(".")).to_string();
//! assert!(code.contains("impl :: kiln :: Template for Hello"));
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod ast;
pub mod codegen;
pub mod config;
pub mod content_type;
pub mod diagnostic;
pub mod input;
pub mod loader;
pub mod parser;
pub mod resolve;
pub mod source;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::codegen::Escaping;
use crate::config::Config;
use crate::diagnostic::{backticked, Diagnostic};
use crate::input::{Print, TemplateArgs, TemplateSource};
use crate::loader::Loader;
use crate::source::Files;

pub use crate::diagnostic::Diagnostic as Error;

/// Extensions whose templates are HTML-escaped unless `escape = …` says otherwise.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xml", "svg", "xhtml"];

/// Escaper names accepted by `escape = "…"`.
const ESCAPERS: &[&str] = &["html", "none", "text"];

/// Expands `#[derive(Template)]` for the crate whose `Cargo.toml` is in
/// `CARGO_MANIFEST_DIR`. Never panics: errors become `compile_error!`.
///
/// `KILN_MANIFEST_DIR_OVERRIDE`, when set, replaces `CARGO_MANIFEST_DIR`. It exists for
/// compile-fail tests: trybuild builds each case in a crate of its own under `target/`,
/// away from the test crate's `templates/`.
pub fn derive_template(input: &DeriveInput) -> TokenStream {
    let root = std::env::var_os("KILN_MANIFEST_DIR_OVERRIDE")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    expand(input, &root)
}

/// Expands `#[derive(Template)]` with templates looked up from crate root `root`.
pub fn expand(input: &DeriveInput, root: &Path) -> TokenStream {
    let mut files = Files::default();
    match compile(input, root, &mut files) {
        Ok(tokens) => tokens,
        Err(diagnostics) => {
            // One `compile_error!` per problem, so a build reports them all.
            let error: TokenStream = diagnostics
                .iter()
                .map(|diag| {
                    let span = diag.rust_span.unwrap_or_else(|| input.ident.span());
                    syn::Error::new(span, diag.render(&files)).to_compile_error()
                })
                .collect();
            let content_type = TemplateArgs::from_input(input)
                .map_or(content_type::content_type(None), |args| {
                    content_type::content_type(args.extension().as_deref())
                });
            let stub = implement(
                input,
                quote! { let _ = __kiln_w; ::kiln::__private::core::result::Result::Ok(()) },
                0,
                content_type,
                &[],
            );
            quote! { #error #stub }
        }
    }
}

fn compile(
    input: &DeriveInput,
    root: &Path,
    files_out: &mut Files,
) -> Result<TokenStream, Vec<Diagnostic>> {
    let args = TemplateArgs::from_input(input).map_err(|d| vec![d])?;
    let at_source = |diag: Diagnostic| diag.at_rust(args.source_span);
    let syn::Data::Struct(data) = &input.data else {
        return Err(vec![Diagnostic::spanless(
            "`Template` can only be derived for structs",
        )
        .at_rust(input.ident.span())]);
    };
    // Names the template may use besides its locals; tuple structs are not checked.
    let fields: Option<Vec<String>> = match &data.fields {
        syn::Fields::Named(named) => Some(
            named
                .named
                .iter()
                .filter_map(|f| f.ident.as_ref())
                .map(|i| i.to_string().trim_start_matches("r#").to_owned())
                .collect(),
        ),
        syn::Fields::Unit => Some(Vec::new()),
        syn::Fields::Unnamed(_) => None,
    };
    let config = Config::load(root).map_err(|d| vec![at_source(d)])?;
    let syntax = args.syntax(config.syntax);
    let escapers = config.escapers.clone();
    let escaper_paths: Vec<syn::Path> = escapers.iter().map(|e| e.path.clone()).collect();
    let mut loader = Loader::new(config, syntax);
    let result = (|| -> Result<_, Vec<Diagnostic>> {
        let root_id = match &args.source {
            TemplateSource::Path(path) => loader.load(path, None).map_err(|d| vec![d])?,
            TemplateSource::Source(text) => loader
                .load_source("<source>".to_owned(), text.clone())
                .map_err(|d| vec![d])?,
        };
        let block = args.block.as_ref().map(|(name, _)| name.as_str());
        let nodes = resolve::resolve(&mut loader, root_id, block).map_err(|d| {
            vec![match (&args.block, d.span) {
                (Some((_, span)), None) => d.at_rust(*span),
                _ => d,
            }]
        })?;
        let escaping = escaping_rule(&args, &loader.files, &escapers).map_err(|d| vec![d])?;
        let options = codegen::Options {
            files: &loader.files,
            escaping: &escaping,
            root: root_id,
            scopes: &nodes.scopes,
            custom_escapers: &escaper_paths,
            fields: fields.as_deref(),
        };
        let generated = codegen::generate(&nodes.nodes, &options)?;
        Ok((nodes, generated))
    })();
    let (nodes, generated) = match result {
        Ok(ok) => ok,
        Err(diagnostics) => {
            *files_out = std::mem::take(&mut loader.files);
            return Err(diagnostics.into_iter().map(at_source).collect());
        }
    };
    let mut paths: Vec<String> = loader
        .files
        .paths()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    // Editing `kiln.toml` (dirs, options, escapers) must rebuild the crate too.
    let config_file = root.join("kiln.toml");
    if config_file.is_file() {
        paths.push(config_file.to_string_lossy().into_owned());
    }
    let body = codegen::with_prelude(generated.body);
    let content_type = content_type::content_type(args.extension().as_deref());
    let tokens = implement(input, body, generated.size_hint, content_type, &paths);
    if let Some(shown) = debug_output(args.print, &nodes.nodes, &tokens) {
        // `print = …` is a debugging aid: the macro writes to the compiler's stderr.
        eprintln!("{shown}");
    }
    Ok(tokens)
}

/// What `print = "ast" | "code" | "all"` shows: the resolved tree, the generated code
/// (formatted with prettyplease), or both.
pub fn debug_output(print: Print, nodes: &[ast::Node], tokens: &TokenStream) -> Option<String> {
    let code = || match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    };
    match print {
        Print::None => None,
        Print::Ast => Some(format!("{nodes:#?}")),
        Print::Code => Some(code()),
        Print::All => Some(format!("{nodes:#?}\n{}", code())),
    }
}

/// Decides the escaping of each file: the attribute's `escape`, else the file's extension,
/// looked up first in the custom escapers of `kiln.toml`.
fn escaping_rule<'a>(
    args: &'a TemplateArgs,
    files: &'a Files,
    escapers: &'a [config::EscaperConfig],
) -> Result<impl Fn(source::FileId) -> Escaping + 'a, Diagnostic> {
    let by_extension = move |ext: &str| -> Option<Escaping> {
        if let Some(i) = escapers
            .iter()
            .position(|e| e.extensions.iter().any(|x| x == ext))
        {
            return Some(Escaping::Custom(i));
        }
        match ext {
            "html" => Some(Escaping::Html),
            "none" | "text" => Some(Escaping::Text),
            _ => None,
        }
    };
    let forced = match &args.escape {
        None => None,
        Some((name, span)) => Some(by_extension(name).ok_or_else(|| {
            let mut names: Vec<&str> = ESCAPERS.to_vec();
            names.extend(
                escapers
                    .iter()
                    .flat_map(|e| e.extensions.iter().map(String::as_str)),
            );
            Diagnostic::spanless(format!("unknown escaper `{name}`"))
                .suggest(name, names.iter().copied())
                .or_help(format!("the escapers are {}", backticked(&names)))
                .at_rust(*span)
        })?),
    };
    let source_ext = args.extension();
    Ok(move |file: source::FileId| {
        if let Some(forced) = forced {
            return forced;
        }
        let ext = match &files.get(file).path {
            Some(path) => extension_of(&path.to_string_lossy()),
            None => source_ext.clone(),
        };
        match ext {
            Some(ext) => match by_extension(&ext) {
                Some(custom @ Escaping::Custom(_)) => custom,
                _ if HTML_EXTENSIONS.contains(&ext.as_str()) => Escaping::Html,
                _ => Escaping::Text,
            },
            None => Escaping::Text,
        }
    })
}

/// The extension that decides escaping, ignoring a trailing `.j2` / `.jinja` / `.jinja2`.
pub(crate) fn extension_of(name: &str) -> Option<String> {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut parts: Vec<&str> = name.split('.').skip(1).collect();
    if parts.len() > 1 && matches!(parts.last(), Some(&("j2" | "jinja" | "jinja2"))) {
        parts.pop();
    }
    parts.last().map(|e| e.to_ascii_lowercase())
}

/// The `Template` and `Display` impls around a render body, and the call of
/// `__private::respond!` that implements the web frameworks' response traits for the
/// features `kiln` was built with.
fn implement(
    input: &DeriveInput,
    body: TokenStream,
    size_hint: usize,
    content_type: &str,
    paths: &[String],
) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let respond = respond_call(input);
    quote! {
        const _: () = {
            // Makes cargo rebuild the crate when a template changes.
            #( const _: &[u8] = ::core::include_bytes!(#paths); )*

            #[automatically_derived]
            impl #impl_generics ::kiln::Template for #ident #ty_generics #where_clause {
                const SIZE_HINT: usize = #size_hint;
                const CONTENT_TYPE: &'static str = #content_type;

                #[inline]
                fn learned_size() -> ::kiln::__private::core::option::Option<&'static ::kiln::__private::LearnedSize> {
                    // One per template; a generic struct's instantiations share it.
                    static SIZE: ::kiln::__private::LearnedSize = ::kiln::__private::LearnedSize::new(#size_hint);
                    ::kiln::__private::core::option::Option::Some(&SIZE)
                }

                // RATIONALE: generated code borrows generously (`&(x)`) and may bind names a
                // template never reads; neither is worth a warning in the user's crate.
                #[allow(unused_variables, unused_mut, unused_braces, clippy::all)]
                fn render_buffer(
                    &self,
                    __kiln_out: &mut ::kiln::__private::Buffer,
                ) -> ::kiln::Result<()> {
                    ::kiln::Output::render_local(__kiln_out, |__kiln_w: &mut ::kiln::__private::Buffer| -> ::kiln::Result<()> {
                        #body
                    })
                }
            }

            #[automatically_derived]
            impl #impl_generics ::kiln::__private::core::fmt::Display for #ident #ty_generics #where_clause {
                // Inline, so that its render code is only compiled in crates that use it.
                #[inline]
                fn fmt(&self, f: &mut ::kiln::__private::core::fmt::Formatter<'_>) -> ::kiln::__private::core::fmt::Result {
                    ::kiln::Template::render_into(self, f).map_err(|_| ::kiln::__private::core::fmt::Error)
                }
            }

            #respond
        };
    }
}

/// `::kiln::__private::respond! { [params] [type] [predicates] }`: the struct's generic
/// parameters (without defaults, which an impl may not have) and where-predicates, each
/// followed by a comma, so that `kiln`'s macros can add parameters and bounds of their own.
/// RATIONALE: the derive cannot know `kiln`'s features (the orphan rule forbids `kiln`
/// from implementing `IntoResponse` for every `Template`), so it always emits this call
/// and `kiln` decides, by its features, what it expands to.
fn respond_call(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    for param in &mut generics.params {
        match param {
            syn::GenericParam::Type(ty) => {
                ty.eq_token = None;
                ty.default = None;
            }
            syn::GenericParam::Const(c) => {
                c.eq_token = None;
                c.default = None;
            }
            syn::GenericParam::Lifetime(_) => {}
        }
    }
    let params = generics.params.iter();
    let predicates = input
        .generics
        .where_clause
        .iter()
        .flat_map(|w| w.predicates.iter());
    let (_, ty_generics, _) = input.generics.split_for_impl();
    quote! {
        ::kiln::__private::respond! { [#(#params,)*] [#ident #ty_generics] [#(#predicates,)*] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_source(source: &str) -> TokenStream {
        let input: DeriveInput = syn::parse_quote! {
            #[template(source = #source, ext = "html")]
            struct Page { name: String }
        };
        expand(&input, Path::new("."))
    }

    #[test]
    fn print_code_shows_formatted_rust() {
        let tokens = expand_source("Hi {{ name }}!");
        assert_eq!(debug_output(Print::None, &[], &tokens), None);
        let code = debug_output(Print::Code, &[], &tokens).unwrap();
        assert!(code.contains("fn render_buffer("), "{code}");
        assert!(
            code.contains("::kiln::Output::render_local(\n"),
            "the body runs on a local writer: {code}"
        );
        assert!(code.contains("__kiln_w.write_str(\"Hi \")?;\n"), "{code}");
        let nodes = vec![ast::Node::Break(source::Span::new(source::FileId(0), 0, 1))];
        let all = debug_output(Print::All, &nodes, &tokens).unwrap();
        assert!(all.starts_with("[\n    Break("), "{all}");
    }

    #[test]
    fn errors_become_compile_error_and_a_stub_impl() {
        let tokens = expand_source("{% if %}").to_string();
        assert!(tokens.contains("compile_error"), "{tokens}");
        assert!(
            tokens.contains("<source>:1:7: expected an expression"),
            "{tokens}"
        );
        assert!(
            tokens.contains("impl :: kiln :: Template for Page"),
            "{tokens}"
        );
    }
}
