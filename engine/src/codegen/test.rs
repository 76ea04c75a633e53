//! Tests: `value is name(args)` to a `bool`.
//!
//! Each test compiles to a call into `kiln::tests`. Tests that only depend on what the value
//! *is* (`defined`, `none`, `mapping`, `string`, …) call a method on `&Is(&value)` that
//! autoref specialization resolves by the value's type, so they fold to a constant (or a
//! check of an `Option`'s variant) once monomorphized. Comparison tests and `is filter`
//! were turned into operators and constants by the check stage.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Generator;
use crate::builtins::TestKind;
use crate::checked::Test;
use crate::source::Span;

impl Generator<'_> {
    /// The `bool` of `value is test(args)`.
    pub(super) fn test(&mut self, test: &Test, span: Span) -> TokenStream {
        let v = self.expr(&test.value);
        match test.spec.kind {
            TestKind::Undefined(undefined) => {
                let test = quote! {{
                    use ::kiln::__private::tests::{NeverNone as _, ViaNullable as _};
                    (&::kiln::__private::tests::Is(&(#v))).kiln_is_undefined()
                }};
                if undefined {
                    test
                } else {
                    quote! { !#test }
                }
            }
            TestKind::None => quote! {{
                use ::kiln::__private::tests::{NeverNone as _, ViaNullable as _};
                (&::kiln::__private::tests::Is(&(#v))).kiln_is_none()
            }},
            TestKind::Fallible(function) => {
                let function = format_ident!("{}", function);
                let args: Vec<TokenStream> = test
                    .args
                    .iter()
                    .map(|a| {
                        let a = self.expr(a);
                        quote! { , &(#a) }
                    })
                    .collect();
                self.located(
                    quote! { ::kiln::__private::tests::#function(&(#v) #(#args)*) },
                    span,
                )
            }
            TestKind::Val(function) => {
                let function = format_ident!("{}", function);
                quote! {{
                    use ::kiln::__private::tests::{NoVal as _, ViaVal as _};
                    ::kiln::__private::tests::#function((&::kiln::__private::tests::Is(&(#v))).kiln_val())
                }}
            }
            TestKind::Shape(field) => {
                let field = format_ident!("{}", field);
                quote! {{
                    use ::kiln::__private::tests::{NoShape as _, ViaIterable as _, ViaShape as _};
                    (&&&::kiln::__private::tests::Is(&(#v))).kiln_shape().#field
                }}
            }
            TestKind::Text(function) => {
                let function = format_ident!("{}", function);
                let args: Vec<TokenStream> = test
                    .args
                    .iter()
                    .map(|a| {
                        let a = self.expr(a);
                        quote! { , &(#a) }
                    })
                    .collect();
                quote! { ::kiln::__private::tests::#function(&(#v) #(#args)*) }
            }
            TestKind::SameAs => {
                let other = match test.args.first() {
                    Some(other) => self.expr(other),
                    None => quote! { ::kiln::__private::Val::None },
                };
                quote! {{
                    use ::kiln::__private::tests::{NoVal as _, ViaVal as _};
                    ::kiln::__private::tests::sameas(
                        (&::kiln::__private::tests::Is(&(#v))).kiln_val(),
                        (&::kiln::__private::tests::Is(&(#other))).kiln_val(),
                    )
                }}
            }
            TestKind::Escaped => quote! {{
                use ::kiln::__private::tests::{NotMarkup as _, ViaMarkup as _};
                (&::kiln::__private::tests::Is(&(#v))).kiln_is_markup()
            }},
            // Turned into an operator or a constant by the check stage.
            TestKind::Compare(_) | TestKind::Exists(_) => quote! { false },
        }
    }
}
