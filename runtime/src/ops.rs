//! Jinja2's operators over typed Rust values.
//!
//! Operands of arithmetic and comparisons are first turned into a [`Val`]: integers of every
//! width become `i128`, floats `f64`, string types `&str`. The generated code knows which
//! variant it builds, so after inlining the `match`es fold away; what remains is Python's
//! semantics: true division, floor division and modulo with Python's signs, `1 == 1.0`,
//! `"a" + "b"`, and overflow as an [`Error`] instead of a panic or a wrap.
//!
//! `+`, `-`, `*`, `//` and `%` are inline only for two integers that fit in 64 bits, computed
//! without a 128-bit division or overflow check; everything else is a call to the general
//! path. Printing `{{ i + 1 }}`, `{{ loop.index * 10 }}` and the like in a loop took 4.6×
//! fewer instructions that way (the `arithmetic` workload of `benches/instructions.py`:
//! 132,297 → 28,515 per render), and the fast paths are tested against the general ones.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::escape::Safe;
pub use crate::value::{Operand, Val};
use crate::{Error, Result};

#[derive(Clone, Copy)]
enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    /// The value as a number, if it is one (`bool` counts, as in Python).
    fn of(value: &Val<'_>) -> Option<Num> {
        match *value {
            Val::Int(i) => Some(Num::Int(i)),
            Val::Float(f) => Some(Num::Float(f)),
            Val::Bool(b) => Some(Num::Int(i128::from(b))),
            _ => None,
        }
    }

    fn float(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

fn unsupported(op: &str, a: &Val<'_>, b: &Val<'_>) -> Error {
    Error::eval(format!(
        "unsupported operand types for {op}: `{}` and `{}`",
        a.type_name(),
        b.type_name()
    ))
}

fn overflow(op: &str) -> Error {
    Error::eval(format!("integer overflow in `{op}`"))
}

fn numbers(op: &str, a: &Val<'_>, b: &Val<'_>) -> Result<(Num, Num)> {
    match (Num::of(a), Num::of(b)) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(unsupported(op, a, b)),
    }
}

/// Two integers that fit in 64 bits, as most template arithmetic has (fields, `loop.index`).
/// The operators' inline fast paths compute on them directly: 128-bit division and
/// remainder would each be a call, and the compiler proves that the sum, difference and
/// product of two such numbers cannot overflow 128 bits, so those checks fold away too.
#[inline]
fn small_ints(a: &Val<'_>, b: &Val<'_>) -> Option<(i64, i64)> {
    match (a, b) {
        (Val::Int(x), Val::Int(y)) => Some((i64::try_from(*x).ok()?, i64::try_from(*y).ok()?)),
        _ => None,
    }
}

/// `a + b`: numbers add, strings concatenate.
#[inline]
pub fn add<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match small_ints(&a, &b) {
        Some((x, y)) => Ok(Val::Int(i128::from(x) + i128::from(y))),
        None => add_any(a, b),
    }
}

fn add_any<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    if let (Val::Str(x), Val::Str(y)) = (&a, &b) {
        return Ok(Val::Str(Cow::Owned(format!("{x}{y}"))));
    }
    Ok(match numbers("+", &a, &b)? {
        (Num::Int(x), Num::Int(y)) => Val::Int(x.checked_add(y).ok_or_else(|| overflow("+"))?),
        (x, y) => Val::Float(x.float() + y.float()),
    })
}

/// `a - b`.
#[inline]
pub fn sub<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match small_ints(&a, &b) {
        Some((x, y)) => Ok(Val::Int(i128::from(x) - i128::from(y))),
        None => sub_any(a, b),
    }
}

fn sub_any<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    Ok(match numbers("-", &a, &b)? {
        (Num::Int(x), Num::Int(y)) => Val::Int(x.checked_sub(y).ok_or_else(|| overflow("-"))?),
        (x, y) => Val::Float(x.float() - y.float()),
    })
}

/// `a * b`: numbers multiply; a string times an integer repeats, as in Python.
#[inline]
pub fn mul<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match small_ints(&a, &b) {
        Some((x, y)) => Ok(Val::Int(i128::from(x) * i128::from(y))),
        None => mul_any(a, b),
    }
}

fn mul_any<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match (&a, &b) {
        (Val::Str(s), Val::Int(n)) | (Val::Int(n), Val::Str(s)) => {
            let n = usize::try_from(*n).unwrap_or(0);
            if s.len()
                .checked_mul(n)
                .is_none_or(|len| len > crate::MAX_GENERATED_LEN)
            {
                return Err(overflow("*"));
            }
            return Ok(Val::Str(Cow::Owned(s.repeat(n))));
        }
        _ => {}
    }
    Ok(match numbers("*", &a, &b)? {
        (Num::Int(x), Num::Int(y)) => Val::Int(x.checked_mul(y).ok_or_else(|| overflow("*"))?),
        (x, y) => Val::Float(x.float() * y.float()),
    })
}

/// `a / b`: true division, always a float.
pub fn div<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    let (x, y) = numbers("/", &a, &b)?;
    if y.float() == 0.0 {
        return Err(Error::eval("division by zero"));
    }
    Ok(Val::Float(x.float() / y.float()))
}

/// `a // b`: floor division (rounds toward negative infinity).
#[inline]
pub fn floordiv<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match small_ints(&a, &b) {
        // `i64::MIN // -1` overflows 64 bits: the general path computes it in 128.
        Some((x, y)) if y != 0 && (x, y) != (i64::MIN, -1) => {
            let q = x / y;
            Ok(Val::Int(i128::from(
                if x % y != 0 && ((x < 0) != (y < 0)) {
                    q - 1
                } else {
                    q
                },
            )))
        }
        _ => floordiv_any(a, b),
    }
}

fn floordiv_any<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match numbers("//", &a, &b)? {
        (_, Num::Int(0)) => Err(Error::eval("integer division or modulo by zero")),
        (Num::Int(x), Num::Int(y)) => {
            let q = x.checked_div(y).ok_or_else(|| overflow("//"))?;
            Ok(Val::Int(if (x % y != 0) && ((x < 0) != (y < 0)) {
                q - 1
            } else {
                q
            }))
        }
        (x, y) if y.float() == 0.0 => {
            let _ = x;
            Err(Error::eval("float floor division by zero"))
        }
        (x, y) => Ok(Val::Float((x.float() / y.float()).floor())),
    }
}

/// `a % b`: the result has the sign of `b`, as in Python.
#[inline]
pub fn rem<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match small_ints(&a, &b) {
        Some((x, y)) if y != 0 => {
            // `wrapping_rem`: `i64::MIN % -1` is 0, as in Python, not an overflow.
            let r = x.wrapping_rem(y);
            Ok(Val::Int(i128::from(if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            })))
        }
        _ => rem_any(a, b),
    }
}

fn rem_any<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match numbers("%", &a, &b)? {
        (_, Num::Int(0)) => Err(Error::eval("integer division or modulo by zero")),
        (Num::Int(x), Num::Int(y)) => {
            let r = x.checked_rem(y).ok_or_else(|| overflow("%"))?;
            Ok(Val::Int(if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }))
        }
        (_, y) if y.float() == 0.0 => Err(Error::eval("float modulo")),
        (x, y) => {
            let (x, y) = (x.float(), y.float());
            let r = x % y;
            Ok(Val::Float(if r != 0.0 && ((r < 0.0) != (y < 0.0)) {
                r + y
            } else {
                r
            }))
        }
    }
}

/// `a ** b`: integer power for a non-negative integer exponent, else float.
pub fn pow<'a>(a: Val<'a>, b: Val<'a>) -> Result<Val<'a>> {
    match numbers("**", &a, &b)? {
        (Num::Int(x), Num::Int(y)) if y >= 0 => {
            let exp = u32::try_from(y).map_err(|_| overflow("**"))?;
            Ok(Val::Int(x.checked_pow(exp).ok_or_else(|| overflow("**"))?))
        }
        (x, y) => Ok(Val::Float(x.float().powf(y.float()))),
    }
}

/// `-a`.
pub fn neg(a: Val<'_>) -> Result<Val<'_>> {
    match Num::of(&a) {
        Some(Num::Int(x)) => Ok(Val::Int(x.checked_neg().ok_or_else(|| overflow("-"))?)),
        Some(Num::Float(x)) => Ok(Val::Float(-x)),
        None => Err(Error::eval(format!(
            "bad operand type for unary -: `{}`",
            a.type_name()
        ))),
    }
}

/// `+a`.
pub fn pos(a: Val<'_>) -> Result<Val<'_>> {
    match Num::of(&a) {
        Some(_) => Ok(a),
        None => Err(Error::eval(format!(
            "bad operand type for unary +: `{}`",
            a.type_name()
        ))),
    }
}

/// A value of a type that is not a [`Val`]: compared with `PartialEq`/`PartialOrd`.
#[derive(Debug)]
pub struct Other<'a, T: ?Sized>(pub &'a T);

/// Equality between two operands, as `==` and `!=` do it in Jinja.
pub trait CompareEq<Rhs> {
    /// `self == rhs`.
    fn equals(&self, rhs: &Rhs) -> bool;
}

/// Ordering between two operands, as `<`, `<=`, `>`, `>=` do it in Jinja.
pub trait Compare<Rhs>: CompareEq<Rhs> {
    /// The order of `self` and `rhs`; an error where Python raises `TypeError`.
    fn order(&self, rhs: &Rhs) -> Result<Ordering>;
}

impl<'b> CompareEq<Val<'b>> for Val<'_> {
    #[inline]
    fn equals(&self, rhs: &Val<'b>) -> bool {
        match (self, rhs) {
            (Val::Str(a), Val::Str(b)) => a == b,
            (Val::None, Val::None) => true,
            (a, b) => match (Num::of(a), Num::of(b)) {
                (Some(Num::Int(x)), Some(Num::Int(y))) => x == y,
                (Some(x), Some(y)) => x.float() == y.float(),
                _ => false,
            },
        }
    }
}

impl<'b> Compare<Val<'b>> for Val<'_> {
    #[inline]
    fn order(&self, rhs: &Val<'b>) -> Result<Ordering> {
        let unorderable = || {
            Error::eval(format!(
                "`<` not supported between `{}` and `{}`",
                self.type_name(),
                rhs.type_name()
            ))
        };
        match (self, rhs) {
            (Val::Str(a), Val::Str(b)) => Ok(a.cmp(b)),
            (a, b) => match (Num::of(a), Num::of(b)) {
                (Some(Num::Int(x)), Some(Num::Int(y))) => Ok(x.cmp(&y)),
                // NaN compares false both ways in Python; `Equal` keeps `<` and `>` false.
                (Some(x), Some(y)) => {
                    Ok(x.float().partial_cmp(&y.float()).unwrap_or(Ordering::Equal))
                }
                _ => Err(unorderable()),
            },
        }
    }
}

impl<'b, A: PartialEq<B> + ?Sized, B: ?Sized> CompareEq<Other<'b, B>> for Other<'_, A> {
    #[inline]
    fn equals(&self, rhs: &Other<'b, B>) -> bool {
        self.0 == rhs.0
    }
}

impl<'b, A: PartialOrd<B> + ?Sized, B: ?Sized> Compare<Other<'b, B>> for Other<'_, A> {
    #[inline]
    fn order(&self, rhs: &Other<'b, B>) -> Result<Ordering> {
        self.0
            .partial_cmp(rhs.0)
            .ok_or_else(|| Error::eval("values cannot be ordered"))
    }
}

/// `a == b`.
#[inline]
pub fn eq<A: CompareEq<B>, B>(a: A, b: B) -> bool {
    a.equals(&b)
}

/// `a != b`.
#[inline]
pub fn ne<A: CompareEq<B>, B>(a: A, b: B) -> bool {
    !a.equals(&b)
}

/// `a < b`.
#[inline]
pub fn lt<A: Compare<B>, B>(a: A, b: B) -> Result<bool> {
    Ok(a.order(&b)? == Ordering::Less && !a.equals(&b))
}

/// `a <= b`.
#[inline]
pub fn le<A: Compare<B>, B>(a: A, b: B) -> Result<bool> {
    Ok(a.order(&b)? != Ordering::Greater && (a.equals(&b) || a.order(&b)? == Ordering::Less))
}

/// `a > b`.
#[inline]
pub fn gt<A: Compare<B>, B>(a: A, b: B) -> Result<bool> {
    Ok(a.order(&b)? == Ordering::Greater)
}

/// `a >= b`.
#[inline]
pub fn ge<A: Compare<B>, B>(a: A, b: B) -> Result<bool> {
    Ok(a.order(&b)? != Ordering::Less && (a.equals(&b) || a.order(&b)? == Ordering::Greater))
}

/// A value that the `in` operator can look into: strings (substring), sequences and sets
/// (element), maps (key).
pub trait Container {
    /// Whether `needle` is in `self`.
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool>;
}

fn str_contains(haystack: &str, needle: &Val<'_>) -> Result<bool> {
    match needle {
        Val::Str(n) => Ok(haystack.contains(&**n)),
        other => Err(Error::eval(format!(
            "`in <string>` requires a string as left operand, not `{}`",
            other.type_name()
        ))),
    }
}

macro_rules! container_str {
    ($($ty:ty),*) => {$(
        impl Container for $ty {
            #[inline]
            fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
                str_contains(self, needle)
            }
        }
    )*};
}
container_str!(str, String, Cow<'_, str>);

impl Container for Val<'_> {
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        match self {
            Val::Str(s) => str_contains(s, needle),
            other => Err(Error::eval(format!(
                "argument of type `{}` is not iterable",
                other.type_name()
            ))),
        }
    }
}

fn any_equal<'i, T: Operand + 'i>(
    items: impl IntoIterator<Item = &'i T>,
    needle: &Val<'_>,
) -> bool {
    items.into_iter().any(|item| item.operand().equals(needle))
}

impl<T: Operand> Container for [T] {
    #[inline]
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        Ok(any_equal(self, needle))
    }
}

impl<T: Operand, const N: usize> Container for [T; N] {
    #[inline]
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        Ok(any_equal(self, needle))
    }
}

impl<T: Operand> Container for Vec<T> {
    #[inline]
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        Ok(any_equal(self, needle))
    }
}

impl<T: Operand> Container for BTreeSet<T> {
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        Ok(any_equal(self, needle))
    }
}

impl<T: Operand, S> Container for HashSet<T, S> {
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        Ok(any_equal(self, needle))
    }
}

impl<K: Operand, V> Container for BTreeMap<K, V> {
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        Ok(any_equal(self.keys(), needle))
    }
}

impl<K: Operand, V, S> Container for HashMap<K, V, S> {
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        Ok(any_equal(self.keys(), needle))
    }
}

impl<T: Container + ?Sized> Container for &T {
    #[inline]
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        (**self).contains_val(needle)
    }
}

impl<T: Container + ?Sized> Container for Safe<T> {
    #[inline]
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        self.0.contains_val(needle)
    }
}

/// `needle in haystack`.
#[inline]
pub fn contains<C: Container + ?Sized>(haystack: &C, needle: Val<'_>) -> Result<bool> {
    haystack.contains_val(&needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i128) -> Val<'static> {
        Val::Int(i)
    }

    #[test]
    fn division_follows_python() {
        assert_eq!(div(int(1), int(2)).unwrap(), Val::Float(0.5));
        assert_eq!(div(int(4), int(2)).unwrap(), Val::Float(2.0));
        assert_eq!(floordiv(int(7), int(2)).unwrap(), int(3));
        assert_eq!(floordiv(int(-7), int(2)).unwrap(), int(-4));
        assert_eq!(floordiv(Val::Float(7.5), int(2)).unwrap(), Val::Float(3.0));
        assert_eq!(rem(int(-7), int(3)).unwrap(), int(2));
        assert_eq!(rem(int(7), int(-3)).unwrap(), int(-2));
        assert_eq!(rem(Val::Float(-7.5), int(2)).unwrap(), Val::Float(0.5));
        assert!(div(int(1), int(0)).is_err());
        assert!(floordiv(int(1), int(0)).is_err());
        assert!(rem(int(1), int(0)).is_err());
    }

    /// The fast paths for integers that fit in 64 bits against the general ones, which
    /// compute in 128 bits.
    fn both_paths(x: i64, y: i64) {
        let (a, b) = (int(x.into()), int(y.into()));
        let paths: [(&str, Op, Op); 5] = [
            ("+", add, add_any),
            ("-", sub, sub_any),
            ("*", mul, mul_any),
            ("//", floordiv, floordiv_any),
            ("%", rem, rem_any),
        ];
        for (op, fast, general) in paths {
            let (fast, general) = (fast(a.clone(), b.clone()), general(a.clone(), b.clone()));
            match (&fast, &general) {
                (Ok(f), Ok(g)) => assert_eq!(f, g, "{x} {op} {y}"),
                (Err(f), Err(g)) => assert_eq!(f.to_string(), g.to_string(), "{x} {op} {y}"),
                _ => panic!("{x} {op} {y}: {fast:?} against {general:?}"),
            }
        }
    }

    type Op = for<'a> fn(Val<'a>, Val<'a>) -> Result<Val<'a>>;

    #[test]
    fn small_integers_take_a_fast_path_with_the_same_results() {
        let edges = [
            i64::MIN,
            i64::MIN + 1,
            -7,
            -3,
            -2,
            -1,
            0,
            1,
            2,
            3,
            7,
            i64::MAX - 1,
            i64::MAX,
        ];
        for x in edges {
            for y in edges {
                both_paths(x, y);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn small_integers_agree_with_the_general_path(x: i64, y: i64) {
            both_paths(x, y);
            both_paths(x % 1000, y % 100);
        }
    }

    #[test]
    fn overflow_is_an_error() {
        assert!(add(int(i128::MAX), int(1)).is_err());
        assert!(mul(int(i128::MAX), int(2)).is_err());
        assert!(neg(int(i128::MIN)).is_err());
        assert!(pow(int(10), int(100)).is_err());
        assert!(floordiv(int(i128::MIN), int(-1)).is_err());
    }

    #[test]
    fn mixed_numbers_and_strings() {
        assert_eq!(add(int(1), Val::Float(0.5)).unwrap(), Val::Float(1.5));
        assert_eq!(pow(int(2), int(10)).unwrap(), int(1024));
        assert_eq!(pow(int(2), int(-1)).unwrap(), Val::Float(0.5));
        assert_eq!(
            add("a".operand(), "b".operand()).unwrap(),
            Val::Str("ab".into())
        );
        assert_eq!(
            mul("ab".operand(), int(3)).unwrap(),
            Val::Str("ababab".into())
        );
        assert!(add("a".operand(), int(1)).is_err());
        assert_eq!(add(true.operand(), int(1)).unwrap(), int(2));
    }

    #[test]
    fn comparisons_follow_python() {
        assert!(eq(int(1), Val::Float(1.0)));
        assert!(!eq(int(1), "1".operand()));
        assert!(lt(int(1), Val::Float(1.5)).unwrap());
        assert!(le(int(2), int(2)).unwrap());
        assert!(ge("b".operand(), "a".operand()).unwrap());
        assert!(lt(int(1), "a".operand()).is_err());
        assert!(eq(Other(&[1, 2]), Other(&[1, 2])));
        #[derive(PartialEq)]
        enum Kind {
            A,
            B,
        }
        assert!(ne(Other(&Kind::A), Other(&Kind::B)));
        assert!(!lt(Val::Float(f64::NAN), int(1)).unwrap());
        assert!(!ge(Val::Float(f64::NAN), int(1)).unwrap());
    }

    #[test]
    fn in_looks_into_strings_sequences_and_maps() {
        assert!(contains("hello", "ell".operand()).unwrap());
        assert!(contains(&vec![1, 2, 3], int(2)).unwrap());
        assert!(!contains(&vec!["a".to_string()], "b".operand()).unwrap());
        let map: BTreeMap<&str, i32> = [("k", 1)].into_iter().collect();
        assert!(contains(&map, "k".operand()).unwrap());
        assert!(contains("hello", int(1)).is_err());
    }
}
