//! How values behave in a template, the way Jinja2 does it: how they print ([`Render`]),
//! test as true or false ([`Truthy`]), take part in operators ([`Operand`], [`Val`]),
//! iterate ([`Iterable`]), answer the type tests ([`Shape`], [`Nullable`], [`Markup`]), the
//! value of a dict literal ([`Dict`]), and the values filters return ([`Maybe`], [`Either`],
//! [`Defaulted`], [`Group`], [`Pair`]).
//!
//! Implement these traits for a type of your own to change how templates see it. The
//! generated code never names a value's type: it calls these traits through helpers that
//! fall back to `Display` (printing) or to "always true" (truthiness) for types that do not
//! implement them, as Python does for arbitrary objects.

mod dict;
mod float;
mod impls;
mod operand;
mod undefined;

use std::borrow::Cow;
use std::fmt;

use crate::escape::Escaper;
use crate::output::Output;

pub use self::dict::Dict;
pub use self::float::write_float;
pub use self::operand::{Operand, Val};
pub use self::undefined::Undefined;
pub use crate::filters::format::FormatArg;
pub use crate::filters::html::UrlEncode;
pub use crate::filters::select::{Either, Mapping, Reverse};
pub use crate::filters::seq::{Defaultable, Defaulted, Items, Iterable, Length, Maybe};
pub use crate::filters::sort::{Group, Pair};
pub use crate::filters::text::IndentWidth;
pub use crate::jinja_tests::{Markup, Nullable, Shape};

/// A value that knows how Jinja2 prints it.
///
/// Implemented for strings, characters, numbers, `bool`, `Option`, [`Safe`](crate::Safe) and references
/// and smart pointers to those. Any other `Display` type prints through its `Display`
/// implementation, escaped; implement `Render` to take over (for example to skip escaping
/// for a type that never contains markup).
pub trait Render {
    /// Writes `self` to `out`, escaping text with `escaper` where it may contain markup.
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result;

    /// Writes `self` as an item of a printed list, tuple or map: Python's `repr`, so strings
    /// are quoted (`['a', 1]`). Defaults to [`Render::render`].
    fn render_repr<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result {
        self.render(out, escaper)
    }

    /// Writes `self` to an [`Output`], the writer of generated code. Defaults to
    /// [`Render::render`]; numbers override it to write their digits straight into a
    /// `String`.
    #[inline]
    fn render_to<O: Output + ?Sized, E: Escaper>(&self, out: &mut O, escaper: E) -> fmt::Result {
        self.render(out, escaper)
    }

    /// The value's text, if it is a string, so that filters can read it without copying
    /// it first. Defaults to `None`: the value is rendered into a new `String` instead.
    #[inline]
    fn as_str(&self) -> Option<&str> {
        None
    }
}

/// How a value tests in `if`, `and`, `or`, `not` and `default(…, true)`.
///
/// False for `false`, zero, empty strings and collections, and `None`; true otherwise.
/// Types that do not implement it are always true, as objects are in Python.
pub trait Truthy {
    /// Whether the value counts as true.
    fn is_true(&self) -> bool;
}

/// A value's text without escaping, as Jinja2's `str()` would print it: borrowed when the
/// value is a string, else rendered into a new `String`.
pub fn to_str<T: Render + ?Sized>(value: &T) -> Cow<'_, str> {
    match value.as_str() {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(to_string(value)),
    }
}

/// Renders a value to a `String` without escaping, as Jinja2's `str()` would print it.
pub fn to_string<T: Render + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = value.render(&mut out, crate::escape::Text);
    out
}

/// `Render`, `Truthy` and `Operand` for an enum of two values of different types (`Either`,
/// `Defaulted`), each forwarded to the value it holds, so that none of the fast paths
/// (`render_to`, `as_str`) is lost to a default method.
macro_rules! forward_two_variants {
    ($ty:ident, $first:ident, $second:ident) => {
        impl<A: $crate::Render, B: $crate::Render> $crate::Render for $ty<A, B> {
            fn render<W: ::std::fmt::Write + ?Sized, E: $crate::Escaper>(
                &self,
                out: &mut W,
                escaper: E,
            ) -> ::std::fmt::Result {
                match self {
                    $ty::$first(a) => a.render(out, escaper),
                    $ty::$second(b) => b.render(out, escaper),
                }
            }

            #[inline]
            fn render_to<O: $crate::Output + ?Sized, E: $crate::Escaper>(
                &self,
                out: &mut O,
                escaper: E,
            ) -> ::std::fmt::Result {
                match self {
                    $ty::$first(a) => a.render_to(out, escaper),
                    $ty::$second(b) => b.render_to(out, escaper),
                }
            }

            #[inline]
            fn as_str(&self) -> Option<&str> {
                match self {
                    $ty::$first(a) => a.as_str(),
                    $ty::$second(b) => b.as_str(),
                }
            }

            fn render_repr<W: ::std::fmt::Write + ?Sized, E: $crate::Escaper>(
                &self,
                out: &mut W,
                escaper: E,
            ) -> ::std::fmt::Result {
                match self {
                    $ty::$first(a) => a.render_repr(out, escaper),
                    $ty::$second(b) => b.render_repr(out, escaper),
                }
            }
        }

        impl<A: $crate::Truthy, B: $crate::Truthy> $crate::Truthy for $ty<A, B> {
            fn is_true(&self) -> bool {
                match self {
                    $ty::$first(a) => a.is_true(),
                    $ty::$second(b) => b.is_true(),
                }
            }
        }

        impl<A: $crate::Operand, B: $crate::Operand> $crate::Operand for $ty<A, B> {
            fn operand(&self) -> $crate::Val<'_> {
                match self {
                    $ty::$first(a) => a.operand(),
                    $ty::$second(b) => b.operand(),
                }
            }
        }
    };
}
#[cfg(feature = "interpreter")]
pub(crate) use self::impls::write_map;
pub(crate) use forward_two_variants;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::Safe;

    #[test]
    fn strings_are_read_in_place_other_values_rendered() {
        let owned = String::from("own");
        assert!(matches!(to_str("lit"), Cow::Borrowed("lit")));
        assert!(matches!(to_str(&owned), Cow::Borrowed("own")));
        assert!(matches!(to_str(&&owned), Cow::Borrowed("own")));
        assert!(matches!(to_str(&Safe("<b>")), Cow::Borrowed("<b>")));
        assert!(matches!(
            to_str(&crate::Val::Str("v".into())),
            Cow::Borrowed("v")
        ));
        assert!(matches!(to_str(&42), Cow::Owned(ref s) if s == "42"));
        assert!(matches!(to_str(&Some("x")), Cow::Owned(ref s) if s == "x"));
    }
}
