//! Filters that pick, transform and regroup the items of a sequence: `map`, `select`,
//! `reject`, `selectattr`, `rejectattr`, `unique`, `sum`, `list`, `reverse`, `items`,
//! `batch`, `slice`.
//!
//! The parts of these filters that name an attribute or another filter or test
//! (`map(attribute="name")`, `select("odd")`) are compiled into closures by the template
//! compiler; the functions here only apply them. Results are `Vec`s (Jinja2 returns lazy
//! generators, which print as `<generator …>` and are only useful to loop over or to pass
//! on, which `Vec`s do too).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;

use crate::escape::Safe;
use crate::ops::{self, Operand, Val};
use crate::value::{Items, Iterable};
use crate::{Error, Result};

/// One of two values of different types: an item or the `fill_with` of `batch`/`slice`, the
/// singular or plural of `pluralize`. Prints, tests and compares like the value it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Either<A, B> {
    /// The first kind (an item; the singular).
    Left(A),
    /// The second kind (the filler; the plural).
    Right(B),
}

crate::value::forward_two_variants!(Either, Left, Right);

impl<A: fmt::Display, B: fmt::Display> fmt::Display for Either<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Either::Left(a) => a.fmt(f),
            Either::Right(b) => b.fmt(f),
        }
    }
}

/// `map(attribute=…)` / `map("filter", …)`: `f` applied to each item. The template compiler
/// writes `f` from the attribute path or the filter call.
pub fn map<I, F, R>(value: I, mut f: F) -> Result<Vec<R>>
where
    I: Items,
    F: FnMut(I::Item) -> Result<R>,
{
    value.items().map(&mut f).collect()
}

/// `select`, `reject`, `selectattr`, `rejectattr`: the items for which `keep` is true. The
/// template compiler writes `keep` from the test (and attribute), negated for `reject*`.
pub fn select<I, F>(value: I, mut keep: F) -> Result<Vec<I::Item>>
where
    I: Items,
    F: FnMut(&I::Item) -> Result<bool>,
{
    let mut out = Vec::new();
    for item in value.items() {
        if keep(&item)? {
            out.push(item);
        }
    }
    Ok(out)
}

/// `unique(case_sensitive=false, attribute=none)`: the items in order of first occurrence,
/// leaving out any whose key equals the key of an earlier one. `same` compares the keys of
/// two items (case-insensitively unless `case_sensitive`, through `same_key`).
pub fn unique<I, F>(value: I, mut same: F) -> Result<Vec<I::Item>>
where
    I: Items,
    F: FnMut(&I::Item, &I::Item) -> Result<bool>,
{
    let mut out: Vec<I::Item> = Vec::new();
    'items: for item in value.items() {
        for seen in &out {
            if same(seen, &item)? {
                continue 'items;
            }
        }
        out.push(item);
    }
    Ok(out)
}

/// `sum(attribute=none, start=0)`: `start` plus every item (or the item's attribute, which
/// `term` picks), added with Jinja's `+`.
pub fn sum<I, S, F>(value: I, start: &S, mut term: F) -> Result<Val<'static>>
where
    I: Items,
    S: Operand + ?Sized,
    F: FnMut(I::Item) -> Result<Val<'static>>,
{
    let mut total = start.operand().into_owned();
    for item in value.items() {
        total = ops::add(total, term(item)?)?.into_owned();
    }
    Ok(total)
}

/// `list`: the items in a `Vec` (characters of a string, keys of a map).
pub fn list<I: Items>(value: I) -> Result<Vec<I::Item>> {
    Ok(value.items().collect())
}

/// What `reverse` returns for a type: the string reversed for strings, the items in reverse
/// order for other collections.
pub trait Reverse {
    /// The reversed value.
    type Output<'a>
    where
        Self: 'a;
    /// Reverses.
    fn reversed(&self) -> Self::Output<'_>;
}

macro_rules! reverse_str {
    ($($ty:ty),*) => {$(
        impl Reverse for $ty {
            type Output<'a> = String where Self: 'a;
            fn reversed(&self) -> String {
                self.chars().rev().collect()
            }
        }
    )*};
}
reverse_str!(str, String, std::borrow::Cow<'_, str>);

macro_rules! reverse_items {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Reverse for $ty {
            type Output<'a> = Vec<<Self as Iterable>::Item<'a>> where Self: 'a;
            fn reversed(&self) -> Self::Output<'_> {
                let mut items: Vec<_> = self.kiln_iter().collect();
                items.reverse();
                items
            }
        }
    )*};
}
reverse_items!(
    [T] [T],
    [T] Vec<T>,
    [T] VecDeque<T>,
    [T, const N: usize] [T; N],
    [T] BTreeSet<T>,
    [T, S] HashSet<T, S>,
    [K, V] BTreeMap<K, V>,
    [K, V, S] HashMap<K, V, S>,
    [] crate::__private::Range,
);

macro_rules! reverse_range {
    ($($ty:ty),*) => {$(
        reverse_items!([] std::ops::Range<$ty>);
    )*};
}
reverse_range!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl<T: Reverse + ?Sized> Reverse for &T {
    type Output<'a>
        = T::Output<'a>
    where
        Self: 'a;
    fn reversed(&self) -> Self::Output<'_> {
        (**self).reversed()
    }
}

impl<T: Reverse + ?Sized> Reverse for Safe<T> {
    type Output<'a>
        = T::Output<'a>
    where
        Self: 'a;
    fn reversed(&self) -> Self::Output<'_> {
        self.0.reversed()
    }
}

/// `reverse`: a string reversed, or the items of a collection in reverse order.
pub fn reverse<T: Reverse + ?Sized>(value: &T) -> Result<T::Output<'_>> {
    Ok(value.reversed())
}

/// A map, as `items`, `dictsort`, `xmlattr` and `is mapping` see it.
pub trait Mapping {
    /// The key type.
    type Key;
    /// The value type.
    type Value;
    /// The key–value pairs, in the map's order.
    fn pairs(&self) -> impl Iterator<Item = (&Self::Key, &Self::Value)>;
}

impl<K, V> Mapping for BTreeMap<K, V> {
    type Key = K;
    type Value = V;
    fn pairs(&self) -> impl Iterator<Item = (&K, &V)> {
        self.iter()
    }
}

impl<K, V, S> Mapping for HashMap<K, V, S> {
    type Key = K;
    type Value = V;
    fn pairs(&self) -> impl Iterator<Item = (&K, &V)> {
        self.iter()
    }
}

impl<M: Mapping + ?Sized> Mapping for &M {
    type Key = M::Key;
    type Value = M::Value;
    fn pairs(&self) -> impl Iterator<Item = (&M::Key, &M::Value)> {
        (**self).pairs()
    }
}

/// An absent map has no items, as Jinja2's `items` gives nothing for undefined.
impl<M: Mapping> Mapping for Option<M> {
    type Key = M::Key;
    type Value = M::Value;
    fn pairs(&self) -> impl Iterator<Item = (&M::Key, &M::Value)> {
        self.iter().flat_map(M::pairs)
    }
}

/// `items`: the `(key, value)` pairs of a map; nothing for an absent (`None`) map.
pub fn items<M: Mapping + ?Sized>(value: &M) -> Result<Vec<(&M::Key, &M::Value)>> {
    Ok(value.pairs().collect())
}

/// An integer argument of a filter (any integer type, or `bool`, as Python allows).
pub(crate) fn int_arg<N: Operand + ?Sized>(filter: &'static str, what: &str, n: &N) -> Result<i64> {
    match n.operand() {
        Val::Int(i) => {
            i64::try_from(i).map_err(|_| Error::filter(filter, format!("`{what}` is out of range")))
        }
        Val::Bool(b) => Ok(i64::from(b)),
        other => Err(Error::filter(
            filter,
            format!("`{what}` must be an integer, not `{}`", other.type_name()),
        )),
    }
}

/// A count or width argument: any integer type, as Jinja takes any int; a negative one is
/// an error.
pub(crate) fn count_arg<N: Operand + ?Sized>(
    filter: &'static str,
    what: &str,
    n: &N,
) -> Result<usize> {
    let n = int_arg(filter, what, n)?;
    usize::try_from(n)
        .map_err(|_| Error::filter(filter, format!("`{what}` must not be negative, not {n}")))
}

fn positive<N: Operand + ?Sized>(filter: &'static str, what: &str, n: &N) -> Result<usize> {
    let n = int_arg(filter, what, n)?;
    usize::try_from(n)
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| Error::filter(filter, format!("`{what}` must be at least 1, not {n}")))
}

/// `batch(linecount)`: the items in lists of `linecount` (the last may be shorter).
pub fn batch<I: Items, N: Operand>(value: I, linecount: N) -> Result<Vec<Vec<I::Item>>> {
    let size = positive("batch", "linecount", &linecount)?;
    let mut out = Vec::new();
    let mut row = Vec::with_capacity(size);
    for item in value.items() {
        if row.len() == size {
            out.push(std::mem::replace(&mut row, Vec::with_capacity(size)));
        }
        row.push(item);
    }
    if !row.is_empty() {
        out.push(row);
    }
    Ok(out)
}

/// `batch(linecount, fill_with)`: as [`batch`], with the last list filled up to `linecount`
/// items with `fill_with`.
#[allow(clippy::type_complexity)]
pub fn batch_fill<I: Items, N: Operand, F: Clone>(
    value: I,
    linecount: N,
    fill_with: F,
) -> Result<Vec<Vec<Either<I::Item, F>>>> {
    let size = positive("batch", "linecount", &linecount)?;
    let mut out: Vec<Vec<Either<I::Item, F>>> = batch(value, linecount)?
        .into_iter()
        .map(|row| row.into_iter().map(Either::Left).collect())
        .collect();
    if let Some(last) = out.last_mut() {
        while last.len() < size {
            last.push(Either::Right(fill_with.clone()));
        }
    }
    Ok(out)
}

/// The bounds of Jinja2's `slice`: `slices` columns, the first `len % slices` one longer.
fn slice_bounds(len: usize, slices: usize) -> impl Iterator<Item = (usize, usize, bool)> {
    let per = len / slices;
    let with_extra = len % slices;
    (0..slices).map(move |i| {
        let start = i * per + i.min(with_extra);
        let end = start + per + usize::from(i < with_extra);
        (start, end, i >= with_extra)
    })
}

/// `slice(slices)`: the items cut into `slices` lists of (nearly) equal length, for columns.
pub fn slice<I: Items, N: Operand>(value: I, slices: N) -> Result<Vec<Vec<I::Item>>> {
    let slices = positive("slice", "slices", &slices)?;
    let all: Vec<_> = value.items().collect();
    let len = all.len();
    let mut all = all.into_iter();
    Ok(slice_bounds(len, slices)
        .map(|(start, end, _)| all.by_ref().take(end - start).collect())
        .collect())
}

/// `slice(slices, fill_with)`: as [`slice()`], with `fill_with` appended to each of the
/// shorter lists.
#[allow(clippy::type_complexity)]
pub fn slice_fill<I: Items, N: Operand, F: Clone>(
    value: I,
    slices: N,
    fill_with: F,
) -> Result<Vec<Vec<Either<I::Item, F>>>> {
    let count = positive("slice", "slices", &slices)?;
    let columns = slice(value, slices)?;
    let len: usize = columns.iter().map(Vec::len).sum();
    Ok(columns
        .into_iter()
        .zip(slice_bounds(len, count))
        .map(|(column, (_, _, short))| {
            let mut column: Vec<_> = column.into_iter().map(Either::Left).collect();
            if short {
                column.push(Either::Right(fill_with.clone()));
            }
            column
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::to_string;

    #[test]
    fn map_and_select_apply_closures() {
        let words = vec!["a", "bb", "ccc"];
        let lengths = map(&words, |w| Ok(w.len())).unwrap();
        assert_eq!(lengths, [1, 2, 3]);
        let long = select(&words, |w| Ok(w.len() > 1)).unwrap();
        assert_eq!(long, [&"bb", &"ccc"]);
        assert!(select(&words, |_| Err(Error::filter("x", "boom"))).is_err());
    }

    #[test]
    fn unique_keeps_first_occurrences() {
        let words = vec!["a", "B", "b", "A", "c"];
        let kept = unique(&words, |a, b| Ok(a.eq_ignore_ascii_case(b))).unwrap();
        assert_eq!(kept, [&"a", &"B", &"c"]);
    }

    #[test]
    fn sum_adds_with_jinja_plus() {
        let nums = vec![1, 2, 3];
        assert_eq!(
            sum(&nums, &10, |n| Ok(n.operand().into_owned())).unwrap(),
            Val::Int(16)
        );
        let floats = vec![0.5, 0.25];
        assert_eq!(
            sum(&floats, &0, |n| Ok(n.operand().into_owned())).unwrap(),
            Val::Float(0.75)
        );
        let words = vec!["a"];
        assert!(sum(&words, &0, |n| Ok(n.operand().into_owned())).is_err());
    }

    #[test]
    fn reverse_and_list() {
        assert_eq!(reverse("abc").unwrap(), "cba");
        assert_eq!(reverse(&vec![1, 2, 3]).unwrap(), [&3, &2, &1]);
        assert_eq!(list("héj").unwrap(), ['h', 'é', 'j']);
        let map: BTreeMap<&str, i32> = [("b", 2), ("a", 1)].into_iter().collect();
        assert_eq!(list(&map).unwrap(), [&"a", &"b"]);
        assert_eq!(items(&map).unwrap(), [(&"a", &1), (&"b", &2)]);
        assert!(items(&None::<BTreeMap<i32, i32>>).unwrap().is_empty());
    }

    #[test]
    fn batch_matches_jinja2() {
        let nums: Vec<i32> = (1..=7).collect();
        let rows = batch(&nums, 3).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2], [&7]);
        let filled = batch_fill(&nums, 3, "-").unwrap();
        assert_eq!(to_string(&filled[2][2]), "-");
        assert_eq!(filled[2].len(), 3);
        assert!(batch(&nums, 0).is_err());
    }

    #[test]
    fn slice_matches_jinja2() {
        // Jinja2: [1..7]|slice(3) -> [[1, 2, 3], [4, 5], [6, 7]]
        let nums: Vec<i32> = (1..=7).collect();
        let columns = slice(&nums, 3).unwrap();
        assert_eq!(columns, [vec![&1, &2, &3], vec![&4, &5], vec![&6, &7]]);
        let filled = slice_fill(&nums, 3, 0).unwrap();
        assert_eq!(filled[0].len(), 3);
        assert_eq!(filled[1][2], Either::Right(0));
        assert_eq!(slice(&Vec::<i32>::new(), 2).unwrap().len(), 2);
    }
}
