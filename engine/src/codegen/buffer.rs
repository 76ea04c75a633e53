//! Literal text: merged at compile time and written with one `push_str`.

use proc_macro2::TokenStream;
use quote::quote;

use super::Generator;

impl Generator<'_> {
    /// Queues literal text. Newlines are normalised to `\n`, as Jinja2's lexer does.
    pub(super) fn push_text(&mut self, text: &str) {
        if text.contains('\r') {
            self.text
                .push_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
        } else {
            self.text.push_str(text);
        }
    }

    /// Writes queued text, if any.
    pub(super) fn flush(&mut self) -> TokenStream {
        if self.text.is_empty() {
            return TokenStream::new();
        }
        let text = std::mem::take(&mut self.text);
        self.size_hint = self
            .size_hint
            .saturating_add(text.len().saturating_mul(self.loop_weight));
        let writer = &self.writer;
        quote! { #writer.push_str(#text); }
    }
}

/// MarkupSafe's escaping, for text known at compile time (`{{ "a<b" }}`).
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
