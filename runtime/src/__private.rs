//! Support for the code that `#[derive(Template)]` generates. Not a public API: it changes
//! with `kiln_derive`, which `kiln` pins to its exact version.
//!
//! Several helpers use autoref specialization: the generated code calls a method on
//! `&Wrapper(&value)`; if the value's type implements the preferred trait, method lookup
//! finds that impl first, otherwise it auto-refs once more and finds the fallback. This
//! works because generated code calls them on concrete types.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::iter::Peekable;

pub use crate::escape::{Escaper, Html, Safe, Text};
pub use crate::filters::Iterable;
pub use crate::ops::{self, Other, Val};
pub use crate::size_hint::LearnedSize;
pub use crate::value::{Render, Truthy};
pub use crate::{Buffer, Error, FmtOutput, Output, Result, Template};
pub use core;
pub use std;

pub use crate::__kiln_respond as respond;
pub use crate::web;
#[cfg(feature = "actix-web")]
pub use actix_web;
#[cfg(feature = "axum")]
pub use axum_core;
#[cfg(feature = "poem")]
pub use poem;
#[cfg(feature = "rocket")]
pub use rocket;
#[cfg(feature = "warp")]
pub use warp;

use crate::escape::EscapingWriter;
use crate::filters::Maybe;
use crate::ops::Operand;

/// Wraps a value to print it: through [`Render`] if it has it, else through `Display`.
pub struct Wrap<'a, T: ?Sized>(pub &'a T);

/// The preferred printing path.
pub trait ViaRender {
    /// Writes the wrapped value.
    fn kiln_write<W: Output + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result;
}

impl<T: Render + ?Sized> ViaRender for Wrap<'_, T> {
    #[inline]
    fn kiln_write<W: Output + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        self.0.render_to(out, escaper)
    }
}

/// The fallback printing path: `Display`, escaped.
pub trait ViaDisplay {
    /// Writes the wrapped value.
    fn kiln_write<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result;
}

impl<T: fmt::Display + ?Sized> ViaDisplay for &Wrap<'_, T> {
    #[inline]
    fn kiln_write<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result {
        use fmt::Write as _;
        write!(
            EscapingWriter {
                inner: out,
                escaper
            },
            "{}",
            self.0
        )
    }
}

/// Wraps a value to test it: through [`Truthy`] if it has it; else, for a value that may be
/// missing (an `Option` or a [`Maybe`], such as `loop.previtem`), whether it is there; else
/// it is true. Generated code calls `(&&&Truth(&value)).kiln_true()`: each `&` that method
/// lookup takes off reaches the next, less specific, trait.
pub struct Truth<'a, T: ?Sized>(pub &'a T);

/// The preferred truthiness path.
pub trait ViaTruthy {
    /// Whether the wrapped value is true.
    fn kiln_true(&self) -> bool;
}

impl<T: Truthy + ?Sized> ViaTruthy for &&Truth<'_, T> {
    #[inline]
    fn kiln_true(&self) -> bool {
        self.0.is_true()
    }
}

/// The path for a value that may be missing and whose content has no truthiness (a
/// struct): it is true when present, as a Python object is.
pub trait ViaPresence {
    /// Whether the wrapped value is there.
    fn kiln_true(&self) -> bool;
}

impl<T> ViaPresence for &Truth<'_, Maybe<T>> {
    #[inline]
    fn kiln_true(&self) -> bool {
        self.0 .0.is_some()
    }
}

impl<T> ViaPresence for &Truth<'_, Option<T>> {
    #[inline]
    fn kiln_true(&self) -> bool {
        self.0.is_some()
    }
}

/// The fallback: any other value is true, as objects are in Python.
pub trait AlwaysTrue {
    /// Always `true`.
    fn kiln_true(&self) -> bool;
}

impl<T: ?Sized> AlwaysTrue for Truth<'_, T> {
    #[inline]
    fn kiln_true(&self) -> bool {
        true
    }
}

/// Wraps an operand of a comparison or arithmetic: a [`Val`] for primitive types, else
/// [`Other`], compared through `PartialEq`/`PartialOrd`.
pub struct Op<'a, T: ?Sized>(pub &'a T);

/// The preferred operand path.
pub trait ViaOperand<'a> {
    /// The operand.
    fn kiln_op(&self) -> Val<'a>;
}

impl<'a, T: Operand + ?Sized> ViaOperand<'a> for Op<'a, T> {
    #[inline]
    fn kiln_op(&self) -> Val<'a> {
        self.0.operand()
    }
}

/// The fallback operand path.
pub trait ViaOther<'a, T: ?Sized> {
    /// The operand.
    fn kiln_op(&self) -> Other<'a, T>;
}

impl<'a, T: ?Sized> ViaOther<'a, T> for &Op<'a, T> {
    #[inline]
    fn kiln_op(&self) -> Other<'a, T> {
        Other(self.0)
    }
}

/// How deep macros may call themselves, or a recursive loop may nest, before rendering
/// fails, instead of overflowing the stack (Python stops at 1000 frames; a Rust frame per
/// level is larger).
pub const MAX_MACRO_DEPTH: usize = 256;

/// The body of a macro as generated code writes it: a closure that gets a handle to call
/// the macro again (recursion), the arguments, and the output.
pub type MacroBody<'f, A, W> =
    dyn Fn(&dyn Fn(A, &mut W) -> Result<()>, A, &mut W) -> Result<()> + 'f;

/// Runs a macro. Generated code passes the arguments first, so rustc knows their types
/// before it checks the closure, whose parameters then need no annotations.
#[inline]
pub fn call_macro<A, W: ?Sized, F>(args: A, body: F, out: &mut W) -> Result<()>
where
    F: Fn(&dyn Fn(A, &mut W) -> Result<()>, A, &mut W) -> Result<()>,
{
    fn run<A, W: ?Sized>(
        body: &MacroBody<'_, A, W>,
        depth: &std::cell::Cell<usize>,
        args: A,
        out: &mut W,
    ) -> Result<()> {
        if depth.get() >= MAX_MACRO_DEPTH {
            return Err(Error::eval(format!(
                "macros call each other more than {MAX_MACRO_DEPTH} levels deep"
            )));
        }
        depth.set(depth.get() + 1);
        let result = body(&|a, o| run(body, depth, a, o), args, out);
        depth.set(depth.get() - 1);
        result
    }
    run(&body, &std::cell::Cell::new(0), args, out)
}

/// The body of a recursive loop as generated code writes it: a closure that renders one
/// level from its items and its depth (`loop.depth`), with a handle that renders the next.
///
/// The items are a `dyn Iterator` because each level iterates a different collection
/// (`loop(item.children)`): only the items' type is the same at every level.
pub type LoopLevel<'f, T, W> = dyn Fn(
        &dyn Fn(&mut dyn Iterator<Item = T>, &mut W) -> Result<()>,
        &mut dyn Iterator<Item = T>,
        usize,
        &mut W,
    ) -> Result<()>
    + 'f;

/// Runs a recursive loop (`{% for … recursive %}`) over `items`. Generated code passes the
/// items first, so rustc knows their type before it checks the closure.
#[inline]
pub fn recursive_loop<T, W: ?Sized, F>(
    items: &mut dyn Iterator<Item = T>,
    body: F,
    out: &mut W,
) -> Result<()>
where
    F: Fn(
        &dyn Fn(&mut dyn Iterator<Item = T>, &mut W) -> Result<()>,
        &mut dyn Iterator<Item = T>,
        usize,
        &mut W,
    ) -> Result<()>,
{
    fn level<T, W: ?Sized>(
        body: &LoopLevel<'_, T, W>,
        items: &mut dyn Iterator<Item = T>,
        depth: usize,
        out: &mut W,
    ) -> Result<()> {
        if depth > MAX_MACRO_DEPTH {
            return Err(Error::eval(format!(
                "a recursive loop nests more than {MAX_MACRO_DEPTH} levels deep"
            )));
        }
        body(
            &|children, out| level(body, children, depth + 1, out),
            items,
            depth,
            out,
        )
    }
    level(&body, items, 1, out)
}

/// A marker of the borrow of `value`: an enum template's variant views hold one, so that
/// rustc infers their generic parameters from the enum's.
#[inline(always)]
pub fn phantom_of<T: ?Sized>(value: &T) -> std::marker::PhantomData<&T> {
    let _ = value;
    std::marker::PhantomData
}

/// The size estimate of an enum template: the largest of its variants'.
pub const fn max_size(sizes: &[usize]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < sizes.len() {
        if sizes[i] > max {
            max = sizes[i];
        }
        i += 1;
    }
    max
}

/// The content type of an enum template whose variants render other templates: the one
/// they all have. A variant of another type stops the build, in const evaluation, with
/// this panic's message: one response has one `Content-Type`.
pub const fn same_content_type(types: &[&'static str]) -> &'static str {
    let first = types[0].as_bytes();
    let mut i = 1;
    while i < types.len() {
        let other = types[i].as_bytes();
        let mut same = other.len() == first.len();
        let mut j = 0;
        while same && j < first.len() {
            same = first[j] == other[j];
            j += 1;
        }
        assert!(
            same,
            "the variants of an enum template render different content types (`Template::CONTENT_TYPE`)"
        );
        i += 1;
    }
    types[0]
}

/// Attaches the template location of an expression to its error.
#[inline]
pub fn located<T>(result: Result<T>, location: &'static str) -> Result<T> {
    match result {
        Ok(value) => Ok(value),
        Err(err) => Err(err.at(location)),
    }
}

/// Wraps a macro argument: primitive values (numbers, strings, `bool`, `Option`s of those)
/// become a [`Val`], so a parameter has one type whether a call passes a field, a literal
/// or `n - 1`; any other value is passed by reference.
pub struct Arg<'a, T: ?Sized>(pub &'a T);

/// The preferred macro-argument path.
pub trait ViaArgVal<'a> {
    /// The argument.
    fn kiln_arg(&self) -> Val<'a>;
}

impl<'a, T: Operand + ?Sized> ViaArgVal<'a> for Arg<'a, T> {
    #[inline]
    fn kiln_arg(&self) -> Val<'a> {
        self.0.operand()
    }
}

/// The fallback macro-argument path.
pub trait ViaArgRef<'a, T: ?Sized> {
    /// The argument.
    fn kiln_arg(&self) -> &'a T;
}

impl<'a, T: ?Sized> ViaArgRef<'a, T> for &Arg<'a, T> {
    #[inline]
    fn kiln_arg(&self) -> &'a T {
        self.0
    }
}

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

/// Jinja's `dict.items()`, `dict.keys()` and `dict.values()` on Rust maps.
pub trait MapMethods {
    /// The key type.
    type Key;
    /// The value type.
    type Value;
    /// Key–value pairs.
    fn items(&self) -> impl Iterator<Item = (&Self::Key, &Self::Value)>;
    /// Keys.
    fn keys(&self) -> impl Iterator<Item = &Self::Key>;
    /// Values.
    fn values(&self) -> impl Iterator<Item = &Self::Value>;
}

macro_rules! map_methods {
    ($([$($gen:tt)*] $map:ident<$($ty:ident),*>),*) => {$(
        impl<$($gen)*> MapMethods for $map<$($ty),*> {
            type Key = K;
            type Value = V;
            fn items(&self) -> impl Iterator<Item = (&K, &V)> {
                self.iter()
            }
            fn keys(&self) -> impl Iterator<Item = &K> {
                $map::keys(self)
            }
            fn values(&self) -> impl Iterator<Item = &V> {
                $map::values(self)
            }
        }
    )*};
}
map_methods!([K, V] BTreeMap<K, V>, [K, V, S] HashMap<K, V, S>);

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

/// `container[key]`.
#[inline]
pub fn get_item<C: GetItem<K> + ?Sized, K>(container: &C, key: K) -> Result<&C::Output> {
    container.get_item(key)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn call_macro_recurses_and_stops_at_the_depth_limit() {
        let mut out = String::new();
        call_macro(
            3u32,
            |rec, n, out: &mut String| {
                out.push_str(&n.to_string());
                if n > 0 {
                    rec(n - 1, out)?;
                }
                Ok(())
            },
            &mut out,
        )
        .unwrap();
        assert_eq!(out, "3210");
        let err =
            call_macro(0u32, |rec, n, out: &mut String| rec(n + 1, out), &mut out).unwrap_err();
        assert!(err.to_string().contains("more than 256 levels"), "{err}");
    }

    #[test]
    fn recursive_loop_passes_depth_and_stops_at_the_limit() {
        struct Node(&'static str, Vec<Node>);
        let tree = [
            Node(
                "a",
                vec![Node("b", vec![]), Node("c", vec![Node("d", vec![])])],
            ),
            Node("e", vec![]),
        ];
        let mut out = String::new();
        recursive_loop(
            &mut tree.iter(),
            |next, items, depth, out: &mut String| {
                for node in items {
                    out.push_str(&format!("{}{depth}(", node.0));
                    next(&mut node.1.iter(), out)?;
                    out.push(')');
                }
                Ok(())
            },
            &mut out,
        )
        .unwrap();
        assert_eq!(out, "a1(b2()c2(d3()))e1()");

        let err = recursive_loop(
            &mut std::iter::once(()),
            |next, _, _, out: &mut String| next(&mut std::iter::once(()), out),
            &mut out,
        )
        .unwrap_err();
        assert!(err.to_string().contains("more than 256 levels"), "{err}");
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
    fn get_item_never_panics() {
        let v = vec![10, 20, 30];
        assert_eq!(*get_item(&v, 0).unwrap(), 10);
        assert_eq!(*get_item(&v, -1).unwrap(), 30);
        assert!(get_item(&v, 3).is_err());
        assert!(get_item(&v, -4).is_err());
        assert_eq!(get_item("héllo", 1).unwrap(), "é");
        let m: BTreeMap<String, i32> = [("a".to_string(), 1)].into_iter().collect();
        assert_eq!(*get_item(&m, "a").unwrap(), 1);
        assert!(get_item(&m, "b").is_err());
    }

    #[test]
    // RATIONALE: the extra `&` mirrors the generated code, where it selects the fallback.
    #[allow(clippy::needless_borrow)]
    fn specialization_picks_render_then_display() {
        use std::fmt::Write as _;
        struct Shout;
        impl fmt::Display for Shout {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<HI>")
            }
        }
        let mut out = String::new();
        (&Wrap(&Shout)).kiln_write(&mut out, Html).unwrap();
        (&Wrap(&true)).kiln_write(&mut out, Html).unwrap();
        (&Wrap(&2.0f64)).kiln_write(&mut out, Html).unwrap();
        write!(out, "|").unwrap();
        assert_eq!(out, "&lt;HI&gt;True2.0|");
        assert!((&&&Truth(&Shout)).kiln_true());
        assert!(!(&&&Truth(&0u8)).kiln_true());
        // A missing value is false whatever it holds; a present one is tested by its
        // content when that has a truthiness.
        assert!(!(&&&Truth(&Maybe::<Shout>(None))).kiln_true());
        assert!((&&&Truth(&Some(Shout))).kiln_true());
        assert!(!(&&&Truth(&None::<Shout>)).kiln_true());
        assert!(!(&&&Truth(&Some(0u8))).kiln_true());
        assert!((&&&Truth(&Maybe(Some(1u8)))).kiln_true());
        assert_eq!((&Op(&&&3u8)).kiln_op(), Val::Int(3));
        assert!(ops::eq((&Op(&[1, 2])).kiln_op(), (&Op(&[1, 2])).kiln_op()));
    }
}
