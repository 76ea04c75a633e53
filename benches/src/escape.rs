//! The HTML escaper of the plain hand-written renderers (the tuned ones escape with
//! [`crate::buffer::Chunk::push_escaped`]).
//!
//! It emits exactly MarkupSafe's bytes, the ones Kiln's design fixes:
//! `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`, `"` → `&#34;`, `'` → `&#39;`; every other byte is
//! copied.

/// Appends `text` to `out`, HTML-escaped, one `char` at a time.
///
/// This is the obvious loop a person writes first.
pub fn escape_plain(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markupsafe_bytes() {
        let mut out = String::new();
        escape_plain(&mut out, r#"a&b<c>d"e'f"#);
        assert_eq!(out, "a&amp;b&lt;c&gt;d&#34;e&#39;f");
    }

    #[test]
    fn copies_clean_and_multibyte_text() {
        for text in ["", "plain", "Zürich Genève 日本語"] {
            let mut out = String::new();
            escape_plain(&mut out, text);
            assert_eq!(out, text);
        }
    }
}
