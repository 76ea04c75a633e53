//! Enum templates: a value of the enum renders its variant's template.
//!
//! Each variant renders a template of its own (`#[template(path = "…")]` on the variant),
//! a block of the enum's template (`#[template(block = "…")]`), or the whole of the enum's
//! template. A variant without a template that holds exactly one unnamed field renders
//! that field, which must be a `Template` itself (`Page::Home(HomePage)`).
//!
//! A variant's template sees the variant's fields by name, like a struct's. The derive
//! writes, per variant, a hidden struct that borrows those fields and compiles the
//! variant's template for it exactly as for a struct; the enum's `render_buffer` matches
//! on `self` and renders the borrowing struct.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::diagnostic::Diagnostic;
use crate::emit::{self, Item};
use crate::input::RawArgs;
use crate::source::Files;
use crate::{compile_body, compile_errors, content_type, debug_output, named_fields, Body, Scope};

/// How the enum's content type and size estimate are known: at expansion, from a variant's
/// template; or only to rustc, from a field's `Template` impl.
enum Known {
    Template {
        content_type: &'static str,
        variant: String,
        span: proc_macro2::Span,
    },
    // Boxed: a `syn::Type` is six times the size of the other variant.
    Field(Box<syn::Type>),
}

/// Expands `#[derive(Template)]` on an enum.
pub(crate) fn expand(input: &DeriveInput, data: &syn::DataEnum, root: &Path) -> TokenStream {
    let item = Item::of(input);
    let ident = &input.ident;
    let mut errors = TokenStream::new();
    let report = |diag: Diagnostic, fallback: proc_macro2::Span| {
        compile_errors(&[diag], &Files::default(), fallback)
    };
    let defaults = match RawArgs::from_attrs(&input.attrs) {
        Ok(defaults) => defaults,
        Err(diag) => {
            errors.extend(report(diag, ident.span()));
            None
        }
    };
    if let Some(span) = defaults.as_ref().and_then(RawArgs::blocks_span) {
        errors.extend(report(
            Diagnostic::spanless("`blocks = […]` is for a struct's template")
                .with_help("give each fragment a variant of its own: `#[template(block = \"…\")]`"),
            span,
        ));
    }
    let borrow_generics = emit::with_borrow(&input.generics);
    let (_, enum_ty, _) = input.generics.split_for_impl();
    let borrow_where = &borrow_generics.where_clause;
    let phantom = quote! {
        ::kiln::__private::core::marker::PhantomData<&'__kiln_borrow #ident #enum_ty>
    };

    let mut arms = TokenStream::new();
    let mut hidden = TokenStream::new();
    let mut units = TokenStream::new();
    let mut paths: Vec<String> = Vec::new();
    let mut known: Vec<Known> = Vec::new();
    let mut size_hints: Vec<TokenStream> = Vec::new();
    let mut initial_size = 0;
    for variant in &data.variants {
        let name = &variant.ident;
        let own = match RawArgs::from_attrs(&variant.attrs) {
            Ok(own) => own,
            Err(diag) => {
                errors.extend(report(diag, name.span()));
                arms.extend(stub_arm(variant));
                continue;
            }
        };
        if let Some(span) = own.as_ref().and_then(RawArgs::blocks_span) {
            errors.extend(report(
                Diagnostic::spanless("`blocks = […]` is for a struct's template").with_help(
                    "`block = \"…\"` renders one block of the enum's template for this variant",
                ),
                span,
            ));
        }
        // A one-field tuple variant without a template renders its field: the field is
        // all it has, and a template could not name it.
        if own.is_none() {
            if let Some((arm, ty)) = delegate(variant) {
                arms.extend(arm);
                size_hints.push(quote! { <#ty as ::kiln::Template>::SIZE_HINT });
                known.push(Known::Field(Box::new(ty)));
                continue;
            }
        }
        let raw = match (own, &defaults) {
            (Some(own), Some(defaults)) => own.or(defaults),
            (Some(own), None) => own,
            (None, Some(defaults)) => RawArgs::default().or(defaults),
            (None, None) => {
                errors.extend(report(
                    Diagnostic::spanless(format!("variant `{name}` has no template")).with_help(
                        format!(
                            "give `{name}` a `#[template(path = \"…\")]`, or give `{ident}` one \
                             that its variants render (whole, or a `block = \"…\"` each)"
                        ),
                    ),
                    name.span(),
                ));
                arms.extend(stub_arm(variant));
                continue;
            }
        };
        let args = match raw.finish(name.span()) {
            Ok(args) => args,
            Err(diag) => {
                errors.extend(report(diag, name.span()));
                arms.extend(stub_arm(variant));
                continue;
            }
        };
        let fields = named_fields(&variant.fields);
        let types = crate::field_types(&variant.fields);
        let owner = format!("the variant `{ident}::{name}`");
        let scope = Scope {
            fields: fields.as_deref(),
            types: &types,
            owner: &owner,
        };
        let content_type = content_type::content_type(args.extension().as_deref());
        let body = compile_body(&args, args.block.as_ref(), &scope, root).unwrap_or_else(|e| {
            errors.extend(e);
            Body::stub(content_type)
        });
        paths.extend(body.paths.iter().cloned());
        known.push(Known::Template {
            content_type,
            variant: name.to_string(),
            span: args.source_span,
        });
        let size = body.render.size_hint;
        size_hints.push(quote! { #size });
        initial_size = initial_size.max(size);

        // The struct that borrows the variant's fields, and the arm that makes one.
        let view = format_ident!("__Kiln{}_{}", ident, name);
        let (definition, arm) = match &variant.fields {
            syn::Fields::Named(named) => {
                let names: Vec<_> = named.named.iter().map(|f| &f.ident).collect();
                let types = named.named.iter().map(|f| &f.ty);
                (
                    quote! {
                        struct #view #borrow_generics #borrow_where {
                            #( #names: &'__kiln_borrow #types, )*
                            __kiln_enum: #phantom,
                        }
                    },
                    quote! {
                        Self::#name { #(#names),* } => ::kiln::Template::render_buffer(
                            &#view { #(#names,)* __kiln_enum: ::kiln::__private::phantom_of(self) },
                            __kiln_out,
                        ),
                    },
                )
            }
            syn::Fields::Unnamed(unnamed) => {
                let types = unnamed.unnamed.iter().map(|f| &f.ty);
                let binds: Vec<_> = (0..unnamed.unnamed.len())
                    .map(|i| format_ident!("__kiln_{}", i))
                    .collect();
                (
                    quote! {
                        struct #view #borrow_generics ( #( &'__kiln_borrow #types, )* #phantom ) #borrow_where;
                    },
                    quote! {
                        Self::#name(#(#binds),*) => ::kiln::Template::render_buffer(
                            &#view(#(#binds,)* ::kiln::__private::phantom_of(self)),
                            __kiln_out,
                        ),
                    },
                )
            }
            syn::Fields::Unit => (
                quote! {
                    struct #view #borrow_generics #borrow_where { __kiln_enum: #phantom }
                },
                quote! {
                    Self::#name => ::kiln::Template::render_buffer(
                        &#view { __kiln_enum: ::kiln::__private::phantom_of(self) },
                        __kiln_out,
                    ),
                },
            ),
        };
        let view_item = Item {
            ident: &view,
            generics: &borrow_generics,
            vis: &syn::Visibility::Inherited,
        };
        // The view borrows the variant's fields under their names: its reload hook reads
        // them as a struct's.
        let block = args.block.as_ref().map(|(name, _)| name.as_str());
        let render = quote! { <Self as ::kiln::Template>::render_buffer };
        let reload = crate::reload_hook(&args, render, block, &variant.fields, &body.paths, root);
        let unit = emit::CodegenUnit::of(&view);
        let template = emit::template_reloading(view_item, &body.render, reload, Some(&unit));
        units.extend(unit.declaration());
        let shown = quote! {
            // RATIONALE: a variant's template need not read every field.
            #[allow(non_camel_case_types, dead_code)]
            #definition
            #template
        };
        if let Some(text) = debug_output(args.print, &body.nodes, &shown) {
            // `print = …` is a debugging aid: the macro writes to the compiler's stderr.
            eprintln!("{text}");
        }
        hidden.extend(shown);
        arms.extend(arm);
    }

    let content_type = match enum_content_type(ident, &known, defaults.as_ref()) {
        Ok(content_type) => content_type,
        Err(diag) => {
            errors.extend(report(diag, ident.span()));
            quote! { "text/plain; charset=utf-8" }
        }
    };
    let size_hint = emit::SizeHint {
        constant: quote! { ::kiln::__private::max_size(&[#(#size_hints),*]) },
        initial: initial_size,
    };
    let render_buffer = if data.variants.is_empty() {
        quote! { match *self {} }
    } else {
        quote! { match self { #arms } }
    };
    paths.sort();
    paths.dedup();
    let rebuild = emit::rebuild_on_change(&paths);
    let template = emit::template_impl(item, &size_hint, &content_type, &render_buffer);
    // Variants that hold other templates agree on a content type only in const evaluation,
    // which rustc does when the constant is used; for a type without parameters, make the
    // build check it now rather than at the first response.
    let check_now = (input.generics.params.is_empty()
        && known.iter().any(|k| matches!(k, Known::Field(_))))
    .then(|| quote! { const _: &str = <#ident as ::kiln::Template>::CONTENT_TYPE; });
    let public = emit::public_impls(item);
    quote! {
        #errors
        #units
        const _: () = {
            #rebuild
            #hidden
            #template
            #check_now
            #public
        };
    }
}

/// The arm of a variant whose template failed: renders nothing, so that the errors are
/// the only ones the user sees.
fn stub_arm(variant: &syn::Variant) -> TokenStream {
    let name = &variant.ident;
    quote! { Self::#name { .. } => ::kiln::__private::core::result::Result::Ok(()), }
}

/// A variant with one unnamed field and no template: the arm that renders the field, and
/// its type.
fn delegate(variant: &syn::Variant) -> Option<(TokenStream, syn::Type)> {
    let syn::Fields::Unnamed(fields) = &variant.fields else {
        return None;
    };
    let [field] = fields.unnamed.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let name = &variant.ident;
    Some((
        quote! {
            Self::#name(__kiln_inner) => ::kiln::Template::render_buffer(__kiln_inner, __kiln_out),
        },
        field.ty.clone(),
    ))
}

/// The content type of the enum: the one its variants share. Variants with templates are
/// compared here, with an error that names them; fields' `Template` impls only in const
/// evaluation.
fn enum_content_type(
    ident: &syn::Ident,
    known: &[Known],
    defaults: Option<&RawArgs>,
) -> Result<TokenStream, Diagnostic> {
    let mut first: Option<(&'static str, &str)> = None;
    for k in known {
        let Known::Template {
            content_type,
            variant,
            span,
        } = k
        else {
            continue;
        };
        match first {
            None => first = Some((content_type, variant)),
            Some((ty, other)) if ty != *content_type => {
                return Err(Diagnostic::spanless(format!(
                    "the variants of `{ident}` render different content types: `{other}` is \
                     `{ty}`, `{variant}` is `{content_type}`"
                ))
                .with_help(
                    "one response has one `Content-Type`: give the variants templates of one \
                     extension, or set `ext = \"…\"` on them",
                )
                .at_rust(*span));
            }
            Some(_) => {}
        }
    }
    let fields: Vec<&syn::Type> = known
        .iter()
        .filter_map(|k| match k {
            Known::Field(ty) => Some(&**ty),
            Known::Template { .. } => None,
        })
        .collect();
    let first = first.map(|(ty, _)| ty).unwrap_or_else(|| {
        let ext = defaults
            .cloned()
            .and_then(|d| d.finish(ident.span()).ok())
            .and_then(|a| a.extension());
        content_type::content_type(ext.as_deref())
    });
    if fields.is_empty() {
        return Ok(quote! { #first });
    }
    let mut types: Vec<TokenStream> = fields
        .iter()
        .map(|ty| quote! { <#ty as ::kiln::Template>::CONTENT_TYPE })
        .collect();
    if known.iter().any(|k| matches!(k, Known::Template { .. })) {
        types.insert(0, quote! { #first });
    }
    Ok(quote! { ::kiln::__private::same_content_type(&[#(#types),*]) })
}
