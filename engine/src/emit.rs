//! The Rust items around a render body: the `Template` and `Display` impls, the web
//! frameworks' response impls, and the types behind `blocks = […]`.

use proc_macro2::{Span as RustSpan, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;

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

/// The statements of a function with `__kiln_out: &mut Buffer` and the template as
/// `__kiln_self` that run `body` on the local writer `__kiln_w`.
fn on_local_writer(body: Option<&TokenStream>) -> TokenStream {
    let body = body.map_or_else(
        || quote! { let _ = (__kiln_w, __kiln_self); ::kiln::__private::core::result::Result::Ok(()) },
        Clone::clone,
    );
    quote! {
        ::kiln::Output::render_local(__kiln_out, |__kiln_w: &mut ::kiln::__private::Buffer| -> ::kiln::Result<()> {
            #body
        })
    }
}

/// A module of its own for one template's render function, declared next to the type.
///
/// RATIONALE: rustc splits a crate into codegen units by module (a method goes with the
/// module of its `Self` type) and optimises the units in parallel. The render functions
/// of a crate's templates, usually declared side by side in one module, would all be
/// optimised in one unit, one after the other; they are most of the work of a release
/// build (50 templates in one module: 2.9 s alone, 2.2 s each in a unit of its own, on
/// 2 cores). A function is placed by its `Self` type's module, so the render function is
/// a method of a type from this module: `Unit(&template)`. A module inside a function
/// or a `const` block does not count as one (rustc places its items with the enclosing
/// module), which is why it is declared next to the type and not in the derive's `const`.
pub(crate) struct CodegenUnit {
    module: syn::Ident,
}

impl CodegenUnit {
    /// The unit of the template type `ident`.
    pub(crate) fn of(ident: &syn::Ident) -> Self {
        CodegenUnit {
            module: format_ident!("__kiln_unit_{}", ident.unraw()),
        }
    }

    /// The module, to place beside the template type.
    pub(crate) fn declaration(&self) -> TokenStream {
        let module = &self.module;
        quote! {
            #[doc(hidden)]
            #[allow(non_snake_case)]
            mod #module {
                /// A template borrowed, whose render function is compiled in this
                /// module's codegen unit.
                pub(crate) struct Unit<T>(pub(crate) T);
            }
        }
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
    template_reloading(item, render, None, None)
}

/// `impl Template` for a type whose render function is `render`, after `reload` (the
/// hot-reload hook of a `path` template, see `reload_hook`); the render function in
/// `unit`, when given (see [`CodegenUnit`]).
pub(crate) fn template_reloading(
    item: Item<'_>,
    render: &Render,
    reload: Option<TokenStream>,
    unit: Option<&CodegenUnit>,
) -> TokenStream {
    let render_fn = format_ident!("__kiln_render");
    let (statements, unit_impl) = render_function(item, render.body.as_ref(), unit, &render_fn);
    let template = template_impl(
        item,
        &SizeHint::exact(render.size_hint),
        &render.content_type,
        &quote! { #reload #statements },
    );
    quote! { #template #unit_impl }
}

/// The statements of a function with `self` (an `item`) and `__kiln_out` that render
/// `body`, and the impl they call, when `body` is compiled in `unit` as its method
/// `render_fn`.
fn render_function(
    item: Item<'_>,
    body: Option<&TokenStream>,
    unit: Option<&CodegenUnit>,
    render_fn: &syn::Ident,
) -> (TokenStream, TokenStream) {
    let render = on_local_writer(body);
    // In `Unit`'s impl, `Self` is `Unit`: a template whose code names `Self` (a path
    // like `Self::NAME`) renders in its own impl.
    let unit = unit.filter(|_| !body.is_some_and(names_self));
    let Some(CodegenUnit { module }) = unit else {
        return (
            quote! { let __kiln_self = self; #render },
            TokenStream::new(),
        );
    };
    let ident = item.ident;
    // Not `'__kiln_borrow`: the item may be a view that has it already.
    let mut generics = without_defaults(item.generics);
    generics.params.insert(0, syn::parse_quote!('__kiln_unit));
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let (_, ty_generics, _) = item.generics.split_for_impl();
    let allow = allow_lints();
    (
        quote! { #module::Unit(self).#render_fn(__kiln_out) },
        quote! {
            #[automatically_derived]
            impl #impl_generics #module::Unit<&'__kiln_unit #ident #ty_generics> #where_clause {
                #allow
                fn #render_fn(self, __kiln_out: &mut ::kiln::__private::Buffer) -> ::kiln::Result<()> {
                    let __kiln_self = self.0;
                    #render
                }
            }
        },
    )
}

/// Whether `tokens` contain the identifier `Self`.
fn names_self(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == "Self",
        proc_macro2::TokenTree::Group(group) => names_self(&group.stream()),
        _ => false,
    })
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
    unit: Option<&CodegenUnit>,
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
        let (body, unit_impl) = render_function(item, render.body.as_ref(), unit, &render_fn);
        let view_where = &view_generics.where_clause;
        views.extend(quote! {
            #[doc = #doc]
            #[allow(non_camel_case_types)]
            pub struct #view #view_generics (&'__kiln_borrow #ident #ty_generics) #view_where;
            #template
            #public
            #unit_impl
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
