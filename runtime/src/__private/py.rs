//! Python's string methods in templates (`title.upper()`, `path.split("/")`, `", ".join(xs)`),
//! with Python's results, for strings, `Val`s, safe markup and missing values.
//!
//! Generated code calls `Py(&value).name(args)` with the one trait of this module for the
//! call's number of arguments in scope (`PyArgs0` … `PyArgs3`). The traits are implemented
//! for `Py` over string-like values only, and `Py` dereferences to the value: so a method of
//! the user's own type with the same name is found through the dereference and wins, and on
//! strings the Python method wins over `str`'s own (`find` is `-1`, not `None`). The results
//! then go through [`Lift`], which passes a user method's plain value through and keeps this
//! module's errors.

use std::borrow::Cow;
use std::ops::Deref;

use crate::case::{capitalize, is_cased, is_titlecase, title};
use crate::escape::Safe;
use crate::ops::{Operand, Val};
use crate::value::{Items, Maybe, Render};
use crate::{Error, Result};

/// A value whose methods a template calls.
pub struct Py<'a, T: ?Sized>(pub &'a T);

/// To the reference, not to the value: a method of the value found through it takes the
/// reference itself as `&self`, so what it returns borrows the value, not this wrapper.
impl<'a, T: ?Sized> Deref for Py<'a, T> {
    type Target = &'a T;
    #[inline]
    fn deref(&self) -> &&'a T {
        &self.0
    }
}

/// A value that Python's string methods work on: strings, `Val`s (when they hold a string),
/// safe markup (whose methods return markup and escape their string arguments, as
/// MarkupSafe's do) and missing values (an error, as in Jinja2).
pub trait PyStr {
    /// What a method returns for a string: `String`, or `Safe<String>` for markup.
    type Text;
    /// The value's text, or the error Python would raise for `method` on it.
    fn py_str(&self, method: &str) -> Result<Cow<'_, str>>;
    /// A method's string result, as this kind of value returns it.
    fn py_text(text: String) -> Self::Text;
    /// Whether the value is markup: string arguments are escaped before they join it.
    fn py_markup() -> bool {
        false
    }
}

macro_rules! py_str_text {
    ($($ty:ty),*) => {$(
        impl PyStr for $ty {
            type Text = String;
            #[inline]
            fn py_str(&self, _: &str) -> Result<Cow<'_, str>> {
                Ok(Cow::Borrowed(self))
            }
            #[inline]
            fn py_text(text: String) -> String {
                text
            }
        }
    )*};
}
py_str_text!(str, String, Cow<'_, str>);

impl PyStr for Val<'_> {
    type Text = String;
    fn py_str(&self, method: &str) -> Result<Cow<'_, str>> {
        match self {
            Val::Str(text) => Ok(Cow::Borrowed(text)),
            other => Err(no_attribute(other.type_name(), method)),
        }
    }
    fn py_text(text: String) -> String {
        text
    }
}

impl<T: PyStr + ?Sized> PyStr for Safe<T> {
    type Text = Safe<String>;
    fn py_str(&self, method: &str) -> Result<Cow<'_, str>> {
        self.0.py_str(method)
    }
    fn py_text(text: String) -> Safe<String> {
        Safe(text)
    }
    fn py_markup() -> bool {
        true
    }
}

impl<T: PyStr> PyStr for Option<T> {
    type Text = T::Text;
    fn py_str(&self, method: &str) -> Result<Cow<'_, str>> {
        match self {
            Some(value) => value.py_str(method),
            None => Err(no_attribute("NoneType", method)),
        }
    }
    fn py_text(text: String) -> T::Text {
        T::py_text(text)
    }
    fn py_markup() -> bool {
        T::py_markup()
    }
}

impl<T: PyStr> PyStr for Maybe<T> {
    type Text = T::Text;
    fn py_str(&self, method: &str) -> Result<Cow<'_, str>> {
        match &self.0 {
            Some(value) => value.py_str(method),
            None => Err(Error::eval(format!(
                "undefined value has no attribute `{method}`"
            ))),
        }
    }
    fn py_text(text: String) -> T::Text {
        T::py_text(text)
    }
    fn py_markup() -> bool {
        T::py_markup()
    }
}

impl<T: PyStr + ?Sized> PyStr for &T {
    type Text = T::Text;
    fn py_str(&self, method: &str) -> Result<Cow<'_, str>> {
        (**self).py_str(method)
    }
    fn py_text(text: String) -> T::Text {
        T::py_text(text)
    }
    fn py_markup() -> bool {
        T::py_markup()
    }
}

fn no_attribute(type_name: &str, method: &str) -> Error {
    Error::eval(format!("'{type_name}' object has no attribute '{method}'"))
}

/// A string argument, or Python's `TypeError`.
fn text_arg<'v, A: Operand>(arg: &'v A, method: &str) -> Result<Cow<'v, str>> {
    match arg.operand() {
        Val::Str(text) => Ok(text),
        other => Err(Error::eval(format!(
            "`{method}` takes a string, not `{}`",
            other.type_name()
        ))),
    }
}

/// A string argument that joins a markup receiver: escaped, as MarkupSafe escapes it.
fn joined_arg<'v, T: PyStr + ?Sized, A: Render>(arg: &'v A, method: &str) -> Result<Cow<'v, str>> {
    if T::py_markup() {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = arg.render(&mut out, crate::Html);
        return Ok(Cow::Owned(out));
    }
    arg.as_str().map(Cow::Borrowed).ok_or_else(|| {
        Error::eval(format!(
            "`{method}` takes a string, not `{}`",
            crate::value::to_string(arg)
        ))
    })
}

/// An integer argument, or Python's `TypeError`.
fn int_arg<A: Operand>(arg: A, method: &str) -> Result<i64> {
    match arg.operand() {
        Val::Int(i) => Ok(i64::try_from(i).unwrap_or(if i < 0 { i64::MIN } else { i64::MAX })),
        Val::Bool(b) => Ok(i64::from(b)),
        other => Err(Error::eval(format!(
            "`{method}` takes an integer, not `{}`",
            other.type_name()
        ))),
    }
}

/// Python's `str.isspace`: Unicode whitespace and the separators `\x1c`–`\x1f`.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Whether `c` has case (Python's "cased" characters).
/// The longest padding accepted, as the filters accept it: a typo cannot allocate gigabytes.
const MAX_WIDTH: i64 = 64 * 1024 * 1024;

fn width_arg<A: Operand>(arg: A, method: &str) -> Result<usize> {
    let width = int_arg(arg, method)?;
    if width > MAX_WIDTH {
        return Err(Error::eval(format!(
            "`{method}` width {width} is too large"
        )));
    }
    Ok(usize::try_from(width).unwrap_or(0))
}

fn fill_arg<A: Operand>(arg: A, method: &str) -> Result<char> {
    let fill = text_arg(&arg, method)?;
    let mut chars = fill.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(Error::eval(format!(
            "The fill character of `{method}` must be exactly one character long"
        ))),
    }
}

fn pad(text: &str, width: usize, fill: char, how: char) -> String {
    let len = text.chars().count();
    if width <= len {
        return text.to_owned();
    }
    let margin = width - len;
    let left = match how {
        '<' => 0,
        '>' => margin,
        // CPython's `center`: the odd character goes left only when margin and width are odd.
        _ => margin / 2 + (margin & width & 1),
    };
    let mut out = String::with_capacity(text.len() + margin * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(fill, margin - left));
    out
}

fn strip(text: &str, chars: Option<&str>, left: bool, right: bool) -> String {
    let strip_char = |c: char| chars.map_or_else(|| is_space(c), |set| set.contains(c));
    let mut out = text;
    if left {
        out = out.trim_start_matches(strip_char);
    }
    if right {
        out = out.trim_end_matches(strip_char);
    }
    out.to_owned()
}

/// `split`/`rsplit` on whitespace: runs of whitespace separate, no empty items; at most
/// `max` splits, the rest kept as one item (from the right with `reverse`).
fn split_whitespace(text: &str, max: Option<usize>, reverse: bool) -> Vec<String> {
    let mut items = Vec::new();
    if reverse {
        let mut rest = text.trim_end_matches(is_space);
        while !rest.is_empty() {
            if max.is_some_and(|m| items.len() == m) {
                items.push(rest.to_owned());
                break;
            }
            let start = rest.rfind(is_space).map_or(0, |i| {
                i + rest[i..].chars().next().map_or(1, char::len_utf8)
            });
            items.push(rest[start..].to_owned());
            rest = rest[..start].trim_end_matches(is_space);
        }
        items.reverse();
    } else {
        let mut rest = text.trim_start_matches(is_space);
        while !rest.is_empty() {
            if max.is_some_and(|m| items.len() == m) {
                items.push(rest.to_owned());
                break;
            }
            let end = rest.find(is_space).unwrap_or(rest.len());
            items.push(rest[..end].to_owned());
            rest = rest[end..].trim_start_matches(is_space);
        }
    }
    items
}

fn split_on(text: &str, sep: &str, max: Option<usize>, reverse: bool) -> Result<Vec<String>> {
    if sep.is_empty() {
        return Err(Error::eval("empty separator"));
    }
    Ok(match (max, reverse) {
        (None, _) => text.split(sep).map(str::to_owned).collect(),
        (Some(max), false) => text.splitn(max + 1, sep).map(str::to_owned).collect(),
        (Some(max), true) => {
            let mut items: Vec<String> = text.rsplitn(max + 1, sep).map(str::to_owned).collect();
            items.reverse();
            items
        }
    })
}

/// `maxsplit` as Python reads it: negative is no limit.
fn max_split<A: Operand>(arg: A) -> Result<Option<usize>> {
    let max = int_arg(arg, "split")?;
    Ok(usize::try_from(max).ok())
}

fn swapcase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Python's `str.splitlines()`: on `\n`, `\r\n`, `\r` and the other line boundaries, without
/// the line ends.
fn splitlines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest
            .find([
                '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}',
                '\u{2029}',
            ])
            .unwrap_or(rest.len());
        lines.push(rest[..end].to_owned());
        let tail = &rest[end..];
        rest = match tail.strip_prefix("\r\n") {
            Some(after) => after,
            None => tail.chars().next().map_or("", |c| &tail[c.len_utf8()..]),
        };
    }
    lines
}

/// The character index of byte offset `at` in `text`.
fn char_index(text: &str, at: usize) -> i64 {
    i64::try_from(text[..at].chars().count()).unwrap_or(i64::MAX)
}

fn all_chars(text: &str, test: impl Fn(char) -> bool) -> bool {
    !text.is_empty() && text.chars().all(test)
}

/// Python's `str.format` for positional fields: `{}` and `{0}`, `{{` and `}}`. Format specs
/// and conversions are refused rather than misread.
fn format<T: PyStr + ?Sized>(template: &str, args: &[&dyn RenderDyn]) -> Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut next = 0;
    let mut chars = template.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|&(_, c)| c) == Some('{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek().map(|&(_, c)| c) == Some('}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                loop {
                    match chars.next() {
                        Some((_, '}')) => break,
                        Some((_, c)) => field.push(c),
                        None => return Err(Error::eval("Single '{' encountered in format string")),
                    }
                }
                let index = if field.is_empty() {
                    next += 1;
                    next - 1
                } else {
                    field.parse::<usize>().map_err(|_| {
                        Error::eval(format!(
                            "format field `{{{field}}}` is not supported: use `{{}}` or `{{0}}`, or \
                             the `format` filter"
                        ))
                    })?
                };
                let arg = args.get(index).ok_or_else(|| {
                    Error::eval(format!(
                        "Replacement index {index} out of range for positional args tuple"
                    ))
                })?;
                arg.render_dyn(&mut out, T::py_markup());
            }
            '}' => return Err(Error::eval("Single '}' encountered in format string")),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A `format` argument, printed as Python's `str()` prints it (escaped for markup).
pub trait RenderDyn {
    /// Writes the value.
    fn render_dyn(&self, out: &mut String, escape: bool);
}

impl<T: Render> RenderDyn for T {
    fn render_dyn(&self, out: &mut String, escape: bool) {
        // Writing to a String cannot fail.
        let _ = if escape {
            self.render(out, crate::Html)
        } else {
            self.render(out, crate::Text)
        };
    }
}

/// The prefixes `startswith` takes: a string or a tuple of strings.
pub trait Affixes {
    /// Whether any of them passes `test`.
    fn any_affix(&self, method: &str, test: &dyn Fn(&str) -> bool) -> Result<bool>;
}

impl<A: Operand> Affixes for A {
    fn any_affix(&self, method: &str, test: &dyn Fn(&str) -> bool) -> Result<bool> {
        Ok(test(&text_arg(self, method)?))
    }
}

macro_rules! affixes_tuple {
    ($(($($name:ident $idx:tt),+)),*) => {$(
        impl<$($name: Operand),+> Affixes for &($($name,)+) {
            fn any_affix(&self, method: &str, test: &dyn Fn(&str) -> bool) -> Result<bool> {
                (**self).any_affix(method, test)
            }
        }

        impl<$($name: Operand),+> Affixes for ($($name,)+) {
            fn any_affix(&self, method: &str, test: &dyn Fn(&str) -> bool) -> Result<bool> {
                $(
                    if test(&text_arg(&self.$idx, method)?) {
                        return Ok(true);
                    }
                )+
                Ok(false)
            }
        }
    )*};
}
affixes_tuple!((A 0), (A 0, B 1), (A 0, B 1, C 2), (A 0, B 1, C 2, D 3));

/// Python's string methods that take no argument.
pub trait PyArgs0 {
    /// A string result.
    type Text;
    /// `s.upper()`.
    fn upper(&self) -> Result<Self::Text>;
    /// `s.lower()`.
    fn lower(&self) -> Result<Self::Text>;
    /// `s.title()`: each run of cased letters capitalized (`they're` → `They'Re`).
    fn title(&self) -> Result<Self::Text>;
    /// `s.capitalize()`.
    fn capitalize(&self) -> Result<Self::Text>;
    /// `s.swapcase()`.
    fn swapcase(&self) -> Result<Self::Text>;
    /// `s.strip()`.
    fn strip(&self) -> Result<Self::Text>;
    /// `s.lstrip()`.
    fn lstrip(&self) -> Result<Self::Text>;
    /// `s.rstrip()`.
    fn rstrip(&self) -> Result<Self::Text>;
    /// `s.split()`: on runs of whitespace.
    fn split(&self) -> Result<Vec<String>>;
    /// `s.rsplit()`.
    fn rsplit(&self) -> Result<Vec<String>>;
    /// `s.splitlines()`.
    fn splitlines(&self) -> Result<Vec<String>>;
    /// `s.isdigit()`.
    fn isdigit(&self) -> Result<bool>;
    /// `s.isalpha()`.
    fn isalpha(&self) -> Result<bool>;
    /// `s.isalnum()`.
    fn isalnum(&self) -> Result<bool>;
    /// `s.isspace()`.
    fn isspace(&self) -> Result<bool>;
    /// `s.islower()`.
    fn islower(&self) -> Result<bool>;
    /// `s.isupper()`.
    fn isupper(&self) -> Result<bool>;
    /// `s.format()`.
    fn format(&self) -> Result<Self::Text>;
}

impl<T: PyStr + ?Sized> PyArgs0 for Py<'_, T> {
    type Text = T::Text;
    fn upper(&self) -> Result<T::Text> {
        Ok(T::py_text(self.0.py_str("upper")?.to_uppercase()))
    }
    fn lower(&self) -> Result<T::Text> {
        Ok(T::py_text(self.0.py_str("lower")?.to_lowercase()))
    }
    fn title(&self) -> Result<T::Text> {
        Ok(T::py_text(title(&self.0.py_str("title")?)))
    }
    fn capitalize(&self) -> Result<T::Text> {
        Ok(T::py_text(capitalize(&self.0.py_str("capitalize")?)))
    }
    fn swapcase(&self) -> Result<T::Text> {
        Ok(T::py_text(swapcase(&self.0.py_str("swapcase")?)))
    }
    fn strip(&self) -> Result<T::Text> {
        Ok(T::py_text(strip(
            &self.0.py_str("strip")?,
            None,
            true,
            true,
        )))
    }
    fn lstrip(&self) -> Result<T::Text> {
        Ok(T::py_text(strip(
            &self.0.py_str("lstrip")?,
            None,
            true,
            false,
        )))
    }
    fn rstrip(&self) -> Result<T::Text> {
        Ok(T::py_text(strip(
            &self.0.py_str("rstrip")?,
            None,
            false,
            true,
        )))
    }
    fn split(&self) -> Result<Vec<String>> {
        Ok(split_whitespace(&self.0.py_str("split")?, None, false))
    }
    fn rsplit(&self) -> Result<Vec<String>> {
        Ok(split_whitespace(&self.0.py_str("rsplit")?, None, true))
    }
    fn splitlines(&self) -> Result<Vec<String>> {
        Ok(splitlines(&self.0.py_str("splitlines")?))
    }
    fn isdigit(&self) -> Result<bool> {
        // Unicode digits; Python leaves out the vulgar fractions that Rust counts as numeric.
        let is_fraction = |c: char| matches!(c, '\u{bc}'..='\u{be}' | '\u{2150}'..='\u{215f}');
        Ok(all_chars(&self.0.py_str("isdigit")?, |c| {
            c.is_numeric() && !is_fraction(c)
        }))
    }
    fn isalpha(&self) -> Result<bool> {
        Ok(all_chars(&self.0.py_str("isalpha")?, char::is_alphabetic))
    }
    fn isalnum(&self) -> Result<bool> {
        Ok(all_chars(&self.0.py_str("isalnum")?, char::is_alphanumeric))
    }
    fn isspace(&self) -> Result<bool> {
        Ok(all_chars(&self.0.py_str("isspace")?, is_space))
    }
    fn islower(&self) -> Result<bool> {
        let text = self.0.py_str("islower")?;
        Ok(
            text.chars().any(is_cased)
                && !text.chars().any(|c| c.is_uppercase() || is_titlecase(c)),
        )
    }
    fn isupper(&self) -> Result<bool> {
        let text = self.0.py_str("isupper")?;
        Ok(
            text.chars().any(is_cased)
                && !text.chars().any(|c| c.is_lowercase() || is_titlecase(c)),
        )
    }
    fn format(&self) -> Result<T::Text> {
        Ok(T::py_text(format::<T>(&self.0.py_str("format")?, &[])?))
    }
}

/// Python's string methods that take one argument.
pub trait PyArgs1 {
    /// A string result.
    type Text;
    /// `s.strip(chars)`.
    fn strip<A: Operand>(&self, chars: A) -> Result<Self::Text>;
    /// `s.lstrip(chars)`.
    fn lstrip<A: Operand>(&self, chars: A) -> Result<Self::Text>;
    /// `s.rstrip(chars)`.
    fn rstrip<A: Operand>(&self, chars: A) -> Result<Self::Text>;
    /// `s.startswith(prefix)`, a string or a tuple of strings.
    fn startswith<A: Affixes>(&self, prefix: A) -> Result<bool>;
    /// `s.endswith(suffix)`, a string or a tuple of strings.
    fn endswith<A: Affixes>(&self, suffix: A) -> Result<bool>;
    /// `s.split(sep)`.
    fn split<A: Operand>(&self, sep: A) -> Result<Vec<String>>;
    /// `s.rsplit(sep)`.
    fn rsplit<A: Operand>(&self, sep: A) -> Result<Vec<String>>;
    /// `s.find(sub)`: the character index, or -1.
    fn find<A: Operand>(&self, sub: A) -> Result<i64>;
    /// `s.rfind(sub)`.
    fn rfind<A: Operand>(&self, sub: A) -> Result<i64>;
    /// `s.count(sub)`: non-overlapping occurrences.
    fn count<A: Operand>(&self, sub: A) -> Result<usize>;
    /// `sep.join(items)`.
    fn join<I: Items>(&self, items: I) -> Result<Self::Text>
    where
        I::Item: Render;
    /// `s.center(width)`.
    fn center<A: Operand>(&self, width: A) -> Result<Self::Text>;
    /// `s.ljust(width)`.
    fn ljust<A: Operand>(&self, width: A) -> Result<Self::Text>;
    /// `s.rjust(width)`.
    fn rjust<A: Operand>(&self, width: A) -> Result<Self::Text>;
    /// `s.zfill(width)`.
    fn zfill<A: Operand>(&self, width: A) -> Result<Self::Text>;
    /// `s.removeprefix(prefix)`.
    fn removeprefix<A: Operand>(&self, prefix: A) -> Result<Self::Text>;
    /// `s.removesuffix(suffix)`.
    fn removesuffix<A: Operand>(&self, suffix: A) -> Result<Self::Text>;
    /// `s.format(a)`.
    fn format<A: Render>(&self, a: A) -> Result<Self::Text>;
}

impl<T: PyStr + ?Sized> PyArgs1 for Py<'_, T> {
    type Text = T::Text;
    fn strip<A: Operand>(&self, chars: A) -> Result<T::Text> {
        let chars = text_arg(&chars, "strip")?;
        Ok(T::py_text(strip(
            &self.0.py_str("strip")?,
            Some(&chars),
            true,
            true,
        )))
    }
    fn lstrip<A: Operand>(&self, chars: A) -> Result<T::Text> {
        let chars = text_arg(&chars, "lstrip")?;
        Ok(T::py_text(strip(
            &self.0.py_str("lstrip")?,
            Some(&chars),
            true,
            false,
        )))
    }
    fn rstrip<A: Operand>(&self, chars: A) -> Result<T::Text> {
        let chars = text_arg(&chars, "rstrip")?;
        Ok(T::py_text(strip(
            &self.0.py_str("rstrip")?,
            Some(&chars),
            false,
            true,
        )))
    }
    fn startswith<A: Affixes>(&self, prefix: A) -> Result<bool> {
        let text = self.0.py_str("startswith")?;
        prefix.any_affix("startswith", &|p| text.starts_with(p))
    }
    fn endswith<A: Affixes>(&self, suffix: A) -> Result<bool> {
        let text = self.0.py_str("endswith")?;
        suffix.any_affix("endswith", &|s| text.ends_with(s))
    }
    fn split<A: Operand>(&self, sep: A) -> Result<Vec<String>> {
        let text = self.0.py_str("split")?;
        match sep.operand() {
            Val::None => Ok(split_whitespace(&text, None, false)),
            _ => split_on(&text, &text_arg(&sep, "split")?, None, false),
        }
    }
    fn rsplit<A: Operand>(&self, sep: A) -> Result<Vec<String>> {
        let text = self.0.py_str("rsplit")?;
        match sep.operand() {
            Val::None => Ok(split_whitespace(&text, None, true)),
            _ => split_on(&text, &text_arg(&sep, "rsplit")?, None, true),
        }
    }
    fn find<A: Operand>(&self, sub: A) -> Result<i64> {
        let text = self.0.py_str("find")?;
        let sub = text_arg(&sub, "find")?;
        Ok(text.find(&*sub).map_or(-1, |at| char_index(&text, at)))
    }
    fn rfind<A: Operand>(&self, sub: A) -> Result<i64> {
        let text = self.0.py_str("rfind")?;
        let sub = text_arg(&sub, "rfind")?;
        Ok(text.rfind(&*sub).map_or(-1, |at| char_index(&text, at)))
    }
    fn count<A: Operand>(&self, sub: A) -> Result<usize> {
        let text = self.0.py_str("count")?;
        let sub = text_arg(&sub, "count")?;
        Ok(text.matches(&*sub).count())
    }
    fn join<I: Items>(&self, items: I) -> Result<T::Text>
    where
        I::Item: Render,
    {
        let separator = self.0.py_str("join")?;
        let mut out = String::new();
        for (i, item) in items.items().enumerate() {
            if i > 0 {
                out.push_str(&separator);
            }
            out.push_str(&joined_arg::<T, _>(&item, "join")?);
        }
        Ok(T::py_text(out))
    }
    fn center<A: Operand>(&self, width: A) -> Result<T::Text> {
        let width = width_arg(width, "center")?;
        Ok(T::py_text(pad(&self.0.py_str("center")?, width, ' ', '^')))
    }
    fn ljust<A: Operand>(&self, width: A) -> Result<T::Text> {
        let width = width_arg(width, "ljust")?;
        Ok(T::py_text(pad(&self.0.py_str("ljust")?, width, ' ', '<')))
    }
    fn rjust<A: Operand>(&self, width: A) -> Result<T::Text> {
        let width = width_arg(width, "rjust")?;
        Ok(T::py_text(pad(&self.0.py_str("rjust")?, width, ' ', '>')))
    }
    fn zfill<A: Operand>(&self, width: A) -> Result<T::Text> {
        let width = width_arg(width, "zfill")?;
        let text = self.0.py_str("zfill")?;
        let (sign, digits) = match text.chars().next() {
            Some(c @ ('+' | '-')) => (Some(c), &text[1..]),
            _ => (None, &text[..]),
        };
        let len = text.chars().count();
        let mut out = String::with_capacity(width.max(text.len()));
        out.extend(sign);
        out.extend(std::iter::repeat_n('0', width.saturating_sub(len)));
        out.push_str(digits);
        Ok(T::py_text(out))
    }
    fn removeprefix<A: Operand>(&self, prefix: A) -> Result<T::Text> {
        let text = self.0.py_str("removeprefix")?;
        let prefix = text_arg(&prefix, "removeprefix")?;
        Ok(T::py_text(
            text.strip_prefix(&*prefix).unwrap_or(&text).to_owned(),
        ))
    }
    fn removesuffix<A: Operand>(&self, suffix: A) -> Result<T::Text> {
        let text = self.0.py_str("removesuffix")?;
        let suffix = text_arg(&suffix, "removesuffix")?;
        Ok(T::py_text(
            text.strip_suffix(&*suffix).unwrap_or(&text).to_owned(),
        ))
    }
    fn format<A: Render>(&self, a: A) -> Result<T::Text> {
        Ok(T::py_text(format::<T>(&self.0.py_str("format")?, &[&a])?))
    }
}

/// Python's string methods that take two arguments.
pub trait PyArgs2 {
    /// A string result.
    type Text;
    /// `s.split(sep, maxsplit)`.
    fn split<A: Operand, M: Operand>(&self, sep: A, max: M) -> Result<Vec<String>>;
    /// `s.rsplit(sep, maxsplit)`.
    fn rsplit<A: Operand, M: Operand>(&self, sep: A, max: M) -> Result<Vec<String>>;
    /// `s.replace(old, new)`.
    fn replace<A: Operand, B: Render>(&self, old: A, new: B) -> Result<Self::Text>;
    /// `s.center(width, fillchar)`.
    fn center<A: Operand, F: Operand>(&self, width: A, fill: F) -> Result<Self::Text>;
    /// `s.ljust(width, fillchar)`.
    fn ljust<A: Operand, F: Operand>(&self, width: A, fill: F) -> Result<Self::Text>;
    /// `s.rjust(width, fillchar)`.
    fn rjust<A: Operand, F: Operand>(&self, width: A, fill: F) -> Result<Self::Text>;
    /// `s.format(a, b)`.
    fn format<A: Render, B: Render>(&self, a: A, b: B) -> Result<Self::Text>;
}

fn split_max<A: Operand, M: Operand>(
    text: &str,
    sep: A,
    max: M,
    reverse: bool,
) -> Result<Vec<String>> {
    let max = max_split(max)?;
    match sep.operand() {
        Val::None => Ok(split_whitespace(text, max, reverse)),
        _ => split_on(text, &text_arg(&sep, "split")?, max, reverse),
    }
}

impl<T: PyStr + ?Sized> PyArgs2 for Py<'_, T> {
    type Text = T::Text;
    fn split<A: Operand, M: Operand>(&self, sep: A, max: M) -> Result<Vec<String>> {
        split_max(&self.0.py_str("split")?, sep, max, false)
    }
    fn rsplit<A: Operand, M: Operand>(&self, sep: A, max: M) -> Result<Vec<String>> {
        split_max(&self.0.py_str("rsplit")?, sep, max, true)
    }
    fn replace<A: Operand, B: Render>(&self, old: A, new: B) -> Result<T::Text> {
        let text = self.0.py_str("replace")?;
        let old = text_arg(&old, "replace")?;
        let new = joined_arg::<T, _>(&new, "replace")?;
        Ok(T::py_text(text.replace(&*old, &new)))
    }
    fn center<A: Operand, F: Operand>(&self, width: A, fill: F) -> Result<T::Text> {
        let (width, fill) = (width_arg(width, "center")?, fill_arg(fill, "center")?);
        Ok(T::py_text(pad(&self.0.py_str("center")?, width, fill, '^')))
    }
    fn ljust<A: Operand, F: Operand>(&self, width: A, fill: F) -> Result<T::Text> {
        let (width, fill) = (width_arg(width, "ljust")?, fill_arg(fill, "ljust")?);
        Ok(T::py_text(pad(&self.0.py_str("ljust")?, width, fill, '<')))
    }
    fn rjust<A: Operand, F: Operand>(&self, width: A, fill: F) -> Result<T::Text> {
        let (width, fill) = (width_arg(width, "rjust")?, fill_arg(fill, "rjust")?);
        Ok(T::py_text(pad(&self.0.py_str("rjust")?, width, fill, '>')))
    }
    fn format<A: Render, B: Render>(&self, a: A, b: B) -> Result<T::Text> {
        Ok(T::py_text(format::<T>(
            &self.0.py_str("format")?,
            &[&a, &b],
        )?))
    }
}

/// Python's string methods that take three arguments.
pub trait PyArgs3 {
    /// A string result.
    type Text;
    /// `s.replace(old, new, count)`.
    fn replace<A: Operand, B: Render, C: Operand>(
        &self,
        old: A,
        new: B,
        count: C,
    ) -> Result<Self::Text>;
    /// `s.format(a, b, c)`.
    fn format<A: Render, B: Render, C: Render>(&self, a: A, b: B, c: C) -> Result<Self::Text>;
}

impl<T: PyStr + ?Sized> PyArgs3 for Py<'_, T> {
    type Text = T::Text;
    fn replace<A: Operand, B: Render, C: Operand>(
        &self,
        old: A,
        new: B,
        count: C,
    ) -> Result<T::Text> {
        let text = self.0.py_str("replace")?;
        let old = text_arg(&old, "replace")?;
        let new = joined_arg::<T, _>(&new, "replace")?;
        let replaced = match usize::try_from(int_arg(count, "replace")?) {
            Ok(count) => text.replacen(&*old, &new, count),
            Err(_) => text.replace(&*old, &new),
        };
        Ok(T::py_text(replaced))
    }
    fn format<A: Render, B: Render, C: Render>(&self, a: A, b: B, c: C) -> Result<T::Text> {
        Ok(T::py_text(format::<T>(
            &self.0.py_str("format")?,
            &[&a, &b, &c],
        )?))
    }
}

/// Lifts a method's result into a `Result`: this module's methods already return one;
/// the user's own methods, reached through `Py`'s dereference, return a plain value.
/// Generated code calls `(&&Lift(&value)).kiln_lift()` and passes the value to what that
/// returns, as with [`Keep`](super::Keep).
pub struct Lift<'a, T>(pub &'a T);

/// What [`Lift`] picks for a `Result`.
pub struct LiftResult;

/// What [`Lift`] picks for a plain value.
pub struct LiftValue;

/// The first choice: a `kiln::Result`, kept.
pub trait ViaLiftResult {
    /// The choice.
    #[inline]
    fn kiln_lift(&self) -> LiftResult {
        LiftResult
    }
}

impl<T> ViaLiftResult for &Lift<'_, Result<T>> {}

/// The fallback: a plain value, which cannot fail.
pub trait ViaLiftValue {
    /// The choice.
    #[inline]
    fn kiln_lift(&self) -> LiftValue {
        LiftValue
    }
}

impl<T> ViaLiftValue for Lift<'_, T> {}

impl LiftResult {
    /// The result.
    #[inline]
    pub fn lift<T>(self, value: Result<T>) -> Result<T> {
        value
    }
}

impl LiftValue {
    /// The value, as a success.
    #[inline]
    pub fn lift<T>(self, value: T) -> Result<T> {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(text: &str) -> Py<'_, str> {
        Py(text)
    }

    #[test]
    fn string_methods_match_python() {
        // Expected values from CPython 3.
        assert_eq!(
            PyArgs0::title(&py("they're bill's 1st")).unwrap(),
            "They'Re Bill'S 1St"
        );
        assert_eq!(
            PyArgs0::capitalize(&py("hELLO wORLD")).unwrap(),
            "Hello world"
        );
        assert_eq!(PyArgs0::swapcase(&py("Hello")).unwrap(), "hELLO");
        assert_eq!(PyArgs0::strip(&py(" \t x y \n")).unwrap(), "x y");
        assert_eq!(PyArgs1::strip(&py("xxhixx"), "x").unwrap(), "hi");
        assert_eq!(PyArgs1::lstrip(&py("xxhixx"), "x").unwrap(), "hixx");
        assert_eq!(PyArgs0::split(&py("  a  b c ")).unwrap(), ["a", "b", "c"]);
        assert_eq!(PyArgs0::rsplit(&py("  a  b c ")).unwrap(), ["a", "b", "c"]);
        assert_eq!(
            PyArgs2::split(&py(" a  b c "), Val::None, 1).unwrap(),
            ["a", "b c "]
        );
        assert_eq!(
            PyArgs2::rsplit(&py(" a  b c "), Val::None, 1).unwrap(),
            [" a  b", "c"]
        );
        assert_eq!(
            PyArgs1::split(&py("a,b,,c"), ",").unwrap(),
            ["a", "b", "", "c"]
        );
        assert_eq!(PyArgs2::split(&py("a,b,c"), ",", 1).unwrap(), ["a", "b,c"]);
        assert_eq!(PyArgs2::rsplit(&py("a,b,c"), ",", 1).unwrap(), ["a,b", "c"]);
        assert!(PyArgs1::split(&py("a"), "").is_err());
        assert_eq!(
            PyArgs0::splitlines(&py("a\nb\r\nc\rd\n")).unwrap(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(PyArgs1::find(&py("héllo"), "l").unwrap(), 2);
        assert_eq!(PyArgs1::rfind(&py("héllo"), "l").unwrap(), 3);
        assert_eq!(PyArgs1::find(&py("héllo"), "z").unwrap(), -1);
        assert_eq!(PyArgs1::count(&py("aaaa"), "aa").unwrap(), 2);
        assert_eq!(PyArgs1::count(&py("héllo"), "").unwrap(), 6);
        assert_eq!(PyArgs1::join(&py(", "), ["a", "b"]).unwrap(), "a, b");
        assert!(PyArgs1::join(&py(", "), [1, 2]).is_err());
        assert_eq!(PyArgs1::center(&py("ab"), 5).unwrap(), "  ab ");
        assert_eq!(PyArgs2::center(&py("ab"), 6, "*").unwrap(), "**ab**");
        assert_eq!(PyArgs2::ljust(&py("ab"), 4, "-").unwrap(), "ab--");
        assert_eq!(PyArgs1::rjust(&py("ab"), 4).unwrap(), "  ab");
        assert_eq!(PyArgs1::zfill(&py("-42"), 6).unwrap(), "-00042");
        assert_eq!(PyArgs2::replace(&py("a-b-c"), "-", "+").unwrap(), "a+b+c");
        assert_eq!(
            PyArgs3::replace(&py("a-b-c"), "-", "+", 1).unwrap(),
            "a+b-c"
        );
        assert_eq!(PyArgs2::replace(&py("ab"), "", "-").unwrap(), "-a-b-");
        assert!(PyArgs1::startswith(&py("hello"), ("x", "he")).unwrap());
        assert!(!PyArgs1::endswith(&py("hello"), "x").unwrap());
        assert!(PyArgs0::isdigit(&py("123")).unwrap() && !PyArgs0::isdigit(&py("")).unwrap());
        assert!(PyArgs0::islower(&py("a1")).unwrap() && !PyArgs0::islower(&py("1")).unwrap());
        assert_eq!(
            PyArgs2::format(&py("{} is {}"), "x", 1.5).unwrap(),
            "x is 1.5"
        );
        assert_eq!(
            PyArgs2::format(&py("{1}{0} {{}}"), "a", true).unwrap(),
            "Truea {}"
        );
        assert!(PyArgs1::format(&py("{:>3}"), "a").is_err());
        assert!(PyArgs1::format(&py("{} {}"), "a").is_err());
    }

    #[test]
    fn markup_stays_markup_and_escapes_what_joins_it() {
        let markup = Safe("<b>{}</b>");
        assert_eq!(
            PyArgs1::format(&Py(&markup), "<i>").unwrap().0,
            "<b>&lt;i&gt;</b>"
        );
        assert_eq!(
            PyArgs2::replace(&Py(&markup), "b", "<s>").unwrap().0,
            "<&lt;s&gt;>{}</&lt;s&gt;>"
        );
        assert_eq!(PyArgs0::upper(&Py(&markup)).unwrap().0, "<B>{}</B>");
    }

    #[test]
    fn non_strings_are_errors_not_panics() {
        let error = PyArgs0::upper(&Py(&Val::Int(1))).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("'int' object has no attribute 'upper'"),
            "{error}"
        );
        assert!(PyArgs0::upper(&Py(&None::<String>)).is_err());
        assert!(PyArgs0::upper(&Py(&Maybe(None::<&str>))).is_err());
        assert!(PyArgs1::center(&py("a"), 1i64 << 40).is_err());
    }
}
