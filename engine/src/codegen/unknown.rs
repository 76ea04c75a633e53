//! Located errors for the names only rustc can judge: a function of the template (`{{
//! total() }}`, `{{ self.total() }}`) is a method of the struct, which the engine cannot
//! see. The call is generated next to a fallback method of the same name, which rustc
//! picks only when the struct has no method of that name; its bound fails with the
//! template's `file:line:col` as the message.
//!
//! The fallback takes `self` by value and is implemented for types that implement
//! `kiln::Template`, so method lookup on `self` (a `&Struct`) meets it last: after the
//! struct's own methods (`&self` or `self`) and after trait methods such as `to_string`,
//! which a fallback on `&Struct` would make ambiguous. (A method of any other value,
//! `title.nope()`, cannot be located this way: there a fallback would be found before the
//! methods its type reaches through `Deref`, `str`'s methods on a `String`, and shadow
//! them. rustc reports those at the derive.)

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Generator;
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

impl Generator<'_> {
    /// `self.name(args)`, with the fallback that reports a missing method at `name`.
    pub(super) fn struct_method(
        &self,
        name: &Spanned<String>,
        args: Vec<TokenStream>,
    ) -> TokenStream {
        let method = super::rust_ident(&name.node);
        let rendered = Diagnostic::new("", name.span).render(self.options.files);
        // The first line repeats the message; keep the source line and the caret.
        let snippet = rendered.split_once('\n').map_or("", |(_, rest)| rest);
        let message = format!(
            "{}: unknown function `{}`",
            self.location(name.span),
            name.node
        );
        let label = format!(
            "`{}` is not a macro, nor a method of the template's struct",
            name.node
        );
        let help = format!(
            "define a macro `{0}`, or a method `fn {0}(&self, …)` in an `impl` of the struct",
            name.node
        );
        // `on_unimplemented` strings are format strings.
        let [message, label, snippet, help] =
            [&message, &label, snippet, &help].map(|s| s.replace('{', "{{").replace('}', "}}"));
        let params: Vec<_> = (1..=args.len()).map(|i| format_ident!("A{}", i)).collect();
        quote! {{
            #[diagnostic::on_unimplemented(
                message = #message,
                label = #label,
                note = #snippet,
                note = #help
            )]
            trait __KilnNoSuchMethod {}
            // With no implementation at all, rustc would suggest adding one; hidden from
            // the message by `do_not_recommend`.
            struct __KilnNotAMethod;
            #[diagnostic::do_not_recommend]
            impl __KilnNoSuchMethod for __KilnNotAMethod {}
            trait __KilnFallback {
                fn #method<#(#params),*>(self #(, _: #params)*) -> &'static str
                where
                    Self: __KilnNoSuchMethod;
            }
            impl<T: ::kiln::Template> __KilnFallback for T {
                fn #method<#(#params),*>(self #(, _: #params)*) -> &'static str
                where
                    Self: __KilnNoSuchMethod,
                {
                    ""
                }
            }
            self.#method(#(#args),*)
        }}
    }
}
