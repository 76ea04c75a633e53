//! Escapers: how text that is not known to be safe reaches the output.

use std::fmt;

use crate::{Buffer, Output};

/// Turns untrusted text into text that is safe in one output format.
///
/// The generated code picks one escaper per template (by extension, or `escape = "…"`) and
/// passes it by value, so it must be cheap to copy. Custom escapers implement this trait.
pub trait Escaper: Copy {
    /// Writes `text` to `out`, escaped.
    fn write_escaped<W: fmt::Write + ?Sized>(self, out: &mut W, text: &str) -> fmt::Result;

    /// Writes `text` to an [`Output`], escaped. Generated code calls this one; override it
    /// when an `Output` method does the escaping faster, as [`Html`] does.
    #[inline]
    fn write_escaped_to<O: Output + ?Sized>(self, out: &mut O, text: &str) -> fmt::Result {
        self.write_escaped(out, text)
    }

    /// Writes one character, escaped.
    fn write_escaped_char<W: fmt::Write + ?Sized>(self, out: &mut W, c: char) -> fmt::Result {
        self.write_escaped(out, c.encode_utf8(&mut [0; 4]))
    }
}

/// HTML and XML escaping with exactly MarkupSafe's bytes: `&` `<` `>` `"` `'` become
/// `&amp;` `&lt;` `&gt;` `&#34;` `&#39;`; everything else is copied.
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

/// No escaping: text is copied as it is.
#[derive(Clone, Copy, Debug, Default)]
pub struct Text;

/// For each byte, 0 if it is copied, else the index + 1 of its entity in `ENTITIES`.
const HTML_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    table[b'&' as usize] = 1;
    table[b'<' as usize] = 2;
    table[b'>' as usize] = 3;
    table[b'"' as usize] = 4;
    table[b'\'' as usize] = 5;
    table
};

const ENTITIES: [&str; 5] = ["&amp;", "&lt;", "&gt;", "&#34;", "&#39;"];

impl Escaper for Html {
    #[inline]
    fn write_escaped_to<O: Output + ?Sized>(self, out: &mut O, text: &str) -> fmt::Result {
        out.write_html_escaped(text)
    }

    #[inline]
    fn write_escaped<W: fmt::Write + ?Sized>(self, out: &mut W, text: &str) -> fmt::Result {
        let bytes = text.as_bytes();
        let mut clean_from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let class = HTML_CLASS[b as usize];
            if class != 0 {
                // Every special byte is ASCII, so `clean_from..i` lies on char boundaries.
                if clean_from < i {
                    out.write_str(&text[clean_from..i])?;
                }
                out.write_str(ENTITIES[class as usize - 1])?;
                clean_from = i + 1;
            }
        }
        if clean_from < bytes.len() {
            out.write_str(&text[clean_from..])?;
        }
        Ok(())
    }
}

impl Escaper for Text {
    #[inline]
    fn write_escaped<W: fmt::Write + ?Sized>(self, out: &mut W, text: &str) -> fmt::Result {
        out.write_str(text)
    }
}

/// Escapes `text` for HTML into a new `String` (MarkupSafe's bytes).
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = Buffer::with_capacity(text.len() + text.len() / 8);
    out.push_html_escaped(text);
    out.into_string()
}

/// A value that is printed without escaping: the template author vouches that it is safe
/// markup. `{{ x|safe }}` produces one; user code may wrap values in it too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Safe<T: ?Sized>(pub T);

impl<T: fmt::Display + ?Sized> fmt::Display for Safe<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A `fmt::Write` adapter that escapes everything written through it, so that any
/// `Display` value can be printed escaped without an intermediate `String`.
pub(crate) struct EscapingWriter<'a, W: ?Sized, E> {
    pub(crate) inner: &'a mut W,
    pub(crate) escaper: E,
}

impl<W: fmt::Write + ?Sized, E: Escaper> fmt::Write for EscapingWriter<'_, W, E> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.escaper.write_escaped(self.inner, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markupsafe_bytes() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&#34;x&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn html_copies_clean_text_and_unicode() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain ünïcødé ✓"), "plain ünïcødé ✓");
        assert_eq!(escape_html("é<ü"), "é&lt;ü");
    }

    #[test]
    fn text_copies_everything() {
        let mut out = String::new();
        Text.write_escaped(&mut out, "<&>").unwrap();
        assert_eq!(out, "<&>");
    }

    #[test]
    fn html_escape_round_trips_through_html_escape_decoder() {
        // A fixed corpus with every special byte in every position; the property tests
        // below widen this to random input.
        for s in ["&", "<<>>", "a\"b'c", "'\"&<>", "x&amp;y", "ü&ü"] {
            let escaped = escape_html(s);
            assert_eq!(html_escape::decode_html_entities(&escaped), s);
        }
    }

    /// The byte-at-a-time escaper that `fmt::Write` targets get: the reference.
    fn escape_bytewise(text: &str) -> String {
        let mut out = String::new();
        Html.write_escaped(&mut out, text).unwrap();
        out
    }

    #[test]
    fn word_escaper_handles_every_position_and_block_edge() {
        // Each special byte at each offset within a word, and texts around the block size,
        // with multi-byte characters straddling word and block boundaries.
        for special in ["&", "<", ">", "\"", "'", "é", "✓", "😀"] {
            for len in (0usize..20).chain(250..262).chain(510..516) {
                for at in [0, len / 2, len.saturating_sub(1)] {
                    let text: String = (0..len)
                        .map(|i| if i == at { special } else { "a" })
                        .collect();
                    assert_eq!(escape_html(&text), escape_bytewise(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn chunk_escaper_handles_every_offset_of_a_64_byte_window() {
        // The 16-byte search (x86-64) and its overlapping tail: each special byte, and
        // characters of two to four bytes, at every offset of texts up to 64 bytes long,
        // in clean runs and between other specials.
        for special in ["&", "<", ">", "\"", "'", "é", "✓", "😀"] {
            for fill in ["a", "&"] {
                for len in 0..=64usize {
                    for at in 0..len {
                        let text: String = (0..len)
                            .map(|i| if i == at { special } else { fill })
                            .collect();
                        assert_eq!(escape_html(&text), escape_bytewise(&text), "{text:?}");
                    }
                }
            }
        }
        let long_clean = "x".repeat(4096);
        assert_eq!(escape_html(&long_clean), long_clean);
    }

    #[test]
    fn word_escaper_handles_every_short_text() {
        // Every text of up to six characters from an alphabet with specials, plain ASCII
        // and a two-byte character: short texts and tails take the overlapping-load path.
        let alphabet = ["a", "&", "'", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            texts = texts
                .iter()
                .flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}")))
                .collect();
            for text in &texts {
                assert_eq!(escape_html(text), escape_bytewise(text), "{text:?}");
                let tail = format!("12345678{text}");
                assert_eq!(escape_html(&tail), escape_bytewise(&tail), "{tail:?}");
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text from an alphabet rich in the bytes that matter: specials, ASCII, and
        /// characters of two, three and four bytes.
        fn text() -> impl Strategy<Value = String> {
            let alphabet = vec!['&', '<', '>', '"', '\'', 'a', ' ', '#', ';', 'é', '✓', '😀'];
            prop::collection::vec(prop::sample::select(alphabet), 0..700)
                .prop_map(|chars| chars.into_iter().collect())
        }

        proptest! {
            #[test]
            fn word_escaper_matches_the_bytewise_one(text in text()) {
                prop_assert_eq!(escape_html(&text), escape_bytewise(&text));
            }

            #[test]
            fn word_escaper_matches_on_short_texts(
                text in prop::collection::vec(prop::sample::select(
                    vec!['&', '<', '>', '"', '\'', 'a', 'é', '✓', '😀'],
                ), 0..24).prop_map(|chars| chars.into_iter().collect::<String>()),
            ) {
                prop_assert_eq!(escape_html(&text), escape_bytewise(&text));
            }

            #[test]
            fn escaped_text_decodes_back(text in text()) {
                let escaped = escape_html(&text);
                prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
                prop_assert_eq!(html_escape::decode_html_entities(&escaped), text);
            }

            #[test]
            fn appending_keeps_what_was_there(before in text(), text in text()) {
                let mut buffer = Buffer::from(before.clone());
                buffer.push_html_escaped(&text);
                prop_assert_eq!(buffer.into_string(), before + &escape_bytewise(&text));
            }
        }
    }
}
