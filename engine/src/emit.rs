//! The Rust items around a render body: the `Template` and `Display` impls, the web
//! frameworks' response impls, and the types behind `blocks = […]`.

use proc_macro2::{Span as RustSpan, TokenStream};
use quote::{format_ident, quote};

/// The type a `Template` impl is for: its name, generics and visibility.
#[derive(Clone, Copy)]
pub(crate) struct Item<'a> {
    pub ident: &'a syn::Ident,
    pub generics: &'a syn::Generics,
    pub vis: &'a syn::Visibility,
}

impl<'a> Item<'a> {
    pub(crate) fn of(input: &'a syn::DeriveInput) -> Self {
        Item {
            ident: &input.ident,
            generics: &input.generics,
            vis: &input.vis,
        }
    }
}

/// One render function: its body (statements on `__kiln_w`, or `None` for a stub after
/// an error), the size estimate and the content type (a constant expression).
pub(crate) struct Render {
    pub body: Option<TokenStream>,
    pub size_hint: usize,
    pub content_type: TokenStream,
}

/// A template type's size estimate: `SIZE_HINT`'s expression, and the start of the learned
/// size, which must be a literal (a `static` cannot use the type's generic parameters).
pub(crate) struct SizeHint {
    pub constant: TokenStream,
    pub initial: usize,
}

impl SizeHint {
    pub(crate) fn exact(size: usize) -> Self {
        SizeHint {
            constant: quote! { #size },
            initial: size,
        }
    }
}

/// `include_bytes!` of every template file, which makes cargo rebuild the crate when one
/// of them changes.
pub(crate) fn rebuild_on_change(paths: &[String]) -> TokenStream {
    quote! { #( const _: &[u8] = ::core::include_bytes!(#paths); )* }
}

/// The lints generated code may trip in the user's crate, each for a reason:
/// `unused_variables`: a template may bind names it never reads (`set`, loop targets);
/// `unused_mut` and `unused_braces`: captures and inlined blocks are written one way for
/// every use; `clippy::approx_constant`: a literal in the template (`3.14`) is the user's
/// number as written, not a constant to import.
fn allow_lints() -> TokenStream {
    quote! { #[allow(unused_variables, unused_mut, unused_braces, clippy::approx_constant)] }
}

/// The statements of a function with `__kiln_out: &mut Buffer` that run `body` on the
/// local writer `__kiln_w`.
fn on_local_writer(body: Option<&TokenStream>) -> TokenStream {
    let body = body.map_or_else(
        || quote! { let _ = __kiln_w; ::kiln::__private::core::result::Result::Ok(()) },
        Clone::clone,
    );
    quote! {
        ::kiln::Output::render_local(__kiln_out, |__kiln_w: &mut ::kiln::__private::Buffer| -> ::kiln::Result<()> {
            #body
        })
    }
}

/// `impl Template for Item` whose `render_buffer` runs `render_buffer` (statements on
/// `__kiln_out`).
pub(crate) fn template_impl(
    item: Item<'_>,
    size_hint: &SizeHint,
    content_type: &TokenStream,
    render_buffer: &TokenStream,
) -> TokenStream {
    let ident = item.ident;
    let (constant, initial) = (&size_hint.constant, size_hint.initial);
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let allow = allow_lints();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::kiln::Template for #ident #ty_generics #where_clause {
            const SIZE_HINT: usize = #constant;
            const CONTENT_TYPE: &'static str = #content_type;

            #[inline]
            fn learned_size() -> ::kiln::__private::core::option::Option<&'static ::kiln::__private::LearnedSize> {
                // One per template; a generic type's instantiations share it.
                static SIZE: ::kiln::__private::LearnedSize = ::kiln::__private::LearnedSize::new(#initial);
                ::kiln::__private::core::option::Option::Some(&SIZE)
            }

            #allow
            fn render_buffer(
                &self,
                __kiln_out: &mut ::kiln::__private::Buffer,
            ) -> ::kiln::Result<()> {
                #render_buffer
            }
        }
    }
}

/// `impl Template` for a type whose render function is `render`.
pub(crate) fn template(item: Item<'_>, render: &Render) -> TokenStream {
    template_impl(
        item,
        &SizeHint::exact(render.size_hint),
        &render.content_type,
        &on_local_writer(render.body.as_ref()),
    )
}

/// `impl Template` for a type whose render function is `render`, after `reload` (the
/// hot-reload hook of a `path` template, see `reload_hook`).
pub(crate) fn template_reloading(
    item: Item<'_>,
    render: &Render,
    reload: Option<TokenStream>,
) -> TokenStream {
    let body = on_local_writer(render.body.as_ref());
    template_impl(
        item,
        &SizeHint::exact(render.size_hint),
        &render.content_type,
        &quote! { #reload #body },
    )
}

/// `Display` and the response impls of the web frameworks: what makes a template type
/// usable as a value, beyond `Template`.
pub(crate) fn public_impls(item: Item<'_>) -> TokenStream {
    let ident = item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let respond = respond_call(item);
    quote! {
        #[automatically_derived]
        impl #impl_generics ::kiln::__private::core::fmt::Display for #ident #ty_generics #where_clause {
            // Inline, so that its render code is only compiled in crates that use it.
            #[inline]
            fn fmt(&self, f: &mut ::kiln::__private::core::fmt::Formatter<'_>) -> ::kiln::__private::core::fmt::Result {
                ::kiln::Template::render_into(self, f).map_err(|_| ::kiln::__private::core::fmt::Error)
            }
        }

        #respond
    }
}

/// `::kiln::__private::respond! { [params] [type] [predicates] }`: the type's generic
/// parameters (without defaults, which an impl may not have) and where-predicates, each
/// followed by a comma, so that `kiln`'s macros can add parameters and bounds of their own.
/// RATIONALE: the derive cannot know `kiln`'s features (the orphan rule forbids `kiln`
/// from implementing `IntoResponse` for every `Template`), so it always emits this call
/// and `kiln` decides, by its features, what it expands to.
fn respond_call(item: Item<'_>) -> TokenStream {
    let parts = macro_parts(item.ident, item.generics);
    quote! { ::kiln::__private::respond! { #parts } }
}

/// `[params,] [Type<params>] [predicates,]`: a type's generics as `kiln`'s macros take
/// them (`respond!`, `to_value!`), parameters without their defaults.
pub(crate) fn macro_parts(ident: &syn::Ident, generics: &syn::Generics) -> TokenStream {
    let params = without_defaults(generics).params;
    let params = params.iter();
    let predicates = generics
        .where_clause
        .iter()
        .flat_map(|w| w.predicates.iter());
    let (_, ty_generics, _) = generics.split_for_impl();
    quote! { [#(#params,)*] [#ident #ty_generics] [#(#predicates,)*] }
}

/// `generics` without the defaults of its parameters, which only a type's declaration
/// may have.
pub(crate) fn without_defaults(generics: &syn::Generics) -> syn::Generics {
    let mut generics = generics.clone();
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
    generics
}

/// `generics` with the lifetime `'__kiln_borrow` first: the generics of a type that borrows
/// the template.
pub(crate) fn with_borrow(generics: &syn::Generics) -> syn::Generics {
    let mut generics = without_defaults(generics);
    generics.params.insert(0, syn::parse_quote!('__kiln_borrow));
    generics
}

/// For `blocks = ["title", …]`: per block, a type that borrows the template and renders
/// only that block (a `Template`, `Display` and response like the template itself), and
/// the method `as_title()` that makes one.
pub(crate) fn block_views(
    item: Item<'_>,
    blocks: &[(String, RustSpan, Render, Option<TokenStream>)],
) -> TokenStream {
    if blocks.is_empty() {
        return TokenStream::new();
    }
    let ident = item.ident;
    let vis = item.vis;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let view_generics = with_borrow(item.generics);
    let (_, view_ty_generics, _) = view_generics.split_for_impl();
    let allow = allow_lints();
    let mut views = TokenStream::new();
    let mut methods = TokenStream::new();
    for (name, span, render, reload) in blocks {
        let view = format_ident!("__Kiln{}Block_{}", ident, name);
        let method = format_ident!("as_{}", name, span = *span);
        let render_fn = format_ident!("__kiln_render_block_{}", name);
        let doc = format!(
            "Only the block `{name}` of the template, to render on its own (an htmx \
             fragment, say): a [`Template`](::kiln::Template) like the whole page."
        );
        let view_item = Item {
            ident: &view,
            generics: &view_generics,
            vis,
        };
        let template = template_impl(
            view_item,
            &SizeHint::exact(render.size_hint),
            &render.content_type,
            &quote! { #ident::#render_fn(self.0, __kiln_out) },
        );
        let public = public_impls(view_item);
        let body = on_local_writer(render.body.as_ref());
        let view_where = &view_generics.where_clause;
        views.extend(quote! {
            #[doc = #doc]
            #[allow(non_camel_case_types)]
            pub struct #view #view_generics (&'__kiln_borrow #ident #ty_generics) #view_where;
            #template
            #public
        });
        methods.extend(quote! {
            #[doc = #doc]
            #[inline]
            #vis fn #method<'__kiln_borrow>(&'__kiln_borrow self) -> #view #view_ty_generics {
                #view(self)
            }

            #allow
            #[doc(hidden)]
            fn #render_fn(&self, __kiln_out: &mut ::kiln::__private::Buffer) -> ::kiln::Result<()> {
                #reload
                #body
            }
        });
    }
    quote! {
        #views

        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #where_clause {
            #methods
        }
    }
}
