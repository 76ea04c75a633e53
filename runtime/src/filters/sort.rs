//! Filters that order items: `sort`, `dictsort`, `min`, `max`, `groupby`.
//!
//! The template compiler turns the attribute (`sort(attribute="age,name")`) into a closure
//! that compares two items with [`compare_keys`]; the functions here run a stable sort with
//! it, as Python's `sorted` does. Comparisons can fail (`1` against `"a"` raises in Python),
//! so the sort is a merge sort that stops at the first error instead of `slice::sort_by`,
//! which may panic on an inconsistent order.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::ops::{Compare, CompareEq, Other, Val};
use crate::value::{Items, Mapping, Maybe};
use crate::Result;

/// A sort or comparison key that can ignore case: strings are lower-cased, other values
/// stay as they are (Jinja2's `ignore_case`).
pub trait CaseFold {
    /// The key with strings in lower case.
    fn fold_case(self) -> Self;
}

impl CaseFold for Val<'_> {
    fn fold_case(self) -> Self {
        match self {
            Val::Str(s) => Val::Str(Cow::Owned(s.to_lowercase())),
            other => other,
        }
    }
}

impl<T: ?Sized> CaseFold for Other<'_, T> {
    #[inline]
    fn fold_case(self) -> Self {
        self
    }
}

/// Compares two keys as Python's `sorted` does, lower-casing strings unless
/// `case_sensitive`. Mixing types that Python cannot order (numbers and strings) is an
/// error.
#[inline]
pub fn compare_keys<K: Compare<K> + CaseFold>(
    a: K,
    b: K,
    case_sensitive: bool,
) -> Result<Ordering> {
    if case_sensitive {
        a.order(&b)
    } else {
        a.fold_case().order(&b.fold_case())
    }
}

/// Whether two keys are equal (`unique`, `groupby`), lower-casing strings unless
/// `case_sensitive`. `1`, `1.0` and `true` are equal, as in Python.
#[inline]
pub fn same_key<K: CompareEq<K> + CaseFold>(a: K, b: K, case_sensitive: bool) -> bool {
    if case_sensitive {
        a.equals(&b)
    } else {
        a.fold_case().equals(&b.fold_case())
    }
}

/// A stable merge sort with a fallible comparison.
fn merge_sort<T>(
    mut items: Vec<T>,
    cmp: &mut impl FnMut(&T, &T) -> Result<Ordering>,
) -> Result<Vec<T>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items, cmp)?;
    let right = merge_sort(right, cmp)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        // Taking from the left on ties keeps the sort stable.
        let next = if cmp(l, r)? == Ordering::Greater {
            right.next()
        } else {
            left.next()
        };
        out.extend(next);
    }
    out.extend(left);
    out.extend(right);
    Ok(out)
}

/// Sorts stably; `reverse` sorts descending while keeping equal items in their order, as
/// Python's `sorted(reverse=True)` does.
fn sorted<T>(
    items: Vec<T>,
    reverse: bool,
    mut cmp: impl FnMut(&T, &T) -> Result<Ordering>,
) -> Result<Vec<T>> {
    merge_sort(items, &mut |a, b| {
        Ok(if reverse {
            cmp(a, b)?.reverse()
        } else {
            cmp(a, b)?
        })
    })
}

/// `sort(reverse=false, case_sensitive=false, attribute=none)`: the items sorted stably by
/// `cmp`, which the template compiler writes from `attribute` and `case_sensitive`.
pub fn sort<I, F>(value: I, reverse: bool, cmp: F) -> Result<Vec<I::Item>>
where
    I: Items,
    F: FnMut(&I::Item, &I::Item) -> Result<Ordering>,
{
    sorted(value.items().collect(), reverse, cmp)
}

/// A key–value pair of a map, as `dictsort` yields it.
pub type Pair<'a, M> = (&'a <M as Mapping>::Key, &'a <M as Mapping>::Value);

/// `dictsort(case_sensitive=false, by="key", reverse=false)`: the `(key, value)` pairs of a
/// map sorted by key or value; `cmp` compares the chosen halves.
pub fn dictsort<'a, M, F>(value: &'a M, reverse: bool, cmp: F) -> Result<Vec<Pair<'a, M>>>
where
    M: Mapping + ?Sized,
    F: FnMut(&Pair<'a, M>, &Pair<'a, M>) -> Result<Ordering>,
{
    sorted(value.pairs().collect(), reverse, cmp)
}

/// `min(case_sensitive=false, attribute=none)`: the first smallest item; nothing (Jinja2's
/// undefined) for an empty sequence.
///
/// ```
/// use kiln::Template;
///
/// struct User {
///     name: &'static str,
///     age: u32,
/// }
///
/// #[derive(Template)]
/// #[template(
///     source = "{{ users|min(attribute=\"age\")|attr(\"name\") }} {{ users|max(attribute=\"age\")|attr(\"name\") }}",
///     ext = "txt"
/// )]
/// struct Oldest {
///     users: Vec<User>,
/// }
///
/// let users = vec![User { name: "ada", age: 36 }, User { name: "bob", age: 25 }];
/// assert_eq!(Oldest { users }.render().unwrap(), "bob ada");
/// ```
pub fn min<I, F>(value: I, mut cmp: F) -> Result<Maybe<I::Item>>
where
    I: Items,
    F: FnMut(&I::Item, &I::Item) -> Result<Ordering>,
{
    let mut best = None;
    for item in value.items() {
        best = match best {
            Some(current) if cmp(&item, &current)? != Ordering::Less => Some(current),
            _ => Some(item),
        };
    }
    Ok(Maybe(best))
}

/// `max(case_sensitive=false, attribute=none)`: the first largest item; nothing for an empty
/// sequence.
pub fn max<I, F>(value: I, mut cmp: F) -> Result<Maybe<I::Item>>
where
    I: Items,
    F: FnMut(&I::Item, &I::Item) -> Result<Ordering>,
{
    let mut best = None;
    for item in value.items() {
        best = match best {
            Some(current) if cmp(&item, &current)? != Ordering::Greater => Some(current),
            _ => Some(item),
        };
    }
    Ok(Maybe(best))
}

/// One group of `groupby`: the grouper (the attribute's value in the group's first item)
/// and the items. A tuple, so `{% for city, users in people|groupby("city") %}` unpacks it.
pub type Group<I, K> = (K, Vec<<I as Items>::Item>);

/// `groupby(attribute, default=none, case_sensitive=false)`: the items sorted by `order`,
/// then split into runs whose keys are `same`; each run's grouper is `grouper` of its first
/// item (so it keeps its case when grouping ignores case, as in Jinja2).
pub fn groupby<I, O, E, G, K>(
    value: I,
    order: O,
    mut same: E,
    mut grouper: G,
) -> Result<Vec<Group<I, K>>>
where
    I: Items,
    I::Item: Clone,
    O: FnMut(&I::Item, &I::Item) -> Result<Ordering>,
    E: FnMut(&I::Item, &I::Item) -> Result<bool>,
    G: FnMut(I::Item) -> Result<K>,
{
    let items = sort(value, false, order)?;
    let mut groups: Vec<Vec<I::Item>> = Vec::new();
    for item in items {
        match groups.last_mut() {
            Some(group) if same(&group[0], &item)? => group.push(item),
            _ => groups.push(vec![item]),
        }
    }
    groups
        .into_iter()
        .map(|group| Ok((grouper(group[0].clone())?, group)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Operand;
    use std::collections::BTreeMap;

    fn by_value<T: Operand>(cs: bool) -> impl FnMut(&&T, &&T) -> Result<Ordering> {
        move |a, b| compare_keys(a.operand(), b.operand(), cs)
    }

    #[test]
    fn sort_is_stable_and_case_insensitive_by_default() {
        let words = vec!["b", "A", "a", "B"];
        assert_eq!(
            sort(&words, false, by_value(false)).unwrap(),
            [&"A", &"a", &"b", &"B"]
        );
        assert_eq!(
            sort(&words, false, by_value(true)).unwrap(),
            [&"A", &"B", &"a", &"b"]
        );
        assert_eq!(
            sort(&words, true, by_value(false)).unwrap(),
            [&"b", &"B", &"A", &"a"]
        );
    }

    #[test]
    fn sorting_mixed_types_is_an_error_not_a_panic() {
        let nums = vec![Val::Int(1), Val::Str("a".into()), Val::Float(f64::NAN)];
        assert!(sort(&nums, false, by_value(false)).is_err());
        let floats = vec![3.0, f64::NAN, 1.0, 2.0];
        assert_eq!(sort(&floats, false, by_value(false)).unwrap().len(), 4);
    }

    #[test]
    fn min_and_max_keep_the_first_of_equals() {
        let words = vec!["b", "A", "a", "B"];
        assert_eq!(min(&words, by_value(false)).unwrap(), Maybe(Some(&"A")));
        assert_eq!(max(&words, by_value(false)).unwrap(), Maybe(Some(&"b")));
        assert_eq!(
            max(&Vec::<i32>::new(), by_value(false)).unwrap(),
            Maybe(None)
        );
    }

    #[test]
    fn dictsort_by_key_and_value() {
        let map: BTreeMap<&str, i32> = [("b", 1), ("a", 2)].into_iter().collect();
        let by_value = dictsort(&map, false, |a, b| {
            compare_keys(a.1.operand(), b.1.operand(), false)
        })
        .unwrap();
        assert_eq!(by_value, [(&"b", &1), (&"a", &2)]);
    }

    #[test]
    fn groupby_keeps_the_first_case() {
        let cities = vec!["NY", "CA", "ca", "NY"];
        let groups = groupby(
            &cities,
            by_value(false),
            |a, b| Ok(same_key(a.operand(), b.operand(), false)),
            |city| Ok(*city),
        )
        .unwrap();
        assert_eq!(
            groups,
            [("CA", vec![&"CA", &"ca"]), ("NY", vec![&"NY", &"NY"])]
        );
    }
}
