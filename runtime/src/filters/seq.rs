//! Filters on sequences and on missing values.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;

use crate::escape::{Escaper, Safe};
use crate::value::{Render, Truthy};
use crate::{Output, Result};

/// A value with a length: strings (in characters, as Python counts), sequences, sets, maps.
pub trait Length {
    /// The number of items (characters for strings).
    fn length(&self) -> usize;
}

impl Length for str {
    fn length(&self) -> usize {
        self.chars().count()
    }
}

impl Length for String {
    fn length(&self) -> usize {
        self.as_str().length()
    }
}

impl Length for std::borrow::Cow<'_, str> {
    fn length(&self) -> usize {
        (**self).length()
    }
}

macro_rules! length_by_len {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Length for $ty {
            fn length(&self) -> usize {
                self.len()
            }
        }
    )*};
}
length_by_len!(
    [T] [T],
    [T] Vec<T>,
    [T] VecDeque<T>,
    [T] BTreeSet<T>,
    [T, S] HashSet<T, S>,
    [K, V] BTreeMap<K, V>,
    [K, V, S] HashMap<K, V, S>,
    [T, const N: usize] [T; N],
);

impl<T: Length + ?Sized> Length for &T {
    fn length(&self) -> usize {
        (**self).length()
    }
}

impl<T: Length + ?Sized> Length for Safe<T> {
    fn length(&self) -> usize {
        self.0.length()
    }
}

impl<T: Length> Length for Maybe<T> {
    fn length(&self) -> usize {
        self.0.as_ref().map_or(0, T::length)
    }
}

impl Length for char {
    fn length(&self) -> usize {
        1
    }
}

impl Length for crate::ops::Val<'_> {
    fn length(&self) -> usize {
        match self {
            crate::ops::Val::Str(s) => s.length(),
            _ => 0,
        }
    }
}

/// `length` / `count`: the number of items, or of characters in a string.
pub fn length<T: Length + ?Sized>(value: &T) -> Result<usize> {
    Ok(value.length())
}

/// A value that may be missing, printed as nothing when it is (Jinja2's undefined).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Maybe<T>(pub Option<T>);

impl<T: Render> Render for Maybe<T> {
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        match &self.0 {
            Some(value) => value.render(out, escaper),
            None => Ok(()),
        }
    }

    #[inline]
    fn render_to<O: Output + ?Sized, E: Escaper>(&self, out: &mut O, escaper: E) -> fmt::Result {
        match &self.0 {
            Some(value) => value.render_to(out, escaper),
            None => Ok(()),
        }
    }

    #[inline]
    fn as_str(&self) -> Option<&str> {
        match &self.0 {
            Some(value) => value.as_str(),
            None => Some(""),
        }
    }
}

/// For types that print through `Display` only (a generic `T: Display`).
impl<T: fmt::Display> fmt::Display for Maybe<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(value) => value.fmt(f),
            None => Ok(()),
        }
    }
}

impl<T: Truthy> Truthy for Maybe<T> {
    fn is_true(&self) -> bool {
        self.0.as_ref().is_some_and(T::is_true)
    }
}

/// What `for` loops and sequence filters iterate, with Jinja2's meaning: sequences and sets
/// give their items, maps their keys (use `.items()` for pairs), strings their characters.
/// Works through any depth of references. Implement it for a collection type of your own to
/// loop over it directly.
pub trait Iterable {
    /// An item.
    type Item<'a>
    where
        Self: 'a;
    /// Iterates over the items.
    fn kiln_iter(&self) -> impl Iterator<Item = Self::Item<'_>>;
}

macro_rules! iterable_by_iter {
    ($([$($gen:tt)*] $ty:ty => $item:ty, $method:ident),* $(,)?) => {$(
        impl<$($gen)*> Iterable for $ty {
            type Item<'a> = &'a $item where Self: 'a;
            fn kiln_iter(&self) -> impl Iterator<Item = &$item> {
                self.$method()
            }
        }
    )*};
}
iterable_by_iter!(
    [T] [T] => T, iter,
    [T] Vec<T> => T, iter,
    [T] VecDeque<T> => T, iter,
    [T, const N: usize] [T; N] => T, iter,
    [T] BTreeSet<T> => T, iter,
    [T, S] HashSet<T, S> => T, iter,
    [K, V] BTreeMap<K, V> => K, keys,
    [K, V, S] HashMap<K, V, S> => K, keys,
);

impl Iterable for str {
    type Item<'a> = char;
    fn kiln_iter(&self) -> impl Iterator<Item = char> {
        self.chars()
    }
}

impl Iterable for String {
    type Item<'a> = char;
    fn kiln_iter(&self) -> impl Iterator<Item = char> {
        self.chars()
    }
}

impl Iterable for std::borrow::Cow<'_, str> {
    type Item<'a>
        = char
    where
        Self: 'a;
    fn kiln_iter(&self) -> impl Iterator<Item = char> {
        self.chars()
    }
}

impl<T: Iterable + ?Sized> Iterable for Safe<T> {
    type Item<'a>
        = T::Item<'a>
    where
        Self: 'a;
    fn kiln_iter(&self) -> impl Iterator<Item = T::Item<'_>> {
        self.0.kiln_iter()
    }
}

impl<T: Iterable + ?Sized> Iterable for &T {
    type Item<'a>
        = T::Item<'a>
    where
        Self: 'a;
    fn kiln_iter(&self) -> impl Iterator<Item = T::Item<'_>> {
        (**self).kiln_iter()
    }
}

/// Iterating Jinja's undefined (an empty `Maybe`) iterates nothing, as in Jinja2.
impl<T: Iterable> Iterable for Maybe<T> {
    type Item<'a>
        = T::Item<'a>
    where
        Self: 'a;
    fn kiln_iter(&self) -> impl Iterator<Item = T::Item<'_>> {
        self.0.iter().flat_map(|inner| inner.kiln_iter())
    }
}

macro_rules! iterable_range {
    ($($ty:ty),*) => {$(
        impl Iterable for std::ops::Range<$ty> {
            type Item<'a> = $ty;
            fn kiln_iter(&self) -> impl Iterator<Item = $ty> {
                self.clone()
            }
        }
    )*};
}
iterable_range!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl Iterable for crate::__private::Range {
    type Item<'a> = i64;
    fn kiln_iter(&self) -> impl Iterator<Item = i64> {
        self.clone()
    }
}

/// `join(d="")`: the items printed one after another with `d` between them.
///
/// The result is plain text: in an autoescaped template it is escaped when it is printed,
/// items and separator alike, as Jinja2 does when neither is markup. (Printed directly,
/// `{{ items|join(d) }}` keeps markup items and a markup separator as they are.)
pub fn join<'a, T, S>(items: &'a T, separator: S) -> Result<String>
where
    T: Iterable + ?Sized,
    T::Item<'a>: Render,
    S: Render,
{
    let mut out = String::new();
    for (i, item) in items.kiln_iter().enumerate() {
        if i > 0 {
            separator.render(&mut out, crate::escape::Text)?;
        }
        item.render(&mut out, crate::escape::Text)?;
    }
    Ok(out)
}

/// The input of a sequence filter: a borrowed collection, whose items are what
/// [`Iterable`] yields (references, characters, keys), or a temporary that the filter may
/// consume, such as the `Vec` a previous filter returned. Consuming temporaries lets
/// `{% set oldest = users|sort(attribute="age")|last %}` keep its result after the sorted
/// list is gone.
pub trait Items {
    /// An item.
    type Item;
    /// The items.
    fn items(self) -> impl Iterator<Item = Self::Item>;
}

impl<'a, C: Iterable + ?Sized> Items for &'a C {
    type Item = C::Item<'a>;
    fn items(self) -> impl Iterator<Item = C::Item<'a>> {
        self.kiln_iter()
    }
}

impl<T> Items for Vec<T> {
    type Item = T;
    fn items(self) -> impl Iterator<Item = T> {
        self.into_iter()
    }
}

impl<T, const N: usize> Items for [T; N] {
    type Item = T;
    fn items(self) -> impl Iterator<Item = T> {
        self.into_iter()
    }
}

impl<T> Items for VecDeque<T> {
    type Item = T;
    fn items(self) -> impl Iterator<Item = T> {
        self.into_iter()
    }
}

/// A string a filter returned: its characters.
impl Items for String {
    type Item = char;
    fn items(self) -> impl Iterator<Item = char> {
        self.chars().collect::<Vec<_>>().into_iter()
    }
}

impl<T: Items> Items for Safe<T> {
    type Item = T::Item;
    fn items(self) -> impl Iterator<Item = T::Item> {
        self.0.items()
    }
}

/// A missing value has no items; a present one is iterated.
impl<T: Items> Items for Maybe<T> {
    type Item = T::Item;
    fn items(self) -> impl Iterator<Item = T::Item> {
        self.0.into_iter().flat_map(T::items)
    }
}

impl Items for crate::__private::Range {
    type Item = i64;
    fn items(self) -> impl Iterator<Item = i64> {
        self
    }
}

macro_rules! items_range {
    ($($ty:ty),*) => {$(
        impl Items for std::ops::Range<$ty> {
            type Item = $ty;
            fn items(self) -> impl Iterator<Item = $ty> {
                self
            }
        }
    )*};
}
items_range!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

/// Wraps the object of an attribute access (`(users|first).name`, `users|first|attr("name")`)
/// so that a value that may be missing ([`Maybe`]) is unwrapped first. Generated code only.
#[doc(hidden)]
pub struct AttrOf<'a, T: ?Sized>(pub &'a T);

/// The object of an attribute access when it may be missing: the value, or an error, as
/// Jinja2 raises for an attribute of undefined. Generated code only.
#[doc(hidden)]
pub trait ViaMaybe<'a, T> {
    fn kiln_attr_of(&self) -> Result<&'a T>;
}

fn present<T>(value: &Maybe<T>) -> Result<&T> {
    value.0.as_ref().ok_or_else(|| {
        crate::Error::eval("an undefined value (of an empty sequence) has no attributes")
    })
}

impl<'a, T> ViaMaybe<'a, T> for AttrOf<'a, Maybe<T>> {
    #[inline]
    fn kiln_attr_of(&self) -> Result<&'a T> {
        present(self.0)
    }
}

/// A loop variable or a `set` of a missing-or-present value is a reference to it.
impl<'a, T> ViaMaybe<'a, T> for AttrOf<'a, &Maybe<T>> {
    #[inline]
    fn kiln_attr_of(&self) -> Result<&'a T> {
        present(self.0)
    }
}

/// Any other object is used as it is. Generated code only.
#[doc(hidden)]
pub trait NotMaybe<'a, T: ?Sized> {
    fn kiln_attr_of(&self) -> Result<&'a T>;
}

impl<'a, T: ?Sized> NotMaybe<'a, T> for &AttrOf<'a, T> {
    #[inline]
    fn kiln_attr_of(&self) -> Result<&'a T> {
        Ok(self.0)
    }
}

/// `first`: the first item (or character, or map key); nothing if there is none.
pub fn first<I: Items>(value: I) -> Result<Maybe<I::Item>> {
    Ok(Maybe(value.items().next()))
}

/// `last`: the last item (or character, or map key); nothing if there is none.
pub fn last<I: Items>(value: I) -> Result<Maybe<I::Item>> {
    Ok(Maybe(value.items().last()))
}

impl<T: crate::ops::Operand> crate::ops::Operand for Maybe<T> {
    fn operand(&self) -> crate::ops::Val<'_> {
        self.0.as_ref().map_or(crate::ops::Val::None, T::operand)
    }
}

/// The result of `default`: the value itself, or the default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Defaulted<A, B> {
    /// The value was there (and, with `boolean`, true).
    Value(A),
    /// The default replaced it.
    Default(B),
}

crate::value::forward_two_variants!(Defaulted, Value, Default);

/// A value that `default` can replace: an `Option` is missing when `None` (Rust's stand-in
/// for Jinja2's undefined); other types are always present.
pub trait Defaultable {
    /// The present value.
    type Present<'a>: Truthy
    where
        Self: 'a;
    /// The value, if it is present.
    fn present(&self) -> Option<Self::Present<'_>>;
}

impl<T: Truthy> Defaultable for Option<T> {
    type Present<'a>
        = &'a T
    where
        Self: 'a;
    fn present(&self) -> Option<&T> {
        self.as_ref()
    }
}

impl<T: Defaultable + ?Sized> Defaultable for &T {
    type Present<'a>
        = T::Present<'a>
    where
        Self: 'a;
    fn present(&self) -> Option<T::Present<'_>> {
        (**self).present()
    }
}

impl<T: Truthy> Defaultable for Maybe<T> {
    type Present<'a>
        = &'a T
    where
        Self: 'a;
    fn present(&self) -> Option<&T> {
        self.0.as_ref()
    }
}

macro_rules! always_present {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Defaultable for $ty {
            type Present<'a> = &'a Self where Self: 'a;
            fn present(&self) -> Option<&Self> {
                Some(self)
            }
        }
    )*};
}
always_present!(
    [] str, [] String, [] std::borrow::Cow<'_, str>, [] bool, [] char,
    [] i8, [] i16, [] i32, [] i64, [] i128, [] isize,
    [] u8, [] u16, [] u32, [] u64, [] u128, [] usize, [] f32, [] f64,
    [T] Vec<T>, [T] [T],
);

/// A `Val` is missing when it is `None` (an empty `Option` passed to a macro).
impl<'v> Defaultable for crate::ops::Val<'v> {
    type Present<'a>
        = &'a Self
    where
        Self: 'a;
    fn present(&self) -> Option<&Self> {
        (!matches!(self, crate::ops::Val::None)).then_some(self)
    }
}

/// `default(default_value="", boolean=false)` / `d`: replaces a missing value (`None`) with
/// `default_value`; with `boolean`, also a value that is false (empty, zero).
pub fn default<T: Defaultable + ?Sized, D>(
    value: &T,
    default_value: D,
    boolean: bool,
) -> Result<Defaulted<T::Present<'_>, D>> {
    Ok(match value.present() {
        Some(present) if !boolean || present.is_true() => Defaulted::Value(present),
        _ => Defaulted::Default(default_value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::to_string;

    #[test]
    fn length_counts_chars_and_items() {
        assert_eq!(length("héllo").unwrap(), 5);
        assert_eq!(length(&vec![1, 2, 3]).unwrap(), 3);
        assert_eq!(length(&BTreeMap::<i32, i32>::new()).unwrap(), 0);
    }

    #[test]
    fn first_and_last() {
        assert_eq!(to_string(&first(&vec![1, 2, 3]).unwrap()), "1");
        assert_eq!(to_string(&last("abc").unwrap()), "c");
        assert_eq!(to_string(&first(&Vec::<i32>::new()).unwrap()), "");
        let map: BTreeMap<&str, i32> = [("b", 2), ("a", 1)].into_iter().collect();
        assert_eq!(to_string(&first(&map).unwrap()), "a");
        use crate::ops::Operand;
        assert_eq!(
            last(&vec![1, 2]).unwrap().operand(),
            crate::ops::Val::Int(2)
        );
    }

    #[test]
    fn join_prints_items() {
        assert_eq!(join(&vec![1, 2, 3], ", ").unwrap(), "1, 2, 3");
        assert_eq!(join(&&["a", "b"], "").unwrap(), "ab");
        assert_eq!(join(&(1..4), "-").unwrap(), "1-2-3");
        assert_eq!(join(&vec![true, false], "|").unwrap(), "True|False");
    }

    #[test]
    fn default_replaces_missing_and_optionally_false_values() {
        assert_eq!(to_string(&default(&None::<&str>, "x", false).unwrap()), "x");
        assert_eq!(to_string(&default(&Some("a"), "x", false).unwrap()), "a");
        assert_eq!(to_string(&default(&"", "x", false).unwrap()), "");
        assert_eq!(to_string(&default(&"", "x", true).unwrap()), "x");
        assert_eq!(to_string(&default(&0, 5, true).unwrap()), "5");
    }
}
