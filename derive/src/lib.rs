//! The `#[derive(Template)]` macro of [Kiln](https://docs.rs/kiln). Use it through the
//! `kiln` crate, which re-exports it; all the work happens in `kiln_engine`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use proc_macro::TokenStream;

/// Compiles a Jinja template into a render function for this struct.
///
/// Keys of `#[template(...)]`:
/// - `path = "page.html"`: the template file, looked up in `templates/` beside `Cargo.toml`
///   or in the `dirs` of `kiln.toml`.
/// - `source = "…"` with `ext = "html"`: the template inline; `ext` picks the escaping.
/// - `escape = "html" | "none"`: override the escaping chosen by the extension (HTML for
///   `html htm xml svg xhtml`, none otherwise; `.j2`/`.jinja` suffixes are ignored).
/// - `block = "name"`: render only this block (an HTML fragment, e.g. for htmx).
/// - `print = "ast" | "code" | "all"`: print what the macro built, for debugging.
/// - `trim_blocks = true`, `lstrip_blocks = true`, `keep_trailing_newline = true`: Jinja2's
///   whitespace options for this template, overriding `kiln.toml`.
///
/// Every field of the struct is a template variable; methods are callable
/// (`{{ user.name() }}`). Errors in the template are compile errors at its line and column.
#[proc_macro_derive(Template, attributes(template))]
pub fn derive_template(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    kiln_engine::derive_template(&input).into()
}
