//! Filters on text.

use crate::ops::{Operand, Val};
use crate::value::Either;
use crate::value::{to_str, to_string, Render};
use crate::Result;

use super::select::count_arg;

/// `upper`: the value as a string, in upper case.
pub fn upper<T: Render + ?Sized>(value: &T) -> Result<String> {
    Ok(to_str(value).to_uppercase())
}

/// `lower`: the value as a string, in lower case.
pub fn lower<T: Render + ?Sized>(value: &T) -> Result<String> {
    Ok(to_str(value).to_lowercase())
}

/// `capitalize`: the first character in titlecase (upper case for all but a few, such as
/// `ß`, which is `Ss`), all others lower case, as Python's `str.capitalize`.
pub fn capitalize<T: Render + ?Sized>(value: &T) -> Result<String> {
    Ok(crate::case::capitalize(&to_str(value)))
}

/// `title`: each word starts upper case, the rest of it lower case. As in Jinja2, words begin
/// after whitespace and after any of `-({[<`.
pub fn title<T: Render + ?Sized>(value: &T) -> Result<String> {
    let text = to_str(value);
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        let separator = c.is_whitespace() || matches!(c, '-' | '(' | '{' | '[' | '<');
        if separator {
            out.push(c);
            at_word_start = true;
        } else if at_word_start {
            out.extend(c.to_uppercase());
            at_word_start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    Ok(out)
}

/// `trim(chars=none)`: strips leading and trailing whitespace, or the given characters.
pub fn trim<T: Render + ?Sized>(value: &T, chars: Option<&str>) -> Result<String> {
    let text = to_str(value);
    Ok(match chars {
        Some(set) => text.trim_matches(|c| set.contains(c)).to_owned(),
        None => text.trim().to_owned(),
    })
}

/// `replace(old, new, count=none)`: replaces occurrences of `old`, at most `count` of them.
pub fn replace<T: Render + ?Sized>(
    value: &T,
    old: &str,
    new: &str,
    count: Option<i64>,
) -> Result<String> {
    let text = to_str(value);
    Ok(match count {
        Some(n) if n >= 0 => text.replacen(old, new, n as usize),
        _ => text.replace(old, new),
    })
}

/// `truncate(length=255, killwords=false, end="...", leeway=5)`: shortens text longer than
/// `length + leeway` characters to `length` (including `end`), at a word boundary unless
/// `killwords`.
pub fn truncate<T: Render + ?Sized, L: Operand, W: Operand>(
    value: &T,
    length: L,
    killwords: bool,
    end: &str,
    leeway: W,
) -> Result<String> {
    let length = count_arg("truncate", "length", &length)?;
    let leeway = count_arg("truncate", "leeway", &leeway)?;
    let text = to_str(value);
    // RATIONALE: returned owned, not as a `Cow` borrowing `value`: the result of
    // `map("truncate")` or of a filter on a temporary must outlive its input.
    Ok(match truncated(&text, length, killwords, end, leeway)? {
        (kept, true) => format!("{kept}{end}"),
        (_, false) => text.into_owned(),
    })
}

/// What [`truncate`] keeps of `text`, and whether it cut it (then `end` follows).
pub(super) fn truncated<'a>(
    text: &'a str,
    length: usize,
    killwords: bool,
    end: &str,
    leeway: usize,
) -> Result<(&'a str, bool)> {
    let end_len = end.chars().count();
    if length < end_len {
        return Err(crate::Error::filter(
            "truncate",
            format!("expected length >= {end_len}, got {length}"),
        ));
    }
    if text.chars().count() <= length.saturating_add(leeway) {
        return Ok((text, false));
    }
    let cut = text
        .char_indices()
        .nth(length - end_len)
        .map_or(text.len(), |(i, _)| i);
    let kept = &text[..cut];
    let kept = if killwords {
        kept
    } else {
        kept.rsplit_once(' ').map_or(kept, |(head, _)| head)
    };
    Ok((kept, true))
}

/// `wordcount`: the number of words (runs of letters, digits and `_`).
pub fn wordcount<T: Render + ?Sized>(value: &T) -> Result<usize> {
    let text = to_str(value);
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_word(c) {
            count += usize::from(!in_word);
            in_word = true;
        } else {
            in_word = false;
        }
    }
    Ok(count)
}

/// `n` spaces, refusing more than [`crate::MAX_GENERATED_LEN`].
fn spaces(filter: &'static str, n: usize) -> Result<String> {
    if n > crate::MAX_GENERATED_LEN {
        return Err(crate::Error::filter(
            filter,
            format!("width {n} is too large"),
        ));
    }
    Ok(" ".repeat(n))
}

/// The indentation of [`indent`]: a number of spaces or a string.
pub trait IndentWidth {
    /// The string prepended to each line.
    fn indentation(&self) -> Result<String>;
}

/// A width of any integer type, as Jinja takes any int; a negative one indents by nothing,
/// as `" " * -1` is `""` in Python.
macro_rules! indent_width_int {
    ($($ty:ty),*) => {$(
        impl IndentWidth for $ty {
            fn indentation(&self) -> Result<String> {
                spaces("indent", usize::try_from(*self).unwrap_or(0))
            }
        }
    )*};
}
indent_width_int!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);

impl IndentWidth for &str {
    fn indentation(&self) -> Result<String> {
        Ok((*self).to_owned())
    }
}

/// Python's `str.splitlines()`: splits at every line boundary Python knows, dropping them.
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            lines.push(&text[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    next = j + 1;
                }
            }
            start = next;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// `indent(width=4, first=false, blank=false)`: indents every line but the first (and the
/// first too with `first`), skipping blank lines unless `blank`.
pub fn indent<T: Render + ?Sized, W: IndentWidth>(
    value: &T,
    width: W,
    first: bool,
    blank: bool,
) -> Result<String> {
    let indentation = width.indentation()?;
    // Jinja2 appends a newline before splitting, so a trailing newline is not kept.
    let mut text = to_string(value);
    text.push('\n');
    let lines = split_lines(&text);
    let mut out = String::with_capacity(text.len() + lines.len() * indentation.len());
    if first {
        out.push_str(&indentation);
    }
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            if blank || !line.is_empty() {
                out.push_str(&indentation);
            }
        }
        out.push_str(line);
    }
    Ok(out)
}

/// `center(width=80)`: pads the text with spaces on both sides to `width` characters, as
/// Python's `str.center` does.
pub fn center<T: Render + ?Sized, W: Operand>(value: &T, width: W) -> Result<String> {
    let width = count_arg("center", "width", &width)?;
    let text = to_str(value);
    let len = text.chars().count();
    if width <= len {
        return Ok(text.into_owned());
    }
    let margin = width - len;
    // CPython's rule: the odd space goes left only when both margin and width are odd.
    let left = margin / 2 + (margin & width & 1);
    let right = margin - left;
    Ok(format!(
        "{}{}{}",
        spaces("center", left)?,
        text,
        spaces("center", right)?
    ))
}

/// `string`: the value printed as a string (as Jinja2's `str()`; a `bool` is `True`).
pub fn string<T: Render + ?Sized>(value: &T) -> Result<String> {
    Ok(to_string(value))
}

/// `pluralize(singular="", plural="s")` (askama's): `singular` if the count is 1 or -1, else
/// `plural`: `{{ n }} item{{ n|pluralize }}`, `{{ n|pluralize("mouse", "mice") }}`. The
/// chosen text is printed like any value (escaped in HTML templates).
///
/// ```
/// use kiln::Template;
///
/// #[derive(Template)]
/// #[template(
///     source = "{{ n }} item{{ n|pluralize }}, {{ n }} {{ n|pluralize(\"mouse\", plural=\"mice\") }}",
///     ext = "txt"
/// )]
/// struct Count {
///     n: i32,
/// }
///
/// assert_eq!(Count { n: 1 }.render().unwrap(), "1 item, 1 mouse");
/// assert_eq!(Count { n: 0 }.render().unwrap(), "0 items, 0 mice");
/// assert_eq!(Count { n: -1 }.render().unwrap(), "-1 item, -1 mouse");
/// ```
pub fn pluralize<C: Operand + ?Sized, S, P>(
    count: &C,
    singular: S,
    plural: P,
) -> Result<Either<S, P>> {
    let one = match count.operand() {
        Val::Int(n) => n == 1 || n == -1,
        Val::Float(f) => f == 1.0 || f == -1.0,
        Val::Bool(b) => b,
        other => {
            return Err(crate::Error::filter(
                "pluralize",
                format!("expected a number, got `{}`", other.type_name()),
            ))
        }
    };
    Ok(if one {
        Either::Left(singular)
    } else {
        Either::Right(plural)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_and_pluralize() {
        assert_eq!(string(&true).unwrap(), "True");
        assert_eq!(string(&2.0).unwrap(), "2.0");
        let plural = |n: i64| to_string(&pluralize(&n, "", "s").unwrap());
        assert_eq!(plural(1), "");
        assert_eq!(plural(-1), "");
        assert_eq!(plural(0), "s");
        assert_eq!(plural(2), "s");
        assert_eq!(
            to_string(&pluralize(&1u8, "mouse", "mice").unwrap()),
            "mouse"
        );
        assert!(pluralize("1", "", "s").is_err());
    }

    #[test]
    fn case_filters() {
        assert_eq!(upper("héllo").unwrap(), "HÉLLO");
        assert_eq!(lower(&"ABC".to_string()).unwrap(), "abc");
        assert_eq!(capitalize("hELLO world").unwrap(), "Hello world");
        assert_eq!(capitalize("").unwrap(), "");
        assert_eq!(
            title("hello wORLD-foo (bar) x_y").unwrap(),
            "Hello World-Foo (Bar) X_y"
        );
        assert_eq!(upper(&true).unwrap(), "TRUE");
    }

    #[test]
    fn trim_and_replace() {
        assert_eq!(trim("  a b \n", None).unwrap(), "a b");
        assert_eq!(trim("xxaxx", Some("x")).unwrap(), "a");
        assert_eq!(replace("aaa", "a", "b", None).unwrap(), "bbb");
        assert_eq!(replace("aaa", "a", "b", Some(2)).unwrap(), "bba");
    }

    #[test]
    fn truncate_matches_jinja2() {
        // Expected values from Jinja2 3.1.
        let s = "foo bar baz qux";
        assert_eq!(truncate(s, 6, false, "...", 0).unwrap(), "foo...");
        assert_eq!(truncate(s, 6, true, "...", 0).unwrap(), "foo...");
        assert_eq!(truncate(s, 11, false, "...", 0).unwrap(), "foo bar...");
        assert_eq!(truncate(s, 11, true, "...", 0).unwrap(), "foo bar ...");
        assert_eq!(truncate(s, 12, false, "...", 5).unwrap(), s);
        assert_eq!(
            truncate("Joel is a slug", 7, false, "...", 0).unwrap(),
            "Joel..."
        );
        assert!(truncate(s, 2, false, "...", 0).is_err());
    }

    #[test]
    fn wordcount_counts_word_runs() {
        assert_eq!(wordcount("Hello, world! it's a_b").unwrap(), 5);
        assert_eq!(wordcount("").unwrap(), 0);
    }

    #[test]
    fn indent_matches_jinja2() {
        assert_eq!(
            indent("a\nb\n\nc", 2usize, false, false).unwrap(),
            "a\n  b\n\n  c"
        );
        assert_eq!(
            indent("a\nb\n\nc", 2usize, true, true).unwrap(),
            "  a\n  b\n  \n  c"
        );
        assert_eq!(indent("a\nb\n", "> ", false, false).unwrap(), "a\n> b\n");
        assert_eq!(indent("a\r\nb", 1usize, false, false).unwrap(), "a\n b");
    }

    #[test]
    fn absurd_widths_are_errors_not_panics() {
        assert!(center("x", usize::MAX).is_err());
        assert!(indent("a\nb", usize::MAX, false, false).is_err());
        assert!(indent("a\nb", i64::MAX, false, false).is_err());
    }

    #[test]
    fn center_matches_python() {
        assert_eq!(center("ab", 7).unwrap(), "   ab  ");
        assert_eq!(center("abc", 6).unwrap(), " abc  ");
        assert_eq!(center("a", 4).unwrap(), " a  ");
        assert_eq!(center("abc", 2).unwrap(), "abc");
    }
}
