//! Values in expressions: dict literals, `dict.items()` and friends on Rust maps and dicts,
//! `range(…)`, and indexing (`x[key]`) that fails with an error, never a panic.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::ops::{Operand, Val};
use crate::value::{Dict, Either, Iterable, Maybe};
use crate::{Error, Result};

/// Jinja's `dict.items()`, `dict.keys()` and `dict.values()` on Rust maps and dicts.
///
/// Implemented for references (and for a [`Maybe`] of one, an item that may be missing),
/// taken by value: the entries borrow the map itself, not a temporary that refers to it, so
/// `{% for k, v in config.section.items() %}` outlives the expression that found the map.
pub trait MapMethods<'a> {
    /// The key type.
    type Key: 'a;
    /// The value type.
    type Value: 'a;
    /// Key–value pairs.
    fn items(self) -> Entries<impl Iterator<Item = (&'a Self::Key, &'a Self::Value)>>;
    /// Keys.
    fn keys(self) -> Entries<impl Iterator<Item = &'a Self::Key>>;
    /// Values.
    fn values(self) -> Entries<impl Iterator<Item = &'a Self::Value>>;
}

/// What `items()`, `keys()` and `values()` return: an iterator that filters take as well
/// (`map.keys()|list`), as Python's views are.
#[derive(Clone, Debug)]
pub struct Entries<I>(pub I);

impl<I: Iterator> Iterator for Entries<I> {
    type Item = I::Item;

    #[inline]
    fn next(&mut self) -> Option<I::Item> {
        self.0.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<I: Iterator> crate::value::Items for Entries<I> {
    type Item = I::Item;
    fn items(self) -> impl Iterator<Item = I::Item> {
        self.0
    }
}

macro_rules! map_methods {
    ($([$($gen:tt)*] $map:ident<$($ty:ident),*>),*) => {$(
        impl<'a, $($gen)*> MapMethods<'a> for &'a $map<$($ty),*> {
            type Key = K;
            type Value = V;
            fn items(self) -> Entries<impl Iterator<Item = (&'a K, &'a V)>> {
                Entries(self.iter())
            }
            fn keys(self) -> Entries<impl Iterator<Item = &'a K>> {
                Entries($map::keys(self))
            }
            fn values(self) -> Entries<impl Iterator<Item = &'a V>> {
                Entries($map::values(self))
            }
        }
    )*};
}
map_methods!([K, V] BTreeMap<K, V>, [K, V, S] HashMap<K, V, S>);

/// An item that may be missing (`dict.outer.items()`): its entries, or none.
impl<'a, M: MapMethods<'a>> MapMethods<'a> for Maybe<M> {
    type Key = M::Key;
    type Value = M::Value;
    fn items(self) -> Entries<impl Iterator<Item = (&'a M::Key, &'a M::Value)>> {
        Entries(self.0.into_iter().flat_map(MapMethods::items))
    }
    fn keys(self) -> Entries<impl Iterator<Item = &'a M::Key>> {
        Entries(self.0.into_iter().flat_map(MapMethods::keys))
    }
    fn values(self) -> Entries<impl Iterator<Item = &'a M::Value>> {
        Entries(self.0.into_iter().flat_map(MapMethods::values))
    }
}

/// `dict.key` on a value the template compiler knows is a dict (a literal, or a field
/// declared as a `HashMap` or `BTreeMap` with string keys): its item, Jinja's
/// undefined if it has none. By value, on a reference (or a [`Maybe`] of one), so the item
/// borrows the dict, not the expression that found it.
pub trait DictItem<'a> {
    /// The dict's value type.
    type Value: 'a;
    /// The item of `key`.
    fn kiln_item(self, key: &str) -> Maybe<&'a Self::Value>;
}

impl<'a, K: Operand, V: 'a> DictItem<'a> for &'a Dict<K, V> {
    type Value = V;
    #[inline]
    fn kiln_item(self, key: &str) -> Maybe<&'a V> {
        Maybe(self.get(key))
    }
}

impl<'a, K: Ord + std::borrow::Borrow<str>, V: 'a> DictItem<'a> for &'a BTreeMap<K, V> {
    type Value = V;
    #[inline]
    fn kiln_item(self, key: &str) -> Maybe<&'a V> {
        Maybe(self.get(key))
    }
}

impl<'a, K, V: 'a, S> DictItem<'a> for &'a HashMap<K, V, S>
where
    K: std::hash::Hash + Eq + std::borrow::Borrow<str>,
    S: std::hash::BuildHasher,
{
    type Value = V;
    #[inline]
    fn kiln_item(self, key: &str) -> Maybe<&'a V> {
        Maybe(self.get(key))
    }
}

impl<'a, T: DictItem<'a>> DictItem<'a> for Maybe<T> {
    type Value = T::Value;
    #[inline]
    fn kiln_item(self, key: &str) -> Maybe<&'a T::Value> {
        Maybe(self.0.and_then(|dict| dict.kiln_item(key).0))
    }
}

/// A dict literal whose keys are not all distinct literals: a later value of a key replaces
/// an earlier one, in its place, as in Python.
pub fn dict<K: Operand, V, const N: usize>(entries: [(K, V); N]) -> Dict<K, V> {
    entries.into_iter().collect()
}

/// `dict.get(key, default)`: the value of `key`, or `default` if there is none.
pub fn get_or<C: GetItem<K> + ?Sized, K, D>(
    container: &C,
    key: K,
    default: D,
) -> Either<&C::Output, D> {
    match container.get_item(key) {
        Ok(value) => Either::Left(value),
        Err(_) => Either::Right(default),
    }
}

/// An integer as a `range` bound or a sequence index.
fn int_arg<T: Operand + ?Sized>(value: &T, what: &str) -> Result<i64> {
    match value.operand() {
        Val::Int(i) => i64::try_from(i).map_err(|_| Error::eval(format!("{what} out of range"))),
        Val::Bool(b) => Ok(i64::from(b)),
        other => Err(Error::eval(format!(
            "{what} must be an integer, not `{}`",
            other.type_name()
        ))),
    }
}

/// Python's `range(start, stop, step)`.
#[derive(Clone, Debug)]
pub struct Range {
    next: i64,
    stop: i64,
    step: i64,
}

impl Iterator for Range {
    type Item = i64;

    #[inline]
    fn next(&mut self) -> Option<i64> {
        let more = if self.step > 0 {
            self.next < self.stop
        } else {
            self.next > self.stop
        };
        if !more {
            return None;
        }
        let value = self.next;
        // Saturating: past the end is the end.
        self.next = self.next.checked_add(self.step).unwrap_or(self.stop);
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let span = if self.step > 0 {
            (i128::from(self.stop) - i128::from(self.next)).max(0)
        } else {
            (i128::from(self.next) - i128::from(self.stop)).max(0)
        };
        let step = i128::from(self.step).abs();
        let n = usize::try_from((span + step - 1) / step).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Range {}

/// Jinja's `range(stop)`, `range(start, stop)` and `range(start, stop, step)`. Longer ranges
/// than `MAX_RANGE` items are refused, as Jinja2's sandbox does, so a typo cannot hang a
/// render.
pub fn range<A: Operand + ?Sized, B: Operand + ?Sized, C: Operand + ?Sized>(
    start: &A,
    stop: Option<&B>,
    step: Option<&C>,
) -> Result<Range> {
    let (start, stop) = match stop {
        Some(stop) => (int_arg(start, "range start")?, int_arg(stop, "range stop")?),
        None => (0, int_arg(start, "range stop")?),
    };
    let step = match step {
        Some(step) => int_arg(step, "range step")?,
        None => 1,
    };
    if step == 0 {
        return Err(Error::eval("range() arg 3 must not be zero"));
    }
    Ok(Range {
        next: start,
        stop,
        step,
    })
}

/// Indexing with `x[key]`: sequences by integer (negative counts from the end, as in
/// Python), maps by key. Out of range is an [`Error`], never a panic.
pub trait GetItem<K> {
    /// The item type.
    type Output: ?Sized;
    /// The item at `key`.
    fn get_item(&self, key: K) -> Result<&Self::Output>;
}

fn seq_index(len: usize, index: Val<'_>) -> Result<usize> {
    let i = match index {
        Val::Int(i) => i,
        Val::Bool(b) => i128::from(b),
        other => {
            return Err(Error::eval(format!(
                "indices must be integers, not `{}`",
                other.type_name()
            )))
        }
    };
    let resolved = if i < 0 { i + len as i128 } else { i };
    usize::try_from(resolved)
        .ok()
        .filter(|&r| r < len)
        .ok_or_else(|| {
            Error::eval(format!(
                "index {i} is out of range for a sequence of length {len}"
            ))
        })
}

impl<T, K: Operand> GetItem<K> for [T] {
    type Output = T;
    #[inline]
    fn get_item(&self, key: K) -> Result<&T> {
        Ok(&self[seq_index(self.len(), key.operand())?])
    }
}

impl<T, K: Operand> GetItem<K> for Vec<T> {
    type Output = T;
    #[inline]
    fn get_item(&self, key: K) -> Result<&T> {
        self.as_slice().get_item(key)
    }
}

impl<T, K: Operand, const N: usize> GetItem<K> for [T; N] {
    type Output = T;
    #[inline]
    fn get_item(&self, key: K) -> Result<&T> {
        self.as_slice().get_item(key)
    }
}

impl<K: Operand> GetItem<K> for str {
    type Output = str;
    fn get_item(&self, key: K) -> Result<&str> {
        let index = seq_index(self.chars().count(), key.operand())?;
        let (start, c) = self
            .char_indices()
            .nth(index)
            .ok_or_else(|| Error::eval("index out of range"))?;
        Ok(&self[start..start + c.len_utf8()])
    }
}

impl<K: Operand> GetItem<K> for String {
    type Output = str;
    fn get_item(&self, key: K) -> Result<&str> {
        self.as_str().get_item(key)
    }
}

impl<K: Ord + std::borrow::Borrow<Q>, V, Q: Ord + fmt::Debug + ?Sized> GetItem<&Q>
    for BTreeMap<K, V>
{
    type Output = V;
    fn get_item(&self, key: &Q) -> Result<&V> {
        self.get(key)
            .ok_or_else(|| Error::eval(format!("no key {key:?} in the map")))
    }
}

impl<K, V, Q, S> GetItem<&Q> for HashMap<K, V, S>
where
    K: std::hash::Hash + Eq + std::borrow::Borrow<Q>,
    Q: std::hash::Hash + Eq + fmt::Debug + ?Sized,
    S: std::hash::BuildHasher,
{
    type Output = V;
    fn get_item(&self, key: &Q) -> Result<&V> {
        self.get(key)
            .ok_or_else(|| Error::eval(format!("no key {key:?} in the map")))
    }
}

impl<T: GetItem<K> + ?Sized, K> GetItem<K> for &T {
    type Output = T::Output;
    #[inline]
    fn get_item(&self, key: K) -> Result<&T::Output> {
        (**self).get_item(key)
    }
}

impl<T: GetItem<K>, K> GetItem<K> for Maybe<T> {
    type Output = T::Output;
    fn get_item(&self, key: K) -> Result<&T::Output> {
        match &self.0 {
            Some(container) => container.get_item(key),
            None => Err(Error::eval("undefined has no items")),
        }
    }
}

/// A value that `value[start:stop:step]` slices: sequences (into a `Vec` of their items)
/// and strings (into a `String` of their characters).
pub trait Slice {
    /// What a slice of it is.
    type Output<'a>
    where
        Self: 'a;
    /// How many items (characters) it has.
    fn slice_len(&self) -> usize;
    /// The items at `indices`, in that order (each below `slice_len`).
    fn pick(&self, indices: impl Iterator<Item = usize>) -> Self::Output<'_>;
}

impl<T> Slice for [T] {
    type Output<'a>
        = Vec<&'a T>
    where
        T: 'a;
    fn slice_len(&self) -> usize {
        self.len()
    }
    fn pick(&self, indices: impl Iterator<Item = usize>) -> Vec<&T> {
        indices.filter_map(|i| self.get(i)).collect()
    }
}

impl<T> Slice for Vec<T> {
    type Output<'a>
        = Vec<&'a T>
    where
        T: 'a;
    fn slice_len(&self) -> usize {
        self.len()
    }
    fn pick(&self, indices: impl Iterator<Item = usize>) -> Vec<&T> {
        self.as_slice().pick(indices)
    }
}

impl<T, const N: usize> Slice for [T; N] {
    type Output<'a>
        = Vec<&'a T>
    where
        T: 'a;
    fn slice_len(&self) -> usize {
        N
    }
    fn pick(&self, indices: impl Iterator<Item = usize>) -> Vec<&T> {
        self.as_slice().pick(indices)
    }
}

impl Slice for str {
    type Output<'a> = String;
    fn slice_len(&self) -> usize {
        self.chars().count()
    }
    fn pick(&self, indices: impl Iterator<Item = usize>) -> String {
        let chars: Vec<char> = self.chars().collect();
        indices.filter_map(|i| chars.get(i)).collect()
    }
}

impl Slice for String {
    type Output<'a> = String;
    fn slice_len(&self) -> usize {
        self.as_str().slice_len()
    }
    fn pick(&self, indices: impl Iterator<Item = usize>) -> String {
        self.as_str().pick(indices)
    }
}

impl<T: Slice + ?Sized> Slice for &T {
    type Output<'a>
        = T::Output<'a>
    where
        Self: 'a;
    fn slice_len(&self) -> usize {
        (**self).slice_len()
    }
    fn pick(&self, indices: impl Iterator<Item = usize>) -> T::Output<'_> {
        (**self).pick(indices)
    }
}

/// `value[start:stop:step]`, with Python's rules: negative indices count from the end,
/// indices past either end are clamped, a negative step walks backwards, a zero step is an
/// error.
pub fn slice<'c, C, A, B, S>(
    value: &'c C,
    start: Option<&A>,
    stop: Option<&B>,
    step: Option<&S>,
) -> Result<C::Output<'c>>
where
    C: Slice + ?Sized,
    A: Operand + ?Sized,
    B: Operand + ?Sized,
    S: Operand + ?Sized,
{
    let len = i64::try_from(value.slice_len()).unwrap_or(i64::MAX);
    let step = match step {
        Some(step) => int_arg(step, "slice step")?,
        None => 1,
    };
    if step == 0 {
        return Err(Error::eval("slice step cannot be zero"));
    }
    // CPython's `PySlice_AdjustIndices`.
    let (lower, upper) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let adjust = |index: i64| {
        if index < 0 {
            (index + len).max(lower)
        } else {
            index.min(upper)
        }
    };
    let start = match start {
        Some(start) => adjust(int_arg(start, "slice index")?),
        None if step > 0 => lower,
        None => upper,
    };
    let stop = match stop {
        Some(stop) => adjust(int_arg(stop, "slice index")?),
        None if step > 0 => upper,
        None => lower,
    };
    let indices = std::iter::successors(Some(start), move |i| i.checked_add(step))
        .take_while(move |&i| if step > 0 { i < stop } else { i > stop })
        .filter_map(|i| usize::try_from(i).ok());
    Ok(value.pick(indices))
}

/// The items of `container[key]`, or none where it is undefined: a loop over an item of a
/// collection (`{% for cell in rows[0] %}`).
pub fn iter_maybe<'a, T: Iterable + ?Sized>(
    item: Maybe<&'a T>,
) -> impl Iterator<Item = T::Item<'a>> + 'a {
    item.0.into_iter().flat_map(|inner| inner.kiln_iter())
}

/// `container[key]`: Jinja's undefined (an empty [`Maybe`]) where there is no such item,
/// as in Jinja2 (an index past the end, a missing key, a key of the wrong type), so it
/// prints as nothing and `default` replaces it. Reading an attribute of it fails, located.
#[inline]
pub fn get_item<C: GetItem<K> + ?Sized, K>(container: &C, key: K) -> Maybe<&C::Output> {
    Maybe(container.get_item(key).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_match_python() {
        let v = vec![0, 1, 2, 3, 4];
        let s = |a: Option<i64>, b: Option<i64>, c: Option<i64>| {
            slice(&v, a.as_ref(), b.as_ref(), c.as_ref())
                .unwrap()
                .into_iter()
                .copied()
                .collect::<Vec<_>>()
        };
        // Expected values from Python.
        assert_eq!(s(Some(1), Some(3), None), [1, 2]);
        assert_eq!(s(None, Some(3), None), [0, 1, 2]);
        assert_eq!(s(None, None, Some(2)), [0, 2, 4]);
        assert_eq!(s(None, None, Some(-1)), [4, 3, 2, 1, 0]);
        assert_eq!(s(Some(-2), None, None), [3, 4]);
        assert_eq!(s(Some(-10), Some(10), None), [0, 1, 2, 3, 4]);
        assert_eq!(s(Some(3), Some(1), Some(-1)), [3, 2]);
        assert_eq!(s(Some(10), None, Some(-2)), [4, 2, 0]);
        assert_eq!(s(Some(4), Some(1), None), Vec::<i32>::new());
        let text = |a: Option<i64>, b: Option<i64>, c: Option<i64>| {
            slice("héllo", a.as_ref(), b.as_ref(), c.as_ref()).unwrap()
        };
        assert_eq!(text(None, None, Some(-1)), "olléh");
        assert_eq!(text(Some(1), Some(3), None), "él");
        assert!(slice(&v, None::<&i64>, None::<&i64>, Some(&0)).is_err());
        assert!(slice(&v, Some("a"), None::<&i64>, None::<&i64>).is_err());
    }

    #[test]
    fn range_matches_python() {
        let r = |a: i64, b: Option<i64>, c: Option<i64>| {
            range(&a, b.as_ref(), c.as_ref())
                .unwrap()
                .collect::<Vec<_>>()
        };
        assert_eq!(r(3, None, None), [0, 1, 2]);
        assert_eq!(r(2, Some(5), None), [2, 3, 4]);
        assert_eq!(r(10, Some(0), Some(-3)), [10, 7, 4, 1]);
        assert_eq!(r(5, Some(2), None), Vec::<i64>::new());
        assert_eq!(range(&0, Some(&10), Some(&3)).unwrap().len(), 4);
        assert!(range(&0, Some(&1), Some(&0)).is_err());
    }
    #[test]
    fn get_item_never_panics_and_is_undefined_where_there_is_nothing() {
        let v = vec![10, 20, 30];
        assert_eq!(get_item(&v, 0).0, Some(&10));
        assert_eq!(get_item(&v, -1).0, Some(&30));
        assert_eq!(get_item(&v, 3).0, None);
        assert_eq!(get_item(&v, -4).0, None);
        assert_eq!(get_item(&v, "a").0, None);
        assert_eq!(get_item("héllo", 1).0, Some("é"));
        let m: BTreeMap<String, i32> = [("a".to_string(), 1)].into_iter().collect();
        assert_eq!(get_item(&m, "a").0, Some(&1));
        assert_eq!(get_item(&m, "b").0, None);
        let nested = vec![vec![1, 2]];
        assert_eq!(get_item(&get_item(&nested, 0), 1).0, Some(&2));
        assert_eq!(get_item(&get_item(&nested, 5), 1).0, None);
    }
}
