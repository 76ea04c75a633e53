//! Jinja's tests: `{% if value is name(args) %}`.
//!
//! A template's `x is odd` calls [`odd`]`(&x)`; tests that only depend on what a value *is*
//! (`defined`, `none`, `mapping`, `string`, …) go through the wrappers [`Is`] and the traits
//! [`Nullable`], [`Shape`] and [`Markup`], found by *autoref specialization*: the generated
//! code calls a method on `&Is(&value)`, and method lookup picks the impl of the preferred
//! trait if the value's type has one, else a fallback with a fixed answer. Once the code is
//! monomorphized the answer is a constant for most types (`is defined` on a `String` is
//! `true`), and a check of the variant for `Option` and friends.
//!
//! Kiln's rule for absent values applies: an empty `Option` stands for Jinja's undefined,
//! so `None` is both `none` and `undefined` (see `docs/filters.md`).
//!
//! ```
//! use kiln::Template;
//!
//! #[derive(Template)]
//! #[template(
//!     source = "{% for f in files if f is endingwith \".rs\" and f is not startingwith(prefix=\"_\") %}\
//!               {{ f }} {% endfor %}{{ nick is none }} {{ nick is defined }} {{ 7 is divisibleby 7 }}",
//!     ext = "txt"
//! )]
//! struct Files {
//!     files: Vec<&'static str>,
//!     nick: Option<String>,
//! }
//!
//! let page = Files { files: vec!["main.rs", "_gen.rs", "README.md"], nick: None };
//! assert_eq!(page.render().unwrap(), "main.rs True False True");
//! ```

mod traits;

pub use self::traits::{Markup, Nullable, Shape};

use crate::ops::{self, Operand, Val};
use crate::value::Iterable;
use crate::value::{to_string, Render};
use crate::Result;

/// Wraps a value for the tests that depend on its type. Generated code only.
#[doc(hidden)]
pub struct Is<'a, T: ?Sized>(pub &'a T);

// ----------------------------------------------------------------------------- none, defined

/// The preferred path of `is none` / `is defined`. Generated code only.
#[doc(hidden)]
pub trait ViaNullable {
    fn kiln_is_undefined(&self) -> bool;
    fn kiln_is_none(&self) -> bool;
}

impl<T: Nullable + ?Sized> ViaNullable for Is<'_, T> {
    #[inline]
    fn kiln_is_undefined(&self) -> bool {
        self.0.is_undefined()
    }
    #[inline]
    fn kiln_is_none(&self) -> bool {
        self.0.is_none()
    }
}

/// The fallback: any other value is defined and not none. Generated code only.
#[doc(hidden)]
pub trait NeverNone {
    fn kiln_is_undefined(&self) -> bool;
    fn kiln_is_none(&self) -> bool;
}

impl<T: ?Sized> NeverNone for &Is<'_, T> {
    #[inline]
    fn kiln_is_undefined(&self) -> bool {
        false
    }
    #[inline]
    fn kiln_is_none(&self) -> bool {
        false
    }
}

// ----------------------------------------------------------------------------- sequence, mapping

/// `is sequence`, `is iterable`, `is mapping` of one value. Generated code only.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shaped {
    pub sequence: bool,
    pub iterable: bool,
    pub mapping: bool,
}

/// First choice: the type implements [`Shape`]. Generated code only.
#[doc(hidden)]
pub trait ViaShape {
    fn kiln_shape(&self) -> Shaped;
}

impl<T: Shape + ?Sized> ViaShape for &&Is<'_, T> {
    #[inline]
    fn kiln_shape(&self) -> Shaped {
        Shaped {
            sequence: self.0.is_sequence(),
            iterable: self.0.is_iterable(),
            mapping: self.0.is_mapping(),
        }
    }
}

/// Second choice: a collection of the user's own that `for` can loop over. Generated code
/// only.
#[doc(hidden)]
pub trait ViaIterable {
    fn kiln_shape(&self) -> Shaped;
}

impl<T: Iterable + ?Sized> ViaIterable for &Is<'_, T> {
    #[inline]
    fn kiln_shape(&self) -> Shaped {
        Shaped {
            iterable: true,
            ..Shaped::default()
        }
    }
}

/// Fallback: any other value is none of the three. Generated code only.
#[doc(hidden)]
pub trait NoShape {
    fn kiln_shape(&self) -> Shaped;
}

impl<T: ?Sized> NoShape for Is<'_, T> {
    #[inline]
    fn kiln_shape(&self) -> Shaped {
        Shaped::default()
    }
}

// ----------------------------------------------------------------------------- escaped

/// The preferred path of `is escaped`. Generated code only.
#[doc(hidden)]
pub trait ViaMarkup {
    fn kiln_is_markup(&self) -> bool;
}

impl<T: Markup + ?Sized> ViaMarkup for Is<'_, T> {
    #[inline]
    fn kiln_is_markup(&self) -> bool {
        self.0.is_markup()
    }
}

/// The fallback: other values are not markup. Generated code only.
#[doc(hidden)]
pub trait NotMarkup {
    fn kiln_is_markup(&self) -> bool;
}

impl<T: ?Sized> NotMarkup for &Is<'_, T> {
    #[inline]
    fn kiln_is_markup(&self) -> bool {
        false
    }
}

// ----------------------------------------------------------------------------- number, string

/// The preferred path of the tests on primitive values: the value as a [`Val`]. Generated
/// code only.
#[doc(hidden)]
pub trait ViaVal<'a> {
    fn kiln_val(&self) -> Option<Val<'a>>;
}

impl<'a, T: Operand + ?Sized> ViaVal<'a> for Is<'a, T> {
    #[inline]
    fn kiln_val(&self) -> Option<Val<'a>> {
        Some(self.0.operand())
    }
}

/// The fallback: a value of another type is no number, string or bool. Generated code only.
#[doc(hidden)]
pub trait NoVal<'a> {
    fn kiln_val(&self) -> Option<Val<'a>>;
}

impl<'a, T: ?Sized> NoVal<'a> for &Is<'a, T> {
    #[inline]
    fn kiln_val(&self) -> Option<Val<'a>> {
        None
    }
}

/// `is number`: integers, floats and `bool` (a number in Python).
#[inline]
pub fn number(value: Option<Val<'_>>) -> bool {
    matches!(value, Some(Val::Int(_) | Val::Float(_) | Val::Bool(_)))
}

/// `is integer`: integers, not `bool`.
#[inline]
pub fn integer(value: Option<Val<'_>>) -> bool {
    matches!(value, Some(Val::Int(_)))
}

/// `is float`.
#[inline]
pub fn float(value: Option<Val<'_>>) -> bool {
    matches!(value, Some(Val::Float(_)))
}

/// `is boolean`.
#[inline]
pub fn boolean(value: Option<Val<'_>>) -> bool {
    matches!(value, Some(Val::Bool(_)))
}

/// `is true`: the `bool` `true` only (not `1`, not a non-empty string).
#[inline]
pub fn true_(value: Option<Val<'_>>) -> bool {
    matches!(value, Some(Val::Bool(true)))
}

/// `is false`: the `bool` `false` only.
#[inline]
pub fn false_(value: Option<Val<'_>>) -> bool {
    matches!(value, Some(Val::Bool(false)))
}

/// `is string`: string types, `char` and [`Safe`](crate::Safe) strings.
#[inline]
pub fn string(value: Option<Val<'_>>) -> bool {
    matches!(value, Some(Val::Str(_)))
}

/// `is sameas(other)`: Python's `is`. Rust values have no identity to compare, so two
/// primitive values are "the same" when they are of the same kind (`bool`, integer, float,
/// string, `none`) and equal: exactly Python's answer for `none`, `true` and `false`, the
/// usual use. Values of other types are never the same.
pub fn sameas(value: Option<Val<'_>>, other: Option<Val<'_>>) -> bool {
    match (value, other) {
        (Some(Val::Bool(a)), Some(Val::Bool(b))) => a == b,
        (Some(Val::Int(a)), Some(Val::Int(b))) => a == b,
        (Some(Val::Float(a)), Some(Val::Float(b))) => a.to_bits() == b.to_bits(),
        (Some(Val::Str(a)), Some(Val::Str(b))) => a == b,
        (Some(Val::None), Some(Val::None)) => true,
        _ => false,
    }
}

// ----------------------------------------------------------------------------- arithmetic tests

fn remainder_is<T: Operand + ?Sized, N: Operand + ?Sized>(
    value: &T,
    by: &N,
    expected: i128,
) -> Result<bool> {
    let rest = ops::rem(value.operand(), by.operand())?;
    Ok(ops::eq(rest, Val::Int(expected)))
}

/// `is odd`: `value % 2 == 1`, with Python's `%` (so `3.0` is odd, `"a"` is an error).
pub fn odd<T: Operand + ?Sized>(value: &T) -> Result<bool> {
    remainder_is(value, &2i64, 1)
}

/// `is even`: `value % 2 == 0`.
pub fn even<T: Operand + ?Sized>(value: &T) -> Result<bool> {
    remainder_is(value, &2i64, 0)
}

/// `is divisibleby(num)`: `value % num == 0`; `num` zero is an error, as in Python.
pub fn divisibleby<T: Operand + ?Sized, N: Operand + ?Sized>(value: &T, num: &N) -> Result<bool> {
    remainder_is(value, num, 0)
}

// ----------------------------------------------------------------------------- text tests

/// Python's cased characters: those with an upper or lower case form, or in the
/// title-case category (approximated by having both).
fn cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || c.to_lowercase().ne(c.to_uppercase())
}

/// `is lower`: Python's `str(value).islower()`: at least one cased character, and no
/// cased character that is not lower case.
pub fn lower<T: Render + ?Sized>(value: &T) -> bool {
    let text = to_string(value);
    let mut any = false;
    for c in text.chars().filter(|&c| cased(c)) {
        if !c.is_lowercase() {
            return false;
        }
        any = true;
    }
    any
}

/// `is upper`: Python's `str(value).isupper()`.
pub fn upper<T: Render + ?Sized>(value: &T) -> bool {
    let text = to_string(value);
    let mut any = false;
    for c in text.chars().filter(|&c| cased(c)) {
        if !c.is_uppercase() {
            return false;
        }
        any = true;
    }
    any
}

/// `is startingwith(prefix)` (a Kiln extension): the printed value starts with the
/// printed `prefix`.
pub fn startingwith<T: Render + ?Sized, P: Render + ?Sized>(value: &T, prefix: &P) -> bool {
    to_string(value).starts_with(&to_string(prefix))
}

/// `is endingwith(suffix)` (a Kiln extension): the printed value ends with the printed
/// `suffix`.
pub fn endingwith<T: Render + ?Sized, S: Render + ?Sized>(value: &T, suffix: &S) -> bool {
    to_string(value).ends_with(&to_string(suffix))
}

#[cfg(test)]
// RATIONALE: unit tests sit beside the code in `mod tests`, in this module too.
#[allow(clippy::module_inception)]
mod tests {
    use super::*;
    use crate::escape::Safe;
    use crate::value::Maybe;
    use std::collections::{BTreeMap, HashSet};

    // RATIONALE: the extra `&`s mirror the generated code, where they pick the fallback.
    #[allow(clippy::needless_borrow)]
    #[test]
    fn none_and_defined_follow_the_type() {
        let none: Option<i32> = None;
        assert!((&Is(&none)).kiln_is_none());
        assert!((&Is(&none)).kiln_is_undefined());
        assert!(!(&Is(&Some(1))).kiln_is_none());
        assert!(!(&Is(&"text")).kiln_is_undefined());
        struct User;
        assert!(!(&Is(&User)).kiln_is_none());
        let nobody: Option<User> = None;
        assert!((&Is(&&nobody)).kiln_is_none());
        assert!((&Is(&Maybe::<i32>(None))).kiln_is_undefined());
        assert!(!(&Is(&Maybe::<i32>(None))).kiln_is_none());
        assert!((&Is(&Val::None)).kiln_is_none());
        assert!(!(&Is(&Val::None)).kiln_is_undefined());
    }

    #[allow(clippy::needless_borrow)]
    #[test]
    fn shapes_follow_python() {
        let map: BTreeMap<&str, i32> = BTreeMap::new();
        assert_eq!(
            (&&&Is(&map)).kiln_shape(),
            Shaped {
                sequence: true,
                iterable: true,
                mapping: true
            }
        );
        assert!((&&&Is(&"abc")).kiln_shape().sequence);
        assert!((&&&Is(&vec![1])).kiln_shape().sequence);
        let set: HashSet<i32> = HashSet::new();
        let shape = (&&&Is(&set)).kiln_shape();
        assert!(shape.iterable && !shape.sequence);
        assert_eq!((&&&Is(&42)).kiln_shape(), Shaped::default());
        struct Bag;
        impl Iterable for Bag {
            type Item<'a> = i32;
            fn kiln_iter(&self) -> impl Iterator<Item = i32> {
                0..0
            }
        }
        assert!((&&&Is(&Bag)).kiln_shape().iterable);
        struct Plain;
        assert_eq!((&&&Is(&Plain)).kiln_shape(), Shaped::default());
        assert!((&&&Is(&Some(vec![1]))).kiln_shape().sequence);
        assert!(!(&&&Is(&None::<Vec<i32>>)).kiln_shape().iterable);
    }

    #[allow(clippy::needless_borrow)]
    #[test]
    fn value_kinds_follow_python() {
        assert!(number((&Is(&1u8)).kiln_val()));
        assert!(number((&Is(&true)).kiln_val()));
        assert!(!integer((&Is(&true)).kiln_val()));
        assert!(integer((&Is(&-3i64)).kiln_val()));
        assert!(float((&Is(&2.0f32)).kiln_val()));
        assert!(string((&Is(&'c')).kiln_val()));
        assert!(string((&Is(&Safe("x"))).kiln_val()));
        assert!(!number((&Is(&"1")).kiln_val()));
        assert!(true_((&Is(&true)).kiln_val()));
        assert!(!true_((&Is(&1)).kiln_val()));
        assert!(false_((&Is(&false)).kiln_val()));
        assert!(boolean((&Is(&Some(false))).kiln_val()));
        struct User;
        assert!(!number((&Is(&User)).kiln_val()));
        assert!(sameas(Some(Val::None), (&Is(&None::<i32>)).kiln_val()));
        assert!(!sameas(Some(Val::Int(1)), Some(Val::Bool(true))));
        assert!(sameas(Some(Val::Bool(false)), Some(Val::Bool(false))));
    }

    #[test]
    fn arithmetic_tests_use_python_modulo() {
        assert!(odd(&3).unwrap());
        assert!(odd(&-3).unwrap());
        assert!(even(&0u8).unwrap());
        assert!(odd(&3.0).unwrap());
        assert!(!odd(&2.5).unwrap());
        assert!(odd(&true).unwrap());
        assert!(divisibleby(&9, &3).unwrap());
        assert!(!divisibleby(&10, &3).unwrap());
        assert!(divisibleby(&9, &0).is_err());
        assert!(odd("a").is_err());
    }

    #[test]
    fn case_tests_follow_python_islower() {
        assert!(lower("hello world 42"));
        assert!(!lower("Hello"));
        assert!(!lower("42"));
        assert!(upper("ÉTÉ!"));
        assert!(!upper(""));
        assert!(lower("straße"));
        assert!(startingwith("hello", "he"));
        assert!(endingwith(&42, &2));
        assert!(!endingwith("hello", "x"));
    }

    #[allow(clippy::needless_borrow)]
    #[test]
    fn escaped_is_true_for_safe_values() {
        assert!((&Is(&Safe("<b>"))).kiln_is_markup());
        assert!((&Is(&&Safe(1))).kiln_is_markup());
        assert!(!(&Is(&"<b>")).kiln_is_markup());
    }
}
