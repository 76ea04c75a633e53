//! How values print and how they test as true or false, the way Jinja2 does it.
//!
//! The generated code never names a value's type: it calls these traits through
//! [`crate::__private`] helpers that fall back to `Display` (printing) or to "always true"
//! (truthiness) for types that do not implement them, as Python does for arbitrary objects.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::{self, Write as _};
use std::rc::Rc;
use std::sync::Arc;

use crate::escape::{Escaper, Safe};
use crate::output::Output;

/// A value that knows how Jinja2 prints it.
///
/// Implemented for strings, characters, numbers, `bool`, `Option`, [`Safe`] and references
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

macro_rules! render_str {
    ($($ty:ty),*) => {$(
        impl Render for $ty {
            #[inline]
            fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
                escaper.write_escaped(out, self)
            }

            #[inline]
            fn render_to<O: Output + ?Sized, E: Escaper>(&self, out: &mut O, escaper: E) -> fmt::Result {
                escaper.write_escaped_to(out, self)
            }

            #[inline]
            fn as_str(&self) -> Option<&str> {
                Some(AsRef::<str>::as_ref(self))
            }

            fn render_repr<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
                write_str_repr(out, escaper, self)
            }
        }
        impl Truthy for $ty {
            #[inline]
            fn is_true(&self) -> bool {
                !self.is_empty()
            }
        }
    )*};
}
render_str!(str, String, Cow<'_, str>);

impl Render for char {
    #[inline]
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        escaper.write_escaped_char(out, *self)
    }

    fn render_repr<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result {
        write_str_repr(out, escaper, self.encode_utf8(&mut [0; 4]))
    }
}

/// Python's `repr` of a string: single quotes unless the text has `'` and no `"`, and
/// backslash escapes for the quote, `\\`, and control characters.
fn write_str_repr<W: fmt::Write + ?Sized, E: Escaper>(
    out: &mut W,
    escaper: E,
    text: &str,
) -> fmt::Result {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut repr = String::with_capacity(text.len() + 2);
    repr.push(quote);
    for c in text.chars() {
        match c {
            '\\' => repr.push_str("\\\\"),
            '\n' => repr.push_str("\\n"),
            '\r' => repr.push_str("\\r"),
            '\t' => repr.push_str("\\t"),
            c if c == quote => {
                repr.push('\\');
                repr.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                write!(repr, "\\x{:02x}", c as u32)?;
            }
            c => repr.push(c),
        }
    }
    repr.push(quote);
    escaper.write_escaped(out, &repr)
}

impl Truthy for char {
    #[inline]
    fn is_true(&self) -> bool {
        true
    }
}

macro_rules! render_int {
    ($($ty:ty $(=> $write:ident as $wide:ty)?),*) => {$(
        impl Render for $ty {
            #[inline]
            fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, _: E) -> fmt::Result {
                // Digits and `-` never need escaping.
                out.write_str(itoa::Buffer::new().format(*self))
            }

            $(
                #[inline]
                fn render_to<O: Output + ?Sized, E: Escaper>(&self, out: &mut O, _: E) -> fmt::Result {
                    out.$write(*self as $wide)
                }
            )?
        }
        impl Truthy for $ty {
            #[inline]
            fn is_true(&self) -> bool {
                *self != 0
            }
        }
    )*};
}
// 128-bit integers do not fit the fast paths and keep `render`.
render_int!(
    u8 => write_u64 as u64, u16 => write_u64 as u64, u32 => write_u64 as u64,
    u64 => write_u64 as u64, usize => write_u64 as u64, u128,
    i8 => write_i64 as i64, i16 => write_i64 as i64, i32 => write_i64 as i64,
    i64 => write_i64 as i64, isize => write_i64 as i64, i128
);

macro_rules! render_float {
    ($($ty:ty),*) => {$(
        impl Render for $ty {
            #[inline]
            fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, _: E) -> fmt::Result {
                write_float(out, *self)
            }
        }
        impl Truthy for $ty {
            #[inline]
            fn is_true(&self) -> bool {
                *self != 0.0
            }
        }
    )*};
}
render_float!(f32, f64);

impl Render for bool {
    #[inline]
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, _: E) -> fmt::Result {
        out.write_str(if *self { "True" } else { "False" })
    }
}

impl Truthy for bool {
    #[inline]
    fn is_true(&self) -> bool {
        *self
    }
}

impl<T: Render> Render for Option<T> {
    #[inline]
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        match self {
            Some(value) => value.render(out, escaper),
            None => out.write_str("None"),
        }
    }

    #[inline]
    fn render_to<O: Output + ?Sized, E: Escaper>(&self, out: &mut O, escaper: E) -> fmt::Result {
        match self {
            Some(value) => value.render_to(out, escaper),
            None => out.write_str("None"),
        }
    }

    fn render_repr<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result {
        match self {
            Some(value) => value.render_repr(out, escaper),
            None => out.write_str("None"),
        }
    }
}

/// Writes items as Python prints a list or tuple: `open`, items' reprs separated by `, `,
/// `close`.
fn write_seq<'a, T: Render + 'a, W: fmt::Write + ?Sized, E: Escaper>(
    out: &mut W,
    escaper: E,
    (open, close): (&str, &str),
    items: impl IntoIterator<Item = &'a T>,
) -> fmt::Result {
    escaper.write_escaped(out, open)?;
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        item.render_repr(out, escaper)?;
    }
    escaper.write_escaped(out, close)
}

macro_rules! render_list {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Render for $ty {
            fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
                write_seq(out, escaper, ("[", "]"), self.iter())
            }
        }
    )*};
}
render_list!([T: Render] [T], [T: Render] Vec<T>, [T: Render] VecDeque<T>, [T: Render, const N: usize] [T; N]);

macro_rules! render_tuple {
    ($(($($name:ident $idx:tt),+)),*) => {$(
        impl<$($name: Render),+> Render for ($($name,)+) {
            fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
                escaper.write_escaped(out, "(")?;
                let mut first = true;
                $(
                    if !first {
                        out.write_str(", ")?;
                    }
                    first = false;
                    self.$idx.render_repr(out, escaper)?;
                )+
                // A one-item tuple prints with a trailing comma, as in Python.
                escaper.write_escaped(out, if first || [$($idx),+].len() > 1 { ")" } else { ",)" })
            }
        }
    )*};
}
render_tuple!((A 0), (A 0, B 1), (A 0, B 1, C 2), (A 0, B 1, C 2, D 3));

macro_rules! render_map {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Render for $ty {
            fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
                escaper.write_escaped(out, "{")?;
                for (i, (key, value)) in self.iter().enumerate() {
                    if i > 0 {
                        out.write_str(", ")?;
                    }
                    key.render_repr(out, escaper)?;
                    out.write_str(": ")?;
                    value.render_repr(out, escaper)?;
                }
                escaper.write_escaped(out, "}")
            }
        }
    )*};
}
render_map!([K: Render, V: Render] BTreeMap<K, V>, [K: Render, V: Render, S] HashMap<K, V, S>);

impl<T: Truthy> Truthy for Option<T> {
    #[inline]
    fn is_true(&self) -> bool {
        self.as_ref().is_some_and(T::is_true)
    }
}

impl<T: Render + ?Sized> Render for Safe<T> {
    #[inline]
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, _: E) -> fmt::Result {
        self.0.render(out, crate::escape::Text)
    }

    #[inline]
    fn render_to<O: Output + ?Sized, E: Escaper>(&self, out: &mut O, _: E) -> fmt::Result {
        self.0.render_to(out, crate::escape::Text)
    }

    #[inline]
    fn as_str(&self) -> Option<&str> {
        self.0.as_str()
    }
}

impl<T: Truthy> Truthy for Safe<T> {
    #[inline]
    fn is_true(&self) -> bool {
        self.0.is_true()
    }
}

macro_rules! forward {
    ($($ptr:ty),*) => {$(
        impl<T: Render + ?Sized> Render for $ptr {
            #[inline]
            fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
                (**self).render(out, escaper)
            }

            fn render_repr<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
                (**self).render_repr(out, escaper)
            }

            #[inline]
            fn render_to<O: Output + ?Sized, E: Escaper>(&self, out: &mut O, escaper: E) -> fmt::Result {
                (**self).render_to(out, escaper)
            }

            #[inline]
            fn as_str(&self) -> Option<&str> {
                (**self).as_str()
            }
        }
        impl<T: Truthy + ?Sized> Truthy for $ptr {
            #[inline]
            fn is_true(&self) -> bool {
                (**self).is_true()
            }
        }
    )*};
}
forward!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

macro_rules! truthy_len {
    ($($ty:ty),*) => {$(
        impl<T> Truthy for $ty {
            #[inline]
            fn is_true(&self) -> bool {
                !self.is_empty()
            }
        }
    )*};
}
truthy_len!([T], Vec<T>, VecDeque<T>, BTreeSet<T>);

impl<T, const N: usize> Truthy for [T; N] {
    #[inline]
    fn is_true(&self) -> bool {
        N != 0
    }
}

impl<T, S> Truthy for HashSet<T, S> {
    #[inline]
    fn is_true(&self) -> bool {
        !self.is_empty()
    }
}

impl<K, V> Truthy for BTreeMap<K, V> {
    #[inline]
    fn is_true(&self) -> bool {
        !self.is_empty()
    }
}

impl<K, V, S> Truthy for HashMap<K, V, S> {
    #[inline]
    fn is_true(&self) -> bool {
        !self.is_empty()
    }
}

impl Truthy for () {
    #[inline]
    fn is_true(&self) -> bool {
        false
    }
}

/// Writes a float the way Python's `repr` does: shortest round-trip digits, always with a
/// `.0` or an exponent, exponent form below `1e-4` and from `1e16` on (`2.5e-07`, `1e+16`).
pub fn write_float<W: fmt::Write + ?Sized, F: fmt::LowerExp + Into<f64> + Copy>(
    out: &mut W,
    value: F,
) -> fmt::Result {
    let as_f64: f64 = value.into();
    if as_f64.is_nan() {
        return out.write_str("nan");
    }
    if as_f64.is_infinite() {
        return out.write_str(if as_f64 < 0.0 { "-inf" } else { "inf" });
    }
    // `{:e}` gives the shortest digits that round-trip, e.g. `-1.25e-7`; at most ~25 bytes.
    let mut buf = StackStr::<32>::new();
    write!(buf, "{value:e}")?;
    let text = buf.as_str();
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let exp: i32 = exp.parse().map_err(|_| fmt::Error)?;
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let mut digits = StackStr::<32>::new();
    for c in mantissa.chars().filter(|c| *c != '.') {
        digits.write_char(c)?;
    }
    let digits = digits.as_str();
    if negative {
        out.write_char('-')?;
    }
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.write_str(digits)?;
                for _ in digits.len()..int_len {
                    out.write_char('0')?;
                }
                out.write_str(".0")
            } else {
                out.write_str(&digits[..int_len])?;
                out.write_char('.')?;
                out.write_str(&digits[int_len..])
            }
        } else {
            out.write_str("0.")?;
            for _ in 0..(-exp - 1) {
                out.write_char('0')?;
            }
            out.write_str(digits)
        }
    } else {
        out.write_str(&digits[..1])?;
        if digits.len() > 1 {
            out.write_char('.')?;
            out.write_str(&digits[1..])?;
        }
        write!(
            out,
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        )
    }
}

/// A fixed-capacity string on the stack, for formatting numbers without allocating.
struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    fn new() -> Self {
        StackStr {
            buf: [0; N],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the bytes are valid UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> fmt::Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
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
pub(crate) use forward_two_variants;

#[cfg(test)]
mod tests {
    use super::*;

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

    fn py(value: f64) -> String {
        let mut out = String::new();
        write_float(&mut out, value).unwrap();
        out
    }

    #[test]
    fn floats_print_like_python_repr() {
        // Expected values are Python 3.11's `repr`.
        let cases = [
            (3.0, "3.0"),
            (0.5, "0.5"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (100.0, "100.0"),
            (1234.5678, "1234.5678"),
            (2.5e-7, "2.5e-07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (9999999999999998.0, "9999999999999998.0"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1.0 / 3.0, "0.3333333333333333"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
        ];
        for (value, expected) in cases {
            assert_eq!(py(value), expected, "repr of {value:?}");
        }
    }

    #[test]
    fn f32_uses_its_own_shortest_digits() {
        let mut out = String::new();
        write_float(&mut out, 0.1f32).unwrap();
        assert_eq!(out, "0.1");
    }

    #[test]
    fn scalars_print_like_jinja() {
        assert_eq!(to_string(&true), "True");
        assert_eq!(to_string(&false), "False");
        assert_eq!(to_string(&None::<i32>), "None");
        assert_eq!(to_string(&Some(-42i64)), "-42");
        assert_eq!(
            to_string(&u128::MAX),
            "340282366920938463463374607431768211455"
        );
        assert_eq!(to_string(&'x'), "x");
    }

    #[test]
    fn collections_print_as_python_repr() {
        // Expected values from Jinja2 3.1 without autoescape.
        assert_eq!(to_string(&vec!["a", "it's"]), r#"['a', "it's"]"#);
        assert_eq!(to_string(&[1.0, 2.5]), "[1.0, 2.5]");
        assert_eq!(to_string(&("x", 1, true)), "('x', 1, True)");
        assert_eq!(to_string(&(7,)), "(7,)");
        assert_eq!(to_string(&vec![Some("a\nb"), None]), r"['a\nb', None]");
        let map: BTreeMap<&str, i32> = [("k", 1)].into_iter().collect();
        assert_eq!(to_string(&map), "{'k': 1}");
        let mut escaped = String::new();
        vec!["<b>"]
            .render(&mut escaped, crate::escape::Html)
            .unwrap();
        assert_eq!(escaped, "[&#39;&lt;b&gt;&#39;]");
    }

    #[test]
    fn truthiness_follows_python() {
        assert!(!0.is_true());
        assert!(7u8.is_true());
        assert!(!0.0f64.is_true());
        assert!(!"".is_true());
        assert!(" ".is_true());
        assert!(!Vec::<i32>::new().is_true());
        assert!(vec![0].is_true());
        assert!(!None::<i32>.is_true());
        assert!(!Some(0).is_true());
        assert!(Some("x").is_true());
        assert!(!(&&false).is_true());
        assert!(!HashMap::<i32, i32>::new().is_true());
    }
}
