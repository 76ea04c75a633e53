//! [`Render`] and [`Truthy`] for the standard types: strings, numbers, `bool`, `Option`,
//! collections (printed as Python's `repr`), [`Safe`] and smart pointers.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::{self, Write as _};
use std::rc::Rc;
use std::sync::Arc;

use super::float::write_float;
use super::{Render, Truthy};
use crate::escape::{Escaper, Safe};
use crate::output::Output;

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
pub(super) fn write_str_repr<W: fmt::Write + ?Sized, E: Escaper>(
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
render_int!(
    u8 => write_u64 as u64, u16 => write_u64 as u64, u32 => write_u64 as u64,
    u64 => write_u64 as u64, usize => write_u64 as u64, u128 => write_u128 as u128,
    i8 => write_i64 as i64, i16 => write_i64 as i64, i32 => write_i64 as i64,
    i64 => write_i64 as i64, isize => write_i64 as i64, i128 => write_i128 as i128
);

/// Writes a 128-bit integer, through the 64-bit fast path when it fits: the results of
/// template arithmetic are `i128`s that almost always do.
trait WideInts: Output {
    #[inline]
    fn write_i128(&mut self, n: i128) -> fmt::Result {
        match i64::try_from(n) {
            Ok(n) => self.write_i64(n),
            Err(_) => self.write_str(itoa::Buffer::new().format(n)),
        }
    }

    #[inline]
    fn write_u128(&mut self, n: u128) -> fmt::Result {
        match u64::try_from(n) {
            Ok(n) => self.write_u64(n),
            Err(_) => self.write_str(itoa::Buffer::new().format(n)),
        }
    }
}

impl<O: Output + ?Sized> WideInts for O {}

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

/// Writes entries as Python prints a dict: `{'a': 1, 'b': 2}`.
pub(crate) fn write_map<'a, K: Render + 'a, V: Render + 'a, W: fmt::Write + ?Sized, E: Escaper>(
    out: &mut W,
    escaper: E,
    entries: impl IntoIterator<Item = (&'a K, &'a V)>,
) -> fmt::Result {
    escaper.write_escaped(out, "{")?;
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        key.render_repr(out, escaper)?;
        out.write_str(": ")?;
        value.render_repr(out, escaper)?;
    }
    escaper.write_escaped(out, "}")
}

macro_rules! render_map {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Render for $ty {
            fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
                write_map(out, escaper, self.iter())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::to_string;

    #[test]
    fn wide_integers_print_through_both_paths() {
        let printed = |n: &dyn Fn(&mut crate::Buffer) -> fmt::Result| {
            let mut buffer = crate::Buffer::new();
            n(&mut buffer).unwrap();
            buffer.into_string()
        };
        for n in [
            0,
            -1,
            42,
            i128::from(i64::MIN),
            i128::from(i64::MAX),
            i128::from(i64::MAX) + 1,
            i128::from(i64::MIN) - 1,
            i128::MIN,
            i128::MAX,
        ] {
            assert_eq!(printed(&|b| n.render_to(b, crate::Html)), n.to_string());
        }
        for n in [
            0,
            42,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            u128::MAX,
        ] {
            assert_eq!(printed(&|b| n.render_to(b, crate::Html)), n.to_string());
        }
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
