//! `tojson` (feature `json`): the value as JSON that is safe to put in HTML and `<script>`,
//! byte for byte as Jinja2's `htmlsafe_json_dumps` writes it: keys sorted, `", "` and
//! `": "` separators (`","` with `indent`), non-ASCII as `\uXXXX`, and `<`, `>`, `&`, `'`
//! as `\u003c`, `\u003e`, `\u0026`, `\u0027`.

use crate::escape::Safe;
#[cfg(not(feature = "json"))]
use crate::Error;
use crate::Result;

#[cfg(feature = "json")]
mod imp {
    use std::fmt::Write as _;

    use serde::{Serialize, Serializer};
    use serde_json::Value;

    use crate::escape::Safe;
    use crate::ops::Val;
    use crate::value::{Defaulted, Either, Maybe};
    use crate::{Error, Result};

    /// Python's `json` string escaping with `ensure_ascii`, plus Jinja2's HTML-safe
    /// replacements.
    fn write_string(out: &mut String, text: &str) {
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\'' => out.push_str("\\u0027"),
                ' '..='~' => out.push(c),
                _ => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        // Writing to a String cannot fail.
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                }
            }
        }
        out.push('"');
    }

    fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
        if let Some(indent) = indent {
            out.push('\n');
            for _ in 0..depth {
                out.push_str(indent);
            }
        }
    }

    fn write_value(out: &mut String, value: &Value, indent: Option<&str>, depth: usize) {
        let separator = if indent.is_some() { "," } else { ", " };
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    out.push_str(itoa::Buffer::new().format(i));
                } else if let Some(u) = n.as_u64() {
                    out.push_str(itoa::Buffer::new().format(u));
                } else if let Some(f) = n.as_f64() {
                    // Python's `float.__repr__`, as `json.dumps` uses it.
                    let _ = crate::value::write_float(out, f);
                }
            }
            Value::String(s) => write_string(out, s),
            Value::Array(items) if items.is_empty() => out.push_str("[]"),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(separator);
                    }
                    newline(out, indent, depth + 1);
                    write_value(out, item, indent, depth + 1);
                }
                newline(out, indent, depth);
                out.push(']');
            }
            Value::Object(map) if map.is_empty() => out.push_str("{}"),
            Value::Object(map) => {
                // Jinja2's default policy dumps with `sort_keys=True`.
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                out.push('{');
                for (i, (key, item)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push_str(separator);
                    }
                    newline(out, indent, depth + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    write_value(out, item, indent, depth + 1);
                }
                newline(out, indent, depth);
                out.push('}');
            }
        }
    }

    /// See [`super::tojson`].
    pub fn tojson<T: Serialize + ?Sized>(value: &T, indent: Option<i64>) -> Result<Safe<String>> {
        let value =
            serde_json::to_value(value).map_err(|e| Error::filter("tojson", e.to_string()))?;
        // Python repeats a space `indent` times; a negative count gives none.
        let indent = match indent.map(|n| usize::try_from(n).unwrap_or(0)) {
            Some(n) if n > 1024 => {
                return Err(Error::filter("tojson", format!("indent {n} is too large")))
            }
            other => other.map(|n| " ".repeat(n)),
        };
        let mut out = String::new();
        write_value(&mut out, &value, indent.as_deref(), 0);
        Ok(Safe(out))
    }

    impl<T: Serialize + ?Sized> Serialize for Safe<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.serialize(serializer)
        }
    }

    impl<T: Serialize> Serialize for Maybe<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.serialize(serializer)
        }
    }

    impl<A: Serialize, B: Serialize> Serialize for Either<A, B> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Either::Left(a) => a.serialize(serializer),
                Either::Right(b) => b.serialize(serializer),
            }
        }
    }

    impl<A: Serialize, B: Serialize> Serialize for Defaulted<A, B> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Defaulted::Value(a) => a.serialize(serializer),
                Defaulted::Default(b) => b.serialize(serializer),
            }
        }
    }

    impl Serialize for Val<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Val::Int(i) => match i64::try_from(*i) {
                    Ok(i) => serializer.serialize_i64(i),
                    Err(_) => serializer.serialize_i128(*i),
                },
                Val::Float(f) => serializer.serialize_f64(*f),
                Val::Str(s) => serializer.serialize_str(s),
                Val::Bool(b) => serializer.serialize_bool(*b),
                Val::None => serializer.serialize_none(),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::collections::BTreeMap;

        #[test]
        fn dumps_like_jinja2() {
            // Expected values from Jinja2 3.1.6's `tojson`.
            let mut map = BTreeMap::new();
            map.insert("b", vec![1.0, 2.5]);
            map.insert("a", vec![]);
            assert_eq!(
                tojson(&map, None).unwrap().0,
                r#"{"a": [], "b": [1.0, 2.5]}"#
            );
            assert_eq!(
                tojson(&map, Some(2)).unwrap().0,
                "{\n  \"a\": [],\n  \"b\": [\n    1.0,\n    2.5\n  ]\n}"
            );
            assert_eq!(
                tojson("<a href='x'>&é😀\u{1}", None).unwrap().0,
                r#""\u003ca href=\u0027x\u0027\u003e\u0026\u00e9\ud83d\ude00\u0001""#
            );
            assert_eq!(
                tojson(&(1, true, None::<i32>), None).unwrap().0,
                "[1, true, null]"
            );
            assert_eq!(tojson(&Safe("<b>"), None).unwrap().0, r#""\u003cb\u003e""#);
        }
    }
}

/// `tojson(indent=none)`: the value serialized to JSON (`serde::Serialize`) as Jinja2 does
/// it, marked safe. Needs the `json` feature.
#[cfg(feature = "json")]
pub fn tojson<T: serde::Serialize + ?Sized, N: crate::ops::Operand>(
    value: &T,
    indent: Option<N>,
) -> Result<Safe<String>> {
    let indent = match indent {
        Some(n) => Some(crate::filters::select::int_arg("tojson", "indent", &n)?),
        None => None,
    };
    imp::tojson(value, indent)
}

/// Stands in for `serde::Serialize` when the `json` feature is off, so that a template using
/// `tojson` fails to compile with a message that says what to do.
#[cfg(not(feature = "json"))]
#[diagnostic::on_unimplemented(
    message = "the `tojson` filter needs the `json` feature of `kiln`",
    label = "`tojson` is used on this value",
    note = "enable it in Cargo.toml: `kiln = {{ version = \"…\", features = [\"json\"] }}`"
)]
pub trait JsonFeatureIsOff {}

/// `tojson(indent=none)`: needs the `json` feature; without it, a template that uses it does
/// not compile.
#[cfg(not(feature = "json"))]
pub fn tojson<T: JsonFeatureIsOff + ?Sized, N>(_: &T, _: Option<N>) -> Result<Safe<String>> {
    Err(Error::filter(
        "tojson",
        "the `json` feature of `kiln` is off",
    ))
}
