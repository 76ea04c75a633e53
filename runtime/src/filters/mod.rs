//! Built-in filters, with Jinja2's names, argument order and behaviour.
//!
//! A template's `{{ value|name(a, b) }}` calls `kiln::filters::name(&value, a, b)`; keyword
//! arguments and defaults are filled in at compile time, so every function here takes all
//! its parameters positionally. Custom filters are plain functions of the same shape in a
//! module named `filters` in scope of the template struct; they shadow built-ins.

mod html;
mod number;
mod seq;
mod text;

pub use html::{escape, safe, urlencode, UrlEncode};
pub use number::{abs, filesizeformat, float, format, format_with, int, round, FormatArg};
pub use seq::{
    default, first, join, last, length, Defaultable, Defaulted, Iterable, Length, Maybe,
};
pub use text::{
    capitalize, center, indent, lower, replace, title, trim, truncate, upper, wordcount,
    IndentWidth,
};

/// `e`: the short name of [`escape`].
pub use html::escape as e;
/// `d`: the short name of [`default`].
pub use seq::default as d;
/// `count`: another name of [`length`].
pub use seq::length as count;
