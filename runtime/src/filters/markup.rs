//! Filters that produce or take apart HTML: `forceescape`, `striptags`, `xmlattr`, and
//! askama's `linebreaks` and `linebreaksbr`.
//!
//! Filters that return markup escape their input for HTML and mark the result
//! [`Safe`], so it is printed as it is, whatever the template's escaping.

use crate::escape::{escape_html, Html, Safe};
use crate::jinja_tests::Nullable;
use crate::value::Mapping;
use crate::value::{to_str, to_string, Render};
use crate::{Error, Result};

/// `forceescape`: escapes the printed value for HTML even if it is already safe markup (so
/// `"<b>"|safe|forceescape` is `&lt;b&gt;`), and marks the result safe.
pub fn forceescape<T: Render + ?Sized>(value: &T) -> Result<Safe<String>> {
    Ok(Safe(escape_html(&to_str(value))))
}

/// Python's `str.isspace()` for one character, which `str.split()` splits on.
pub(crate) fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Removes everything from each `open` to the next `close`, as MarkupSafe does: the first
/// `open` without a `close` after it ends the search.
fn remove_between(text: &mut String, open: &str, close: &str) {
    while let Some(start) = text.find(open) {
        let Some(end) = text[start..].find(close) else {
            break;
        };
        text.replace_range(start..start + end + close.len(), "");
    }
}

/// `striptags`: MarkupSafe's `Markup(value).striptags()`: comments and tags removed, runs of
/// whitespace collapsed to one space, then HTML entities decoded. The result is plain text,
/// escaped again when printed.
pub fn striptags<T: Render + ?Sized>(value: &T) -> Result<String> {
    let mut text = to_string(value);
    // Comments first: a comment that contains a tag would otherwise end early.
    remove_between(&mut text, "<!--", "-->");
    remove_between(&mut text, "<", ">");
    let collapsed = text
        .split(is_python_space)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(html_escape::decode_html_entities(&collapsed).into_owned())
}

/// `xmlattr(autospace=true)`: a map's items as HTML/XML attributes, ` key="value"`, values
/// escaped, entries whose value is `None` left out; with `autospace`, a leading space when
/// there is any attribute. A key with whitespace, `/`, `>` or `=` is an error, as in Jinja2
/// 3.1.4 and later.
pub fn xmlattr<M>(value: &M, autospace: bool) -> Result<Safe<String>>
where
    M: Mapping + ?Sized,
    M::Key: Render,
    M::Value: Render + Nullable,
{
    let mut out = String::new();
    for (key, item) in value.pairs() {
        if item.is_undefined() || item.is_none() {
            continue;
        }
        let key = to_string(key);
        if key.chars().any(|c| {
            matches!(
                c,
                ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '/' | '>' | '='
            )
        }) {
            return Err(Error::filter(
                "xmlattr",
                format!("invalid character in attribute name: {key:?}"),
            ));
        }
        if autospace || !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&escape_html(&key));
        out.push_str("=\"");
        item.render(&mut out, Html)?;
        out.push('"');
    }
    Ok(Safe(out))
}

/// The value escaped for HTML; a [`Safe`] value is taken as it is.
fn escaped_lines<T: Render + ?Sized>(value: &T) -> Result<String> {
    let mut text = String::new();
    value.render(&mut text, Html)?;
    Ok(text)
}

/// The lines of `text`, each with whether a line break ended it (`\r\n` counts as one).
fn split_lines(text: &str) -> impl Iterator<Item = (bool, &str)> {
    text.split_inclusive('\n')
        .map(|line| match line.strip_suffix('\n') {
            Some(line) => (true, line.strip_suffix('\r').unwrap_or(line)),
            None => (false, line),
        })
}

/// `linebreaks` (askama's): the text escaped for HTML and wrapped in `<p>…</p>`; a single
/// line break becomes `<br/>`, a blank line (two or more breaks) starts a new paragraph
/// (`</p><p>`). Leading and trailing line breaks are dropped.
///
/// ```
/// use kiln::Template;
///
/// #[derive(Template)]
/// #[template(source = "{{ text|linebreaks }}\n{{ text|linebreaksbr }}", ext = "html")]
/// struct Note<'a> {
///     text: &'a str,
/// }
///
/// let note = Note { text: "Tom & Jerry\nchase\n\n\nThe end" };
/// assert_eq!(
///     note.render().unwrap(),
///     "<p>Tom &amp; Jerry<br/>chase</p><p>The end</p>\n\
///      Tom &amp; Jerry<br/>chase<br/><br/><br/>The end"
/// );
/// ```
pub fn linebreaks<T: Render + ?Sized>(value: &T) -> Result<Safe<String>> {
    let text = escaped_lines(value)?;
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str("<p>");
    // Line breaks seen since the last text; -1 before any text, so leading ones are dropped.
    let mut breaks: i32 = -1;
    for (has_break, line) in split_lines(&text) {
        if line.is_empty() {
            if has_break && breaks >= 0 {
                breaks += 1;
            }
            continue;
        }
        match breaks {
            1 => out.push_str("<br/>"),
            2.. => out.push_str("</p><p>"),
            _ => {}
        }
        out.push_str(line);
        breaks = i32::from(has_break);
    }
    out.push_str("</p>");
    Ok(Safe(out))
}

/// `linebreaksbr` (askama's): the text escaped for HTML, each line break (`\n` or `\r\n`)
/// replaced by `<br/>`.
pub fn linebreaksbr<T: Render + ?Sized>(value: &T) -> Result<Safe<String>> {
    let text = escaped_lines(value)?;
    let mut out = String::with_capacity(text.len() + 16);
    for (has_break, line) in split_lines(&text) {
        out.push_str(line);
        if has_break {
            out.push_str("<br/>");
        }
    }
    Ok(Safe(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn forceescape_escapes_safe_values_too() {
        assert_eq!(forceescape(&Safe("<b>")).unwrap().0, "&lt;b&gt;");
        assert_eq!(forceescape("a & b").unwrap().0, "a &amp; b");
    }

    #[test]
    fn striptags_matches_markupsafe() {
        // Expected values from MarkupSafe 3.0.
        assert_eq!(
            striptags("Main &raquo;\t<em>About</em>").unwrap(),
            "Main » About"
        );
        assert_eq!(
            striptags("<!-- <b> -->a <p>b\n\n c</p> &amp; d").unwrap(),
            "a b c & d"
        );
        assert_eq!(striptags("a < b").unwrap(), "a < b");
        assert_eq!(striptags("<!-- open").unwrap(), "<!-- open");
    }

    #[test]
    fn xmlattr_skips_none_and_escapes_values() {
        let mut attrs: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        attrs.insert("class", Some("a\"b"));
        attrs.insert("id", None);
        attrs.insert("title", Some("<x>"));
        assert_eq!(
            xmlattr(&attrs, true).unwrap().0,
            " class=\"a&#34;b\" title=\"&lt;x&gt;\""
        );
        assert_eq!(
            xmlattr(&attrs, false).unwrap().0,
            "class=\"a&#34;b\" title=\"&lt;x&gt;\""
        );
        let mut bad: BTreeMap<&str, &str> = BTreeMap::new();
        bad.insert("on click", "x");
        assert!(xmlattr(&bad, true).is_err());
        let empty: BTreeMap<&str, &str> = BTreeMap::new();
        assert_eq!(xmlattr(&empty, true).unwrap().0, "");
    }

    #[test]
    fn linebreaks_match_askama() {
        // Expected values from askama 0.16's documentation and implementation.
        assert_eq!(
            linebreaks("Foo\nBar\n\nBaz").unwrap().0,
            "<p>Foo<br/>Bar</p><p>Baz</p>"
        );
        assert_eq!(
            linebreaks("\n\na\r\n\r\n\r\nb<\n").unwrap().0,
            "<p>a</p><p>b&lt;</p>"
        );
        assert_eq!(linebreaks("").unwrap().0, "<p></p>");
        assert_eq!(linebreaks(&Safe("<i>x</i>")).unwrap().0, "<p><i>x</i></p>");
        assert_eq!(linebreaksbr("a\nb\r\nc\n").unwrap().0, "a<br/>b<br/>c<br/>");
        assert_eq!(linebreaksbr("<&>").unwrap().0, "&lt;&amp;&gt;");
    }
}
