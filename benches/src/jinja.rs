//! Jinja2 filter semantics that the hand-written renderers need, shared with the custom filters
//! registered with the engines whose built-ins behave differently (see the crate README).
//!
//! Each function follows Jinja2 3.1's Python code, so that every contestant prints the same
//! bytes as Jinja2 (and Kiln) for the `filters` workload.

use std::fmt::Write as _;

/// The text `truncate` appends to a shortened string (Jinja2's default `end`).
pub const TRUNCATE_END: &str = "...";

/// How many characters past `length` a string may run before `truncate` cuts it (Jinja2's
/// default `leeway`, the `truncate.leeway` policy).
pub const TRUNCATE_LEEWAY: usize = 5;

/// Jinja2's `s|truncate(length)` with its defaults (`killwords=false`, `end="..."`,
/// `leeway=5`), split into the kept prefix of `s` and whether [`TRUNCATE_END`] follows it.
///
/// Returning a prefix instead of a new `String` lets a renderer escape it straight into its
/// output. Lengths count `char`s, as Python counts code points.
///
/// ```
/// use kiln_benches::jinja::truncate;
/// assert_eq!(truncate("short enough", 20), ("short enough", false));
/// assert_eq!(truncate("a long line that goes on and on", 20), ("a long line that", true));
/// ```
///
/// # Panics
///
/// If `length` is shorter than [`TRUNCATE_END`], where Jinja2 raises an assertion error.
pub fn truncate(s: &str, length: usize) -> (&str, bool) {
    assert!(length >= TRUNCATE_END.len(), "`length` must hold `end`");
    // A string has at least as many bytes as characters, so a short one needs no counting.
    if s.len() <= length + TRUNCATE_LEEWAY || s.chars().count() <= length + TRUNCATE_LEEWAY {
        return (s, false);
    }
    // Python: `s[: length - len(end)].rsplit(" ", 1)[0]`.
    let keep = length - TRUNCATE_END.len();
    let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    let head = &s[..end];
    let kept = match head.rfind(' ') {
        Some(space) => &head[..space],
        None => head,
    };
    (kept, true)
}

/// [`truncate`] as a new `String`, with [`TRUNCATE_END`] appended when the text was cut.
pub fn truncate_to_string(s: &str, length: usize) -> String {
    match truncate(s, length) {
        (kept, true) => format!("{kept}{TRUNCATE_END}"),
        (whole, false) => whole.to_owned(),
    }
}

/// One argument of [`printf`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FormatArg<'a> {
    /// A string, printed by `%s`.
    Str(&'a str),
    /// An integer, printed by `%s`, `%d` or `%f`.
    Int(i64),
    /// A float, printed by `%f` / `%.Nf`; `%s` and `%d` are not supported for it.
    Float(f64),
}

/// The subset of Python's printf-style `%` formatting (Jinja2's `format` filter) that the
/// `filters` workload uses: `%s`, `%d`, `%f`, `%.Nf` and `%%`.
///
/// Used by the custom `format` filter and helper of tera and handlebars, which have no
/// printf-style formatting of their own.
///
/// ```
/// use kiln_benches::jinja::{printf, FormatArg};
/// let text = printf("%s: %.2f", &[FormatArg::Str("tea"), FormatArg::Float(3.5)]);
/// assert_eq!(text.as_deref(), Ok("tea: 3.50"));
/// ```
///
/// # Errors
///
/// A message for an unsupported conversion, a float given to `%s`/`%d`, or a wrong number of
/// arguments.
pub fn printf(format: &str, args: &[FormatArg<'_>]) -> Result<String, String> {
    let mut out = String::with_capacity(format.len() + 16 * args.len());
    let mut args = args.iter();
    let mut rest = format;
    while let Some(percent) = rest.find('%') {
        out.push_str(&rest[..percent]);
        let spec = &rest[percent + 1..];
        let (precision, conversion, used) = parse_spec(spec)?;
        rest = &spec[used..];
        if conversion == '%' {
            out.push('%');
            continue;
        }
        let arg = args
            .next()
            .ok_or_else(|| "not enough arguments for format string".to_owned())?;
        match (conversion, *arg) {
            ('s', FormatArg::Str(s)) => out.push_str(s),
            ('s' | 'd', FormatArg::Int(i)) => out.push_str(itoa::Buffer::new().format(i)),
            ('f', FormatArg::Int(i)) => write_fixed(&mut out, i as f64, precision),
            ('f', FormatArg::Float(x)) => write_fixed(&mut out, x, precision),
            (conversion, arg) => return Err(format!("`%{conversion}` cannot print {arg:?}")),
        }
    }
    out.push_str(rest);
    if args.next().is_some() {
        return Err("not all arguments converted during string formatting".to_owned());
    }
    Ok(out)
}

/// A `serde_json` value (the value type of tera and handlebars) as a [`FormatArg`].
///
/// # Errors
///
/// For values other than strings and numbers.
pub fn format_arg(value: &serde_json::Value) -> Result<FormatArg<'_>, String> {
    match value {
        serde_json::Value::String(s) => Ok(FormatArg::Str(s)),
        serde_json::Value::Number(n) => Ok(match n.as_i64() {
            Some(i) => FormatArg::Int(i),
            None => FormatArg::Float(n.as_f64().unwrap_or(f64::NAN)),
        }),
        other => Err(format!("`format` cannot print {other}")),
    }
}

/// Parses what follows a `%`: an optional `.N` precision and one conversion character.
/// Returns the precision, the conversion and how many bytes of `spec` were used.
fn parse_spec(spec: &str) -> Result<(Option<usize>, char, usize), String> {
    let mut used = 0;
    let mut precision = None;
    if let Some(digits) = spec.strip_prefix('.') {
        let len = digits.bytes().take_while(u8::is_ascii_digit).count();
        precision = Some(digits[..len].parse().unwrap_or(0));
        used = 1 + len;
    }
    match spec[used..].chars().next() {
        Some(c @ ('s' | 'd' | 'f' | '%')) => Ok((precision, c, used + 1)),
        Some(c) => Err(format!("unsupported format character `{c}`")),
        None => Err("incomplete format".to_owned()),
    }
}

/// `%.Nf` (6 digits without a precision, as in Python): Rust's `{:.N}` rounds the exact binary
/// value correctly, as Python does.
fn write_fixed(out: &mut String, value: f64, precision: Option<usize>) {
    let precision = precision.unwrap_or(6);
    // Writing to a `String` cannot fail.
    let _ = write!(out, "{value:.precision$}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values were printed by Jinja2 3.1.6 (`{{ s|truncate(n) }}`).
    #[test]
    fn truncate_matches_jinja2() {
        let cases = [
            ("hello world", 5, "he..."),
            ("hello worl", 5, "hello worl"),
            ("hello world foo", 5, "he..."),
            ("abcdefghijklmnopqrstuvwxyz", 10, "abcdefg..."),
            ("one two three four five six seven", 20, "one two three..."),
            (
                "one two three four five six",
                22,
                "one two three four five six",
            ),
            ("one two three four five six!", 20, "one two three..."),
            ("héllo wörld ünïcode ßtraße", 12, "héllo..."),
            ("ends with a space   and more words", 14, "ends with..."),
        ];
        for (text, length, expected) in cases {
            assert_eq!(
                truncate_to_string(text, length),
                expected,
                "{text:?}|truncate({length})"
            );
        }
    }

    #[test]
    fn printf_formats_strings_integers_and_floats() {
        let args = [
            FormatArg::Str("tea"),
            FormatArg::Float(2.675),
            FormatArg::Int(-7),
        ];
        assert_eq!(
            printf(
                "%s: %.2f, %d%% %f",
                &[args[0], args[1], args[2], FormatArg::Float(0.1)]
            ),
            Ok("tea: 2.67, -7% 0.100000".to_owned())
        );
        assert!(printf("%s %s", &args[..1]).is_err());
        assert!(printf("%s", &args).is_err());
        assert!(printf("%x", &args[..1]).is_err());
        assert!(printf("%s", &[FormatArg::Float(1.0)]).is_err());
    }
}
