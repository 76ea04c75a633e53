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

// The submodules are visible in the crate so that `value` can re-export the types in the
// filters' signatures and `__private::filters` the plumbing that only generated code calls.
pub(crate) mod custom;
pub(crate) mod format;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod markup;
pub(crate) mod number;
pub(crate) mod select;
pub(crate) mod seq;
pub(crate) mod sort;
pub(crate) mod streamed;
pub(crate) mod text;
pub(crate) mod urlize;
pub(crate) mod wrap;

pub use custom::{KwArg, Options};
pub use format::format;
pub use html::{escape, safe, urlencode};
pub use json::tojson;
pub use markup::{forceescape, linebreaks, linebreaksbr, striptags, xmlattr};
pub use number::{abs, filesizeformat, float, int, round};
pub use select::{batch, items, list, map, reverse, select, slice, sum, unique};
pub use seq::{default, first, join, last, length};
pub use sort::{dictsort, groupby, max, min, sort};
pub use text::{
    capitalize, center, indent, lower, pluralize, replace, string, title, trim, truncate, upper,
    wordcount,
};
pub use urlize::urlize;
pub use wrap::wordwrap;

/// `e`: the short name of [`escape`].
pub use html::escape as e;
/// `d`: the short name of [`default`].
pub use seq::default as d;
/// `count`: another name of [`length`].
pub use seq::length as count;
