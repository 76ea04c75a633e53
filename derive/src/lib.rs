//! The `#[derive(Template)]` macro of [Kiln](https://docs.rs/kiln). Use it through the
//! `kiln` crate, which re-exports it; all the work happens in `kiln_engine`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use proc_macro::TokenStream;

/// Compiles a Jinja template into a render function for this struct or enum.
///
/// Keys of `#[template(...)]`:
/// - `path = "page.html"`: the template file, looked up in `templates/` beside `Cargo.toml`
///   or in the `dirs` of `kiln.toml`.
/// - `source = "…"` with `ext = "html"`: the template inline; `ext` picks the escaping.
/// - `escape = "html" | "none"`: override the escaping chosen by the extension (HTML for
///   `html htm xml svg xhtml`, none otherwise; `.j2`/`.jinja` suffixes are ignored).
/// - `block = "name"`: render only this block (an HTML fragment, e.g. for htmx).
/// - `blocks = ["title", "content"]`: also generate `as_title()` and `as_content()`, which
///   borrow the struct and render only that block; each is a `Template`, `Display` and
///   framework response like the struct.
/// - `print = "ast" | "code" | "all"`: print what the macro built, for debugging.
/// - `trim_blocks = true`, `lstrip_blocks = true`, `keep_trailing_newline = true`: Jinja2's
///   whitespace options for this template, overriding `kiln.toml`.
///
/// Every field of the struct is a template variable; methods are callable
/// (`{{ user.name() }}`). Errors in the template are compile errors at its line and column.
///
/// On an enum, each variant renders its own template (`#[template(...)]` on the variant,
/// with `ext`, `escape` and the whitespace options of the enum's attribute as defaults), a
/// block of the enum's template (`#[template(block = "…")]`), or, with no attribute, the
/// whole of the enum's template. The variant's fields are the template's variables. A
/// variant with one unnamed field and no attribute renders the field, which must be a
/// `Template` (`Page::Home(HomePage)`). All variants must have one
/// content type.
#[proc_macro_derive(Template, attributes(template))]
pub fn derive_template(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    kiln_engine::derive_template(&input).into()
}

/// Makes a type of yours readable by Kiln's interpreter (hot reload with the `reload`
/// feature, `kiln render`): a struct becomes a map of its fields (a tuple struct a list), a
/// unit variant of an enum its name. A field whose type has no `ToValue` stays unreadable,
/// and a template that reads it renders with the compiled template until a rebuild.
/// Without the interpreter in the build, the derive expands to nothing.
#[proc_macro_derive(ToValue)]
pub fn derive_to_value(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    kiln_engine::derive_to_value(&input).into()
}
