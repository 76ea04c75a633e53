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
//! - The [`Template`] trait: `render`, `render_into`, `write_into`, `SIZE_HINT`.
//! - [`filters`]: the built-in filters.
//! - [`Safe`], [`Escaper`]: escaping.
//! - [`Render`], [`Truthy`]: how your types print and test in templates.
//! - The template syntax reference is `docs/syntax.md` in the repository.
#![deny(missing_docs)]
// Audited exceptions, each with its benchmark: the writes of `buffer::Buffer`.
#![deny(unsafe_code)]

mod buffer;
mod error;
mod escape;
pub mod filters;
pub mod ops;
mod output;
mod size_hint;
pub mod tests;
mod value;

#[doc(hidden)]
pub mod __private;

pub use buffer::Buffer;
pub use error::{Error, Result};
pub use output::{FmtOutput, Output};

/// The longest text a single operation may produce from a number in the template (padding
/// widths, `"ab" * n`): 64 MiB. Beyond it rendering fails with an [`Error`] instead of
/// exhausting memory or panicking on capacity overflow.
pub const MAX_GENERATED_LEN: usize = 64 << 20;
pub use escape::{escape_html, Escaper, Html, Safe, Text};
pub use ops::{Operand, Val};
pub use value::{Render, Truthy};

#[cfg(feature = "derive")]
pub use kiln_derive::Template;

use std::fmt;

use crate::size_hint::LearnedSize;

/// A template compiled into a render function by `#[derive(Template)]`.
pub trait Template {
    /// An estimate of the output length in bytes, used to size the output buffer.
    const SIZE_HINT: usize;

    /// Renders into an [`Output`]: a [`Buffer`] (the fast path), a `String`, or a
    /// [`FmtOutput`]. This is
    /// the method `#[derive(Template)]` writes; the others call it.
    fn render_to<O: Output + ?Sized>(&self, out: &mut O) -> Result<()>;

    /// Renders into any `fmt::Write`: a `String`, a `fmt::Formatter`, a web framework's body
    /// buffer.
    fn render_into<W: fmt::Write + ?Sized>(&self, writer: &mut W) -> Result<()> {
        self.render_to(&mut FmtOutput(writer))
    }

    /// Renders into a new `String`, allocated once: with [`Template::SIZE_HINT`] bytes at
    /// first, then (for derived templates) with a capacity learned from earlier renders.
    fn render(&self) -> Result<String> {
        // The work that does not depend on `Self` is in two plain functions, so that each
        // template's copy of this method is small.
        let learned = Self::learned_size();
        let mut out = Buffer::for_render(learned, Self::SIZE_HINT);
        self.render_to(&mut out)?;
        Ok(out.finish_render(learned))
    }

    /// The template's record of its output sizes, which `render` sizes its buffer from.
    /// `#[derive(Template)]` gives each template one; `None` means "use `SIZE_HINT`".
    #[doc(hidden)]
    #[inline]
    fn learned_size() -> Option<&'static LearnedSize> {
        None
    }

    /// Renders into any `io::Write`, such as a file or a socket. The output is built in
    /// memory first and written with one `write_all`, so an unbuffered writer is fine.
    fn write_into<W: std::io::Write + ?Sized>(&self, writer: &mut W) -> Result<()> {
        let out = self.render()?;
        writer.write_all(out.as_bytes())?;
        Ok(())
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
