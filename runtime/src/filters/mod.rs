//! Built-in filters, with Jinja2's names, argument order and behaviour.
//!
//! A template's `{{ value|name(a, b) }}` calls `kiln::filters::name(&value, a, b)`; keyword
//! arguments and defaults are filled in at compile time, so every function here takes all
//! its parameters positionally. Filters that take an attribute, a test or another filter by
//! name (`map(attribute="name")`, `select("odd")`, `sort(attribute="age")`) get it as a
//! closure that the template compiler writes. Custom filters are plain functions of the
//! same shape in a module named `filters` in scope of the template struct, called for
//! names that are not built in (a custom filter cannot replace a built-in: the template
//! compiler cannot see the user's module), and take keyword arguments through an
//! [`Options`] struct.
//!
//! The complete reference, with every difference from Jinja2, is `docs/filters.md`.

mod custom;
mod format;
mod html;
mod json;
mod markup;
mod number;
mod select;
mod seq;
mod sort;
#[doc(hidden)]
pub mod streamed;
mod text;
mod urlize;
mod wrap;

#[doc(hidden)]
pub use custom::*;
pub use custom::{KwArg, Options};
pub use format::{format, format_with, FormatArg};
#[doc(hidden)]
pub use format::{format_pieces, FormatPiece, FormatSpec};
pub use html::{escape, safe, urlencode, UrlEncode};
pub use json::tojson;
#[cfg(not(feature = "json"))]
pub use json::JsonFeatureIsOff;
pub use markup::{forceescape, linebreaks, linebreaksbr, striptags, xmlattr};
pub use number::{abs, filesizeformat, float, int, round};
pub use select::{
    batch, batch_fill, items, list, map, reverse, select, slice, slice_fill, sum, unique, Either,
    Mapping, Reverse,
};
pub use seq::{
    default, first, join, last, length, Defaultable, Defaulted, Items, Iterable, Length, Maybe,
};
#[doc(hidden)]
pub use seq::{AttrOf, NotMaybe, ViaMaybe};
pub use sort::{compare_keys, dictsort, groupby, max, min, same_key, sort, CaseFold, Group, Pair};
pub use text::{
    capitalize, center, indent, lower, pluralize, replace, string, title, trim, truncate, upper,
    wordcount, IndentWidth,
};
pub use urlize::urlize;
pub use wrap::wordwrap;

/// `e`: the short name of [`escape`].
pub use html::escape as e;
/// `d`: the short name of [`default`].
pub use seq::default as d;
/// `count`: another name of [`length`].
pub use seq::length as count;
