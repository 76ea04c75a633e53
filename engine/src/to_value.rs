//! `#[derive(ToValue)]`: a user type made readable by the interpreter (hot reload,
//! `kiln render`), as a map of its fields.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::emit::macro_parts;

/// The derive's output: `::kiln::__private::to_value! { … }`, which `kiln` expands into
/// `impl ToValue` when its interpreter is built, and into nothing otherwise (so deriving
/// it costs nothing in a build without reload).
pub fn derive_to_value(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let body = match &input.data {
        syn::Data::Struct(data) => fields_value(&data.fields, |name| quote! { self.#name }),
        syn::Data::Enum(data) => {
            let arms = data.variants.iter().map(|variant| {
                let name = &variant.ident;
                let text = name.to_string();
                match &variant.fields {
                    syn::Fields::Unit => quote! {
                        Self::#name => ::kiln::__private::to_value::Value::str(#text)
                    },
                    syn::Fields::Named(named) => {
                        let idents: Vec<_> = named
                            .named
                            .iter()
                            .filter_map(|f| f.ident.as_ref())
                            .collect();
                        let value = fields_value(&variant.fields, |name| quote! { *#name });
                        quote! { Self::#name { #(#idents),* } => #value }
                    }
                    syn::Fields::Unnamed(unnamed) => {
                        let idents: Vec<_> = (0..unnamed.unnamed.len())
                            .map(|i| quote::format_ident!("__kiln_{}", i))
                            .collect();
                        let items = idents.iter().map(|i| probe(quote! { *#i }));
                        quote! {
                            Self::#name(#(#idents),*) => ::kiln::__private::to_value::Value::list(
                                ::kiln::__private::std::vec![#(#items),*]
                            )
                        }
                    }
                }
            });
            quote! {
                match self {
                    #(#arms,)*
                    #[allow(unreachable_patterns)]
                    _ => ::kiln::__private::to_value::Value::None,
                }
            }
        }
        syn::Data::Union(_) => {
            return syn::Error::new(
                ident.span(),
                "`ToValue` can only be derived for structs and enums",
            )
            .to_compile_error()
        }
    };
    let parts = macro_parts(ident, &input.generics);
    quote! { ::kiln::__private::to_value! { self #parts { #body } } }
}

/// A struct's or variant's fields as a value: a map for named fields, a list for
/// unnamed ones, `none` for none.
fn fields_value(fields: &syn::Fields, place: impl Fn(&syn::Ident) -> TokenStream) -> TokenStream {
    match fields {
        syn::Fields::Named(named) => {
            let entries = named
                .named
                .iter()
                .filter_map(|f| f.ident.as_ref())
                .map(|name| {
                    let key = name.to_string().trim_start_matches("r#").to_owned();
                    let value = probe(place(name));
                    quote! { (::kiln::__private::to_value::Value::str(#key), #value) }
                });
            quote! { ::kiln::__private::to_value::Value::map([#(#entries),*]) }
        }
        syn::Fields::Unnamed(unnamed) => {
            let items = (0..unnamed.unnamed.len()).map(|i| {
                let index = syn::Index::from(i);
                probe(quote! { self.#index })
            });
            quote! { ::kiln::__private::to_value::Value::list(::kiln::__private::std::vec![#(#items),*]) }
        }
        syn::Fields::Unit => quote! { ::kiln::__private::to_value::Value::None },
    }
}

/// A field's value: through its `ToValue`, else its `Serialize` (with `kiln`'s `json`
/// feature), else opaque.
fn probe(place: TokenStream) -> TokenStream {
    quote! {{
        #[allow(unused_imports)]
        use ::kiln::__private::to_value::{ViaOpaque as _, ViaSerialize as _, ViaToValue as _};
        (&&&::kiln::__private::to_value::Probe(&#place)).kiln_value()
    }}
}
