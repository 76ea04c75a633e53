//! Compile-time Jinja templates for Rust.
//!
//! Kiln compiles [Jinja](https://jinja.palletsprojects.com/) templates into plain Rust render
//! functions at build time: `#[derive(Template)]` reads the template (and its parents,
//! includes and macros), checks it against your struct, and writes the code. Rendering parses
//! nothing and looks nothing up; mistakes in a template are compile errors that point at its
//! line and column.
//!
//! ```
//! use kiln::Template;
//!
//! #[derive(Template)]
//! #[template(source = "Hello {{ name }}!{% for n in scores %} {{ n * 2 }}{% endfor %}", ext = "html")]
//! struct Hello<'a> {
//!     name: &'a str,
//!     scores: Vec<u32>,
//! }
//!
//! let page = Hello { name: "<world>", scores: vec![1, 2] };
//! assert_eq!(page.render().unwrap(), "Hello &lt;world&gt;! 2 4");
//! ```
//!
//! # Learn more
//! - The [`Template`] trait: `render`, `render_into`, `write_into`, `SIZE_HINT`; [`DynTemplate`]
//!   for trait objects.
//! - [`Error`]: what a render can fail with, located at the template's `file:line:col`.
//! - [`filters`]: the built-in filters, and [`filters::Options`] for custom filters' keyword
//!   arguments.
//! - [`Safe`], [`Escaper`], [`Html`], [`Text`]: escaping.
//! - [`value`]: how your types print, test, compare and iterate in templates ([`Render`],
//!   [`Truthy`], [`Operand`]), and the values filters return.
//! - [`web`]: serving templates from axum, actix-web, Rocket, warp and Poem (features).
//! - Hot reload (feature `reload`): in debug builds, an edited template renders through an
//!   interpreter of the same checked tree, without a rebuild (`docs/reload.md`); the
//!   interpreter and its values are the modules `interp` and `dynamic` (feature
//!   `interpreter`), and `#[derive(ToValue)]` makes a type of yours readable by it.
//! - The `kiln` command (feature `cli`): `kiln check` and `kiln render` (`docs/cli.md`).
//! - Feature `compact`: release builds within 15 % of askama's time, by calling the
//!   buffer's writes instead of inlining them into each template; renders then take 2–4×
//!   the instructions (still fewer than askama's). For CI and other builds that are
//!   compiled more often than they render.
//! - The template syntax reference is `docs/syntax.md` in the repository.
#![deny(missing_docs)]
// Audited exceptions, each with its benchmark: the writes of `buffer::Buffer`.
#![deny(unsafe_code)]

mod buffer;
mod case;
#[cfg(feature = "interpreter")]
pub mod dynamic;
mod error;
mod escape;
pub mod filters;
#[cfg(feature = "interpreter")]
pub mod interp;
mod jinja_tests;
mod ops;
mod output;
#[cfg(feature = "reload")]
mod reload;
mod size_hint;
mod targets;
pub mod value;
pub mod web;

#[doc(hidden)]
pub mod __private;

pub use buffer::Buffer;
pub use error::{Error, ErrorKind, Result};
pub use output::{FmtOutput, Output};

/// The longest text a single operation may produce from a number in the template (padding
/// widths, `"ab" * n`): 64 MiB. Beyond it rendering fails with an [`Error`] instead of
/// exhausting memory or panicking on capacity overflow.
pub(crate) const MAX_GENERATED_LEN: usize = 64 << 20;
pub use escape::{Escaper, Html, Safe, Text};
pub use size_hint::LearnedSize;
pub use value::{Operand, Render, Truthy, Val};

#[cfg(feature = "derive")]
pub use kiln_derive::{Template, ToValue};

use std::fmt;

/// A template compiled into a render function by `#[derive(Template)]`.
///
/// Every way to render reaches the one function the derive writes,
/// [`render_buffer`](Template::render_buffer), on a [`Buffer`] whose fields stay in
/// registers for the whole render. Rendering into a `String` (through any of these methods)
/// or an empty `Vec<u8>` uses the caller's allocation and copies nothing; any other writer
/// receives the finished output in one write. On an error, nothing is left in the output.
///
/// ```
/// use kiln::Template;
///
/// #[derive(Template)]
/// #[template(source = "<li>{{ n }}</li>", ext = "html")]
/// struct Item { n: u32 }
///
/// let mut page = String::from("<ul>");
/// Item { n: 1 }.render_into(&mut page).unwrap();   // any `fmt::Write`
/// Item { n: 2 }.render_to(&mut page).unwrap();     // a `String`, `Buffer` or other `Output`
/// let mut bytes = Vec::new();
/// Item { n: 3 }.write_into(&mut bytes).unwrap();   // any `io::Write`
/// assert_eq!(page, "<ul><li>1</li><li>2</li>");
/// assert_eq!(bytes, b"<li>3</li>");
/// assert_eq!(format!("{}", Item { n: 4 }), "<li>4</li>");
/// ```
pub trait Template {
    /// An estimate of the output length in bytes, used to size the output buffer.
    const SIZE_HINT: usize;

    /// The media type of the output, for a `Content-Type` header: the derive takes it from
    /// the template's extension (after a `.j2` / `.jinja` suffix), or from `ext` for a
    /// `source` template: `text/html; charset=utf-8` for `html`, `text/plain;
    /// charset=utf-8` for `txt` and unknown extensions, `application/xml` for `xml`, and
    /// so on. The framework integrations ([`web`]) send it.
    const CONTENT_TYPE: &'static str = "text/plain; charset=utf-8";

    /// Renders at the end of `buffer`. This is the method `#[derive(Template)]` writes;
    /// call the others, which make room for the expected length first and leave the
    /// output as it was when rendering fails.
    fn render_buffer(&self, buffer: &mut Buffer) -> Result<()>;

    /// Renders into an [`Output`]: a [`Buffer`] or a `String` (both without a copy), or a
    /// [`FmtOutput`] around any other `fmt::Write`.
    #[inline]
    fn render_to<O: Output + ?Sized>(&self, out: &mut O) -> Result<()> {
        out.write_template(self)
    }

    /// Renders into any `fmt::Write`: a `String` (appended to in place), a
    /// `fmt::Formatter`, a web framework's body buffer.
    #[inline]
    fn render_into<W: fmt::Write + ?Sized>(&self, writer: &mut W) -> Result<()> {
        targets::into_fmt(self, writer)
    }

    /// Renders into a new `String`, allocated once: with [`Template::SIZE_HINT`] bytes at
    /// first, then (for derived templates) with a capacity learned from earlier renders.
    fn render(&self) -> Result<String> {
        // The work that does not depend on `Self` is in plain functions, so that each
        // template's copy of this method is small. Unoptimised, even the buffer's set-up
        // and error path are shared, behind a `dyn` call (a debug build of 50 templates
        // compiled an eighth less LLVM IR).
        let learned = Self::learned_size();
        #[cfg(debug_assertions)]
        return targets::render_new(learned, Self::SIZE_HINT, &mut |out| self.render_buffer(out));
        #[cfg(not(debug_assertions))]
        {
            let mut out = Buffer::for_render(learned, Self::SIZE_HINT);
            self.render_buffer(&mut out)?;
            Ok(out.finish_render(learned))
        }
    }

    /// The template's record of its output sizes, which `render` sizes its buffer from.
    /// `#[derive(Template)]` gives each template one; `None` means "use `SIZE_HINT`".
    #[doc(hidden)]
    #[inline]
    fn learned_size() -> Option<&'static LearnedSize> {
        None
    }

    /// Renders into any `io::Write`, such as a file or a socket, with one `write_all`, so
    /// an unbuffered writer is fine. An empty `Vec<u8>` is rendered into directly.
    #[inline]
    fn write_into<W: std::io::Write + ?Sized>(&self, writer: &mut W) -> Result<()> {
        targets::into_io(self, writer)
    }
}

/// An object-safe view of [`Template`], for `Box<dyn DynTemplate>` and the like.
pub trait DynTemplate {
    /// See [`Template::render`].
    fn dyn_render(&self) -> Result<String>;
    /// See [`Template::render_into`].
    fn dyn_render_into(&self, writer: &mut dyn fmt::Write) -> Result<()>;
    /// See [`Template::SIZE_HINT`].
    fn size_hint(&self) -> usize;
}

impl<T: Template> DynTemplate for T {
    fn dyn_render(&self) -> Result<String> {
        self.render()
    }

    fn dyn_render_into(&self, writer: &mut dyn fmt::Write) -> Result<()> {
        self.render_into(writer)
    }

    fn size_hint(&self) -> usize {
        T::SIZE_HINT
    }
}
