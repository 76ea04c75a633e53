//! Filters that write their result straight to the output, for generated code only.
//!
//! `{{ name|upper }}` could build the upper-cased `String` and print it; when a filter is
//! the last step of a printed expression, generated code calls the function of the same
//! name here instead, which escapes its result into the output as it goes. Each saves an
//! allocation and a copy per print; the output is the same bytes as the filter's result
//! printed.

use std::str;

use crate::escape::Escaper;
use crate::output::Output;
use crate::value::{to_str, Render};
use crate::Result;

use super::Iterable;

/// `{{ value|upper }}`.
pub fn upper<T, O, E>(value: &T, out: &mut O, escaper: E) -> Result<()>
where
    T: Render + ?Sized,
    O: Output + ?Sized,
    E: Escaper,
{
    let text = to_str(value);
    if !text.is_ascii() {
        // Upper case may change the length (`ß` is `SS`): left to the standard library.
        return Ok(escaper.write_escaped_to(out, &text.to_uppercase())?);
    }
    // ASCII text is upper-cased a block at a time on the stack.
    let mut block = [0u8; 64];
    for chunk in text.as_bytes().chunks(block.len()) {
        let upper = &mut block[..chunk.len()];
        upper.copy_from_slice(chunk);
        upper.make_ascii_uppercase();
        // ASCII in, ASCII out: always valid UTF-8, so this never skips a block.
        if let Ok(upper) = str::from_utf8(upper) {
            escaper.write_escaped_to(out, upper)?;
        }
    }
    Ok(())
}

/// `{{ value|truncate(length, killwords, end, leeway) }}`.
pub fn truncate<T, O, E>(
    value: &T,
    length: usize,
    killwords: bool,
    end: &str,
    leeway: usize,
    out: &mut O,
    escaper: E,
) -> Result<()>
where
    T: Render + ?Sized,
    O: Output + ?Sized,
    E: Escaper,
{
    let text = to_str(value);
    let (kept, cut) = super::text::truncated(&text, length, killwords, end, leeway)?;
    escaper.write_escaped_to(out, kept)?;
    if cut {
        escaper.write_escaped_to(out, end)?;
    }
    Ok(())
}

/// `{{ items|join(separator) }}`. Each item is escaped on its own, so an item that is
/// safe markup stays as it is, as in Jinja2 (where `Markup.join` escapes the others).
pub fn join<'a, T, O, E>(items: &'a T, separator: &str, out: &mut O, escaper: E) -> Result<()>
where
    T: Iterable + ?Sized,
    T::Item<'a>: Render,
    O: Output + ?Sized,
    E: Escaper,
{
    for (i, item) in items.kiln_iter().enumerate() {
        if i > 0 {
            escaper.write_escaped_to(out, separator)?;
        }
        item.render_to(out, escaper)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::{Html, Safe, Text};
    use crate::filters;

    /// What `write` prints, next to what printing the value filter's result prints.
    fn same(streamed: impl FnOnce(&mut String) -> Result<()>, value: Result<String>) {
        let mut out = String::new();
        streamed(&mut out).unwrap();
        let mut expected = String::new();
        Html.write_escaped(&mut expected, &value.unwrap()).unwrap();
        assert_eq!(out, expected);
    }

    #[test]
    fn streamed_filters_print_what_the_value_filters_print() {
        let long = "<b>&</b> ".repeat(20);
        for text in [
            "",
            "a<b>&'\"",
            "Straße ǆ ﬁ",
            long.as_str(),
            "é".repeat(40).as_str(),
        ] {
            same(|o| upper(text, o, Html), filters::upper(text));
            for (length, killwords) in [(5, false), (12, true), (255, false)] {
                same(
                    |o| truncate(text, length, killwords, "…>", 2, o, Html),
                    filters::truncate(text, length, killwords, "…>", 2),
                );
            }
        }
        let tags = ["<a>", "b&c", ""];
        same(|o| join(&tags, ", <", o, Html), filters::join(&tags, ", <"));
        same(
            |o| join(&[1.5, 2.0], "-", o, Html),
            filters::join(&[1.5, 2.0], "-"),
        );
        assert!(truncate("text", 1, false, "...", 0, &mut String::new(), Html).is_err());
    }

    #[test]
    fn safe_items_of_a_join_stay_as_they_are() {
        // Jinja2: `[markup, "<i>"]|join(", ")` is `Markup.join`, which escapes the rest.
        let items = [Safe("<b>x</b>"), Safe("y")];
        let mut out = String::new();
        join(&items, " & ", &mut out, Html).unwrap();
        assert_eq!(out, "<b>x</b> &amp; y");
        let mut out = String::new();
        upper("<b>", &mut out, Text).unwrap();
        assert_eq!(out, "<B>");
    }
}
