//! The state of `loop` in a `for` body, and the iterators that give it.

use std::borrow::Borrow;
use std::iter::Peekable;

use crate::value::Maybe;

/// The state of `loop` in a `for` body.
#[derive(Clone, Copy, Debug)]
pub struct Loop {
    /// Zero-based position.
    pub index0: usize,
    /// Number of items; only filled when the template asks for it.
    pub length: usize,
    /// Whether this is the last item; only filled when the template asks for it.
    pub last: bool,
}

impl Loop {
    /// `loop.index`.
    #[inline]
    pub fn index(&self) -> usize {
        self.index0 + 1
    }
    /// `loop.index0`.
    #[inline]
    pub fn index0(&self) -> usize {
        self.index0
    }
    /// `loop.revindex`.
    #[inline]
    pub fn revindex(&self) -> usize {
        self.length - self.index0
    }
    /// `loop.revindex0`.
    #[inline]
    pub fn revindex0(&self) -> usize {
        self.length - self.index0 - 1
    }
    /// `loop.first`.
    #[inline]
    pub fn first(&self) -> bool {
        self.index0 == 0
    }
    /// `loop.last`.
    #[inline]
    pub fn last(&self) -> bool {
        self.last
    }
    /// `loop.length`.
    #[inline]
    pub fn length(&self) -> usize {
        self.length
    }
    /// `loop.cycle(a, b, …)`: the argument at `index0` modulo their count.
    #[inline]
    pub fn cycle<'a, T>(&self, items: &'a [T]) -> &'a T {
        &items[self.index0 % items.len()]
    }

    /// `loop.cycle(*items)`: the item at `index0` modulo their count; an error for no
    /// items, as in Jinja2.
    pub fn cycle_of<'a, T: crate::value::Iterable + ?Sized>(
        &self,
        items: &'a T,
    ) -> crate::Result<T::Item<'a>> {
        let count = items.kiln_iter().count();
        let index = self.index0.checked_rem(count);
        index
            .and_then(|i| items.kiln_iter().nth(i))
            .ok_or_else(|| crate::Error::eval("no items for cycling given"))
    }
}

/// Iterates with a [`Loop`] beside each item. `LAST` says whether to look ahead for
/// `loop.last`.
pub struct LoopIter<I: Iterator, const LAST: bool> {
    iter: Peekable<I>,
    index0: usize,
    length: usize,
}

impl<I: Iterator, const LAST: bool> LoopIter<I, LAST> {
    /// Wraps `iter`; `length` is what `loop.length` reports.
    #[inline]
    pub fn new(iter: I, length: usize) -> Self {
        LoopIter {
            iter: iter.peekable(),
            index0: 0,
            length,
        }
    }
}

impl<I: Iterator, const LAST: bool> Iterator for LoopIter<I, LAST> {
    type Item = (I::Item, Loop);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let item = self.iter.next()?;
        let last = LAST && self.iter.peek().is_none();
        let state = Loop {
            index0: self.index0,
            length: self.length,
            last,
        };
        self.index0 += 1;
        Some((item, state))
    }
}

/// Iterates with the items before and after each one, for `loop.previtem` and
/// `loop.nextitem`: `(previous, item, next)`, the neighbours missing at either end.
pub struct Neighbours<I: Iterator> {
    iter: Peekable<I>,
    previous: Option<I::Item>,
}

impl<I: Iterator> Neighbours<I> {
    /// Wraps `iter`.
    #[inline]
    pub fn new(iter: I) -> Self {
        Neighbours {
            iter: iter.peekable(),
            previous: None,
        }
    }
}

impl<I: Iterator> Iterator for Neighbours<I>
where
    I::Item: Clone,
{
    type Item = (Maybe<I::Item>, I::Item, Maybe<I::Item>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let item = self.iter.next()?;
        let next = self.iter.peek().cloned();
        let previous = self.previous.replace(item.clone());
        Some((Maybe(previous), item, Maybe(next)))
    }
}

/// One value of `loop.changed(…)`: whether `value` differs from the one `slot` holds from
/// the previous iteration (true the first time); `slot` then holds an owned copy of it, so
/// that values computed in the body may be compared too.
#[inline]
pub fn changed<T: ToOwned + PartialEq + ?Sized>(
    slot: &std::cell::Cell<Option<T::Owned>>,
    value: &T,
) -> bool {
    let old = slot.take();
    let same = old.as_ref().is_some_and(|old| old.borrow() == value);
    slot.set(if same { old } else { Some(value.to_owned()) });
    !same
}

/// `loop.changed(a, b, …)`: whether any of the values changed.
#[inline]
pub fn any_changed<const N: usize>(changes: [bool; N]) -> bool {
    changes.contains(&true)
}

/// Collects an iterable so that `loop.length` is known before the first item.
#[inline]
pub fn collect<I: IntoIterator>(iter: I) -> Vec<I::Item> {
    iter.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Iterable as _;
    use std::collections::BTreeMap;

    #[test]
    fn loop_iter_reports_position() {
        let seen: Vec<(i32, usize, bool)> = LoopIter::<_, true>::new([1, 2, 3].into_iter(), 3)
            .map(|(x, l)| (x, l.index(), l.last()))
            .collect();
        assert_eq!(seen, [(1, 1, false), (2, 2, false), (3, 3, true)]);
        let l = Loop {
            index0: 1,
            length: 3,
            last: false,
        };
        assert_eq!((l.revindex(), l.revindex0(), l.first()), (2, 1, false));
        assert_eq!(*l.cycle(&["odd", "even"]), "even");
    }
    #[test]
    fn loops_see_through_references_and_iterate_like_jinja() {
        let v = vec![1, 2];
        let r: &[i32] = &v;
        let rr = &r;
        assert_eq!(rr.kiln_iter().copied().collect::<Vec<_>>(), [1, 2]);
        let map: BTreeMap<&str, i32> = [("b", 2), ("a", 1)].into_iter().collect();
        assert_eq!((&&map).kiln_iter().copied().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!("hé".kiln_iter().collect::<String>(), "hé");
    }
}
