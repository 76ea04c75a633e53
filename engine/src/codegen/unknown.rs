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
use crate::source::{Span, Spanned};

impl Generator<'_> {
    /// The `message`, `label` and two `note`s of an `on_unimplemented` that reports a
    /// template mistake rustc finds: `file:line:col: message`, the label, the template line
    /// with a caret under `span`, and `help`; escaped, since they are format strings.
    pub(super) fn unimplemented_message(
        &self,
        span: Span,
        message: &str,
        label: &str,
        help: &str,
    ) -> [String; 4] {
        let rendered = Diagnostic::new("", span).render(self.options.files);
        // The first line repeats the message; keep the source line and the caret.
        let snippet = rendered.split_once('\n').map_or("", |(_, rest)| rest);
        let message = format!("{}: {message}", self.location(span));
        [message.as_str(), label, snippet, help].map(|s| s.replace('{', "{{").replace('}', "}}"))
    }

    /// `self.name(args)`, with the fallback that reports a missing method at `name`.
    pub(super) fn struct_method(
        &self,
        name: &Spanned<String>,
        args: Vec<TokenStream>,
    ) -> TokenStream {
        let method = super::rust_ident(&name.node);
        let [message, label, snippet, help] = self.unimplemented_message(
            name.span,
            &format!("unknown function `{}`", name.node),
            &format!(
                "`{}` is not a macro, nor a method of the template's struct",
                name.node
            ),
            &format!(
                "define a macro `{0}`, or a method `fn {0}(&self, …)` in an `impl` of the struct",
                name.node
            ),
        );
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
            __kiln_self.#method(#(#args),*)
        }}
    }
}
