//! Filters about markup and URLs.

use std::collections::{BTreeMap, HashMap};

use crate::escape::{Html, Safe};
use crate::value::{to_string, Render};
use crate::Result;

/// `escape` / `e`: escapes the value for HTML and marks the result safe. A value that is
/// already safe is not escaped twice.
pub fn escape<T: Render + ?Sized>(value: &T) -> Result<Safe<String>> {
    let mut out = String::new();
    value.render(&mut out, Html)?;
    Ok(Safe(out))
}

/// `safe`: marks the value as safe markup, so autoescaping leaves it alone.
pub fn safe<T: ?Sized>(value: &T) -> Result<Safe<&T>> {
    Ok(Safe(value))
}

/// What `urlencode` accepts: a string, or key–value pairs (maps, slices of pairs).
pub trait UrlEncode {
    /// The URL-encoded form.
    fn url_encode(&self) -> String;
}

/// Percent-encodes like Python's `urllib.parse.quote`: letters, digits and `_.-~` are kept,
/// and `/` too unless `for_query` (which also turns spaces into `+`).
fn quote(text: &str, for_query: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(byte as char)
            }
            b'/' if !for_query => out.push('/'),
            b' ' if for_query => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 15)] as char);
            }
        }
    }
    out
}

pub(crate) fn encode_pairs<'a, K: Render + ?Sized + 'a, V: Render + ?Sized + 'a>(
    pairs: impl IntoIterator<Item = (&'a K, &'a V)>,
) -> String {
    let encoded: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                quote(&to_string(k), true),
                quote(&to_string(v), true)
            )
        })
        .collect();
    encoded.join("&")
}

macro_rules! url_encode_str {
    ($($ty:ty),*) => {$(
        impl UrlEncode for $ty {
            fn url_encode(&self) -> String {
                quote(&to_string(self), false)
            }
        }
    )*};
}
url_encode_str!(
    str,
    String,
    std::borrow::Cow<'_, str>,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    bool,
    char
);

impl<K: Render, V: Render, S> UrlEncode for HashMap<K, V, S> {
    fn url_encode(&self) -> String {
        encode_pairs(self.iter())
    }
}

impl<K: Render, V: Render> UrlEncode for BTreeMap<K, V> {
    fn url_encode(&self) -> String {
        encode_pairs(self.iter())
    }
}

impl<K: Render, V: Render> UrlEncode for [(K, V)] {
    fn url_encode(&self) -> String {
        encode_pairs(self.iter().map(|(k, v)| (k, v)))
    }
}

impl<K: Render, V: Render> UrlEncode for Vec<(K, V)> {
    fn url_encode(&self) -> String {
        self.as_slice().url_encode()
    }
}

impl<T: UrlEncode + ?Sized> UrlEncode for &T {
    fn url_encode(&self) -> String {
        (**self).url_encode()
    }
}

impl<T: UrlEncode + ?Sized> UrlEncode for Safe<T> {
    fn url_encode(&self) -> String {
        self.0.url_encode()
    }
}

/// `urlencode`: percent-encodes a string for use in a URL path or query; maps and lists of
/// pairs become a query string (`a=1&b=x+y`).
pub fn urlencode<T: UrlEncode + ?Sized>(value: &T) -> Result<String> {
    Ok(value.url_encode())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::to_string;

    #[test]
    fn escape_marks_safe_and_does_not_double_escape() {
        assert_eq!(to_string(&escape("<a & b>").unwrap()), "&lt;a &amp; b&gt;");
        let once = escape("<").unwrap();
        assert_eq!(to_string(&escape(&once).unwrap()), "&lt;");
    }

    #[test]
    fn urlencode_matches_jinja2() {
        assert_eq!(urlencode("a b/c?d=é&").unwrap(), "a%20b/c%3Fd%3D%C3%A9%26");
        let pairs = vec![("a", "1 2"), ("b/c", "&")];
        assert_eq!(urlencode(&pairs).unwrap(), "a=1+2&b%2Fc=%26");
        assert_eq!(urlencode(&42).unwrap(), "42");
    }
}
