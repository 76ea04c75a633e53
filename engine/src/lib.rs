//! Kiln's template compiler: everything `#[derive(Template)]` does, as a library.
//!
//! The stages run in order, each in its own module:
//! [`input`] reads the `#[template(...)]` attribute, [`config`] reads `kiln.toml`,
//! [`loader`] finds and [`parser`] parses the template files into an [`ast`], [`resolve`]
//! flattens inheritance and includes into a [`tree`], [`check`] decides what every name and
//! call means and finds every mistake (into a [`checked`] tree, with the rows of
//! [`builtins`]), and [`codegen`] writes the render function. Every failure is a
//! [`Diagnostic`] pointing at a template's line and column; [`expand`] turns them into
//! `compile_error!`s. Nothing here depends on `proc_macro`, so each stage is unit-testable.
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
pub mod builtins;
pub mod check;
pub mod checked;
pub mod codegen;
pub mod config;
pub mod content_type;
pub mod diagnostic;
mod emit;
pub mod input;
pub mod loader;
pub mod parser;
pub mod project;
pub mod resolve;
pub mod source;
mod to_value;
pub mod tree;
mod variants;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::codegen::Escaping;
use crate::config::Config;
use crate::diagnostic::{backticked, Diagnostic};
use crate::input::{Print, TemplateArgs, TemplateSource};
use crate::loader::Loader;
use crate::source::Files;

pub use crate::diagnostic::Diagnostic as Error;
pub use crate::to_value::derive_to_value;

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
    match &input.data {
        syn::Data::Struct(data) => expand_struct(input, data, root),
        syn::Data::Enum(data) => variants::expand(input, data, root),
        syn::Data::Union(_) => {
            let error = syn::Error::new(
                input.ident.span(),
                "`Template` can only be derived for structs and enums",
            )
            .to_compile_error();
            let stub = emit::template(
                emit::Item::of(input),
                &emit::Render {
                    body: None,
                    size_hint: 0,
                    content_type: quote! { "text/plain; charset=utf-8" },
                },
            );
            quote! { #error const _: () = { #stub }; }
        }
    }
}

/// A struct's template: its render function, and one per entry of `blocks = […]`.
fn expand_struct(input: &DeriveInput, data: &syn::DataStruct, root: &Path) -> TokenStream {
    let item = emit::Item::of(input);
    let mut errors = TokenStream::new();
    let args = match TemplateArgs::from_input(input) {
        Ok(args) => Some(args),
        Err(diag) => {
            errors.extend(compile_errors(
                &[diag],
                &Files::default(),
                input.ident.span(),
            ));
            None
        }
    };
    let fields = named_fields(&data.fields);
    let types = field_types(&data.fields);
    let scope = Scope {
        fields: fields.as_deref(),
        types: &types,
        owner: "the struct",
    };
    let mut compile = |block: Option<&(String, proc_macro2::Span)>| -> Body {
        let Some(args) = &args else {
            return Body::stub(content_type::content_type(None));
        };
        compile_body(args, block, &scope, root).unwrap_or_else(|e| {
            errors.extend(e);
            Body::stub(content_type::content_type(args.extension().as_deref()))
        })
    };
    let main = compile(args.as_ref().and_then(|a| a.block.as_ref()));
    let blocks: Vec<_> = args
        .iter()
        .flat_map(|a| a.blocks.iter())
        .map(|block| (block.0.clone(), block.1, compile(Some(block))))
        .collect();
    let mut paths: Vec<String> = std::iter::once(&main)
        .chain(blocks.iter().map(|(_, _, b)| b))
        .flat_map(|b| b.paths.iter().cloned())
        .collect();
    // Each view's render function starts with its own reload hook, for its block.
    let blocks: Vec<_> = blocks
        .into_iter()
        .map(|(name, span, body)| {
            let reload = args.as_ref().and_then(|args| {
                let render = format_ident!("__kiln_render_block_{}", name);
                let render = quote! { Self::#render };
                reload_hook(args, render, Some(&name), &data.fields, &body.paths, root)
            });
            (name, span, body.render, reload)
        })
        .collect();
    paths.sort();
    paths.dedup();
    let rebuild = emit::rebuild_on_change(&paths);
    let reload = args.as_ref().and_then(|args| {
        let block = args.block.as_ref().map(|(name, _)| name.as_str());
        let render = quote! { <Self as ::kiln::Template>::render_buffer };
        reload_hook(args, render, block, &data.fields, &main.paths, root)
    });
    let unit = emit::CodegenUnit::of(item.ident);
    let template = emit::template_reloading(item, &main.render, reload, Some(&unit));
    let public = emit::public_impls(item);
    let views = emit::block_views(item, &blocks, Some(&unit));
    let unit = unit.declaration();
    let tokens = quote! {
        #errors
        #unit
        const _: () = {
            #rebuild
            #template
            #public
            #views
        };
    };
    if let Some(args) = &args {
        if let Some(shown) = debug_output(args.print, &main.nodes, &tokens) {
            // `print = …` is a debugging aid: the macro writes to the compiler's stderr.
            eprintln!("{shown}");
        }
    }
    tokens
}

/// `::kiln::__private::reload! { … }` for a struct's (or an enum variant's view's) `path`
/// template, or a `block` of it:
/// what `kiln` expands, with its `reload` feature, into a check of the template's files
/// and a render through the interpreter when they changed. `render` is the function the
/// hook is in, which it runs once more to record what only Rust computes.
pub(crate) fn reload_hook(
    args: &TemplateArgs,
    render: TokenStream,
    block: Option<&str>,
    fields: &syn::Fields,
    files: &[String],
    root: &Path,
) -> Option<TokenStream> {
    let TemplateSource::Path(name) = &args.source else {
        return None;
    };
    if files.is_empty() {
        return None;
    }
    let idents: Vec<&syn::Ident> = match fields {
        syn::Fields::Named(named) => named
            .named
            .iter()
            .filter_map(|f| f.ident.as_ref())
            .collect(),
        syn::Fields::Unit => Vec::new(),
        // A tuple struct's fields have no names for the template to use.
        syn::Fields::Unnamed(_) => return None,
    };
    let root = root.to_string_lossy();
    let block = block.unwrap_or_default();
    let escape = args.escape.as_ref().map_or("", |(e, _)| e.as_str());
    let flags = args.flags.iter().map(|(k, v)| quote! { (#k, #v) });
    Some(quote! {
        ::kiln::__private::reload! {
            self, __kiln_out, #render, #name, #block, #escape, [#(#flags),*], #root,
            [#(#files),*], [#(#idents),*]
        }
    })
}

/// The names of a struct's or variant's fields, which a template may use besides its
/// locals; `None` for tuple fields, which are not checked.
pub(crate) fn named_fields(fields: &syn::Fields) -> Option<Vec<String>> {
    match fields {
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
    }
}

/// The declared type of each named field, from which the generator learns which fields
/// are Rust maps (read like dicts: `config.site_name` is an item).
pub(crate) fn field_types(fields: &syn::Fields) -> Vec<(String, syn::Type)> {
    fields
        .iter()
        .filter_map(|f| {
            let name = f.ident.as_ref()?.to_string();
            Some((name.trim_start_matches("r#").to_owned(), f.ty.clone()))
        })
        .collect()
}

/// What a template may name besides its locals, and what holds those names (for the
/// hint on an unknown name).
pub(crate) struct Scope<'a> {
    /// See [`check::Options::fields`].
    pub fields: Option<&'a [String]>,
    /// See [`codegen::Options::field_types`].
    pub types: &'a [(String, syn::Type)],
    /// "the struct", "the variant `Page::Home`".
    pub owner: &'a str,
}

/// A template compiled to a render function, and the files it was made from.
pub(crate) struct Body {
    pub render: emit::Render,
    pub paths: Vec<String>,
    /// The resolved tree, for `print = "ast"`.
    pub nodes: Vec<tree::Node>,
}

impl Body {
    /// What stands for a template whose compilation failed, so that the errors are the
    /// only ones the user sees.
    pub(crate) fn stub(content_type: &str) -> Self {
        Body {
            render: emit::Render {
                body: None,
                size_hint: 0,
                content_type: quote! { #content_type },
            },
            paths: Vec::new(),
            nodes: Vec::new(),
        }
    }
}

/// A template through every stage but code generation.
pub struct FrontEnd {
    /// The template's own file.
    pub root: source::FileId,
    /// Its tree with inheritance, includes and imports resolved.
    pub resolved: resolve::Resolved,
    /// What every name and call means.
    pub checked: checked::Checked,
    /// How the text of each file read so far is escaped, by file id: what an
    /// interpreter of `checked` needs besides the files.
    pub escaping: Vec<Escaping>,
}

/// Loads, resolves and checks one template: what the derive runs before code
/// generation, and all that `kiln check` runs. `strict_filters`: without a `filters`
/// list in `kiln.toml`, a filter that is no built-in is an error (rustc cannot be asked).
pub(crate) fn front_end(
    loader: &mut Loader,
    args: &TemplateArgs,
    block: Option<&(String, proc_macro2::Span)>,
    scope: &Scope<'_>,
    escapers: &[config::EscaperConfig],
    strict_filters: bool,
) -> Result<FrontEnd, Vec<Diagnostic>> {
    let root = match &args.source {
        TemplateSource::Path(path) => loader.load(path, None).map_err(|d| vec![d])?,
        TemplateSource::Source(text) => loader
            .load_source("<source>".to_owned(), text.clone())
            .map_err(|d| vec![d])?,
    };
    let resolved =
        resolve::resolve(loader, root, block.map(|(name, _)| name.as_str())).map_err(|d| {
            vec![match (block, d.span) {
                (Some((_, span)), None) => d.at_rust(*span),
                _ => d,
            }]
        })?;
    let escaping = escaping_rule(args, &loader.files, escapers).map_err(|d| vec![d])?;
    let custom_filters = match &loader.config().filters {
        Some(listed) => Some(listed.as_slice()),
        None if strict_filters => Some(&[][..]),
        None => None,
    };
    let checked = check::check(
        &resolved.nodes,
        &check::Options {
            files: &loader.files,
            escaping: &escaping,
            root,
            macros: &resolved.scopes,
            block_values: &resolved.block_values,
            fields: scope.fields,
            owner: scope.owner,
            custom_filters,
        },
    )?;
    let escaping = loader.files.ids().map(&escaping).collect();
    Ok(FrontEnd {
        root,
        resolved,
        checked,
        escaping,
    })
}

/// One `compile_error!` per problem, so a build reports them all.
pub(crate) fn compile_errors(
    diagnostics: &[Diagnostic],
    files: &Files,
    fallback: proc_macro2::Span,
) -> TokenStream {
    diagnostics
        .iter()
        .map(|diag| {
            let span = diag.rust_span.unwrap_or(fallback);
            syn::Error::new(span, diag.render(files)).to_compile_error()
        })
        .collect()
}

/// Compiles the template of `args` (or only its `block`) into a render function body.
pub(crate) fn compile_body(
    args: &TemplateArgs,
    block: Option<&(String, proc_macro2::Span)>,
    scope: &Scope<'_>,
    root: &Path,
) -> Result<Body, TokenStream> {
    let at_source = |diag: Diagnostic| diag.at_rust(args.source_span);
    let config = Config::load(root)
        .map_err(|d| compile_errors(&[at_source(d)], &Files::default(), args.source_span))?;
    let syntax = args.syntax(config.syntax);
    let escapers = config.escapers.clone();
    let escaper_paths: Vec<syn::Path> = escapers.iter().map(|e| e.path.clone()).collect();
    let mut loader = Loader::new(config, syntax);
    let result = front_end(&mut loader, args, block, scope, &escapers, false).and_then(|front| {
        let escaping = escaping_rule(args, &loader.files, &escapers).map_err(|d| vec![d])?;
        let generated = codegen::generate(
            &front.checked,
            &codegen::Options {
                files: &loader.files,
                escaping: &escaping,
                root: front.root,
                custom_escapers: &escaper_paths,
                field_types: scope.types,
            },
        );
        Ok((front.resolved, generated))
    });
    let (nodes, generated) = result.map_err(|diagnostics| {
        let diagnostics: Vec<_> = diagnostics.into_iter().map(at_source).collect();
        compile_errors(&diagnostics, &loader.files, args.source_span)
    })?;
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
    let size_hint = generated.size_hint;
    let content_type = content_type::content_type(args.extension().as_deref());
    Ok(Body {
        render: emit::Render {
            body: Some(codegen::with_prelude(generated.body)),
            size_hint,
            content_type: quote! { #content_type },
        },
        paths,
        nodes: nodes.nodes,
    })
}

/// What `print = "ast" | "code" | "all"` shows: the resolved tree, the generated code
/// (formatted with prettyplease), or both.
pub fn debug_output(print: Print, nodes: &[tree::Node], tokens: &TokenStream) -> Option<String> {
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
        assert!(code.contains("__kiln_w.push_str(\"Hi \");\n"), "{code}");
        let nodes = vec![tree::Node::Break(source::Span::new(
            source::FileId(0),
            0,
            1,
        ))];
        let all = debug_output(Print::All, &nodes, &tokens).unwrap();
        assert!(all.starts_with("[\n    Break("), "{all}");
    }

    #[test]
    fn each_render_function_is_compiled_in_a_module_of_its_own() {
        let code = debug_output(Print::Code, &[], &expand_source("Hi {{ name }}!")).unwrap();
        // Outside the `const` block: rustc places a module nested in one with its parent.
        let module = code.find("mod __kiln_unit_Page {").expect(&code);
        assert!(module < code.find("const _: () = {").unwrap(), "{code}");
        assert!(
            code.contains("__kiln_unit_Page::Unit(self).__kiln_render(__kiln_out)"),
            "{code}"
        );
        assert!(
            code.contains("impl<'__kiln_unit> __kiln_unit_Page::Unit<&'__kiln_unit Page> {"),
            "{code}"
        );
        assert!(code.contains("__kiln_self.name"), "{code}");

        // `Self` in the template's code means the template only in its own impl.
        let code = debug_output(Print::Code, &[], &expand_source("{{ Self::NAME }}")).unwrap();
        assert!(!code.contains("Unit(self)"), "{code}");
        assert!(code.contains("let __kiln_self = self;"), "{code}");
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
