//! HTML escapers used by the hand-written renderers.
//!
//! Both emit exactly MarkupSafe's bytes, the ones Kiln's design fixes:
//! `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`, `"` → `&#34;`, `'` → `&#39;`; every other byte is
//! copied.

/// Appends `text` to `out`, HTML-escaped, one `char` at a time.
///
/// This is the obvious loop a person writes first; [`escape_tuned`] is the fast one.
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

/// Replacement for each byte that must be escaped; index 0 is unused and means "copy".
const ENTITIES: [&str; 6] = ["", "&amp;", "&lt;", "&gt;", "&#34;", "&#39;"];

/// For each byte value, its index into [`ENTITIES`], or 0 when the byte is copied as it is.
const ENTITY_INDEX: [u8; 256] = {
    let mut table = [0u8; 256];
    table[b'&' as usize] = 1;
    table[b'<' as usize] = 2;
    table[b'>' as usize] = 3;
    table[b'"' as usize] = 4;
    table[b'\'' as usize] = 5;
    table
};

/// Appends `text` to `out`, HTML-escaped, copying each run of clean bytes in one call.
///
/// One table lookup per byte decides whether it must be replaced. The five escaped characters
/// are ASCII, so every slice boundary falls on a `char` boundary.
#[inline]
pub fn escape_tuned(out: &mut String, text: &str) {
    let mut clean_from = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        let entity = ENTITY_INDEX[usize::from(byte)];
        if entity != 0 {
            out.push_str(&text[clean_from..i]);
            out.push_str(ENTITIES[usize::from(entity)]);
            clean_from = i + 1;
        }
    }
    out.push_str(&text[clean_from..]);
}

/// An upper bound of the escaped length of `text`: every byte may grow to five.
#[inline]
pub fn escaped_len_bound(text: &str) -> usize {
    text.len() * 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (String, String) {
        let mut plain = String::new();
        escape_plain(&mut plain, text);
        let mut tuned = String::new();
        escape_tuned(&mut tuned, text);
        (plain, tuned)
    }

    #[test]
    fn escapes_markupsafe_bytes() {
        let (plain, tuned) = both(r#"a&b<c>d"e'f"#);
        assert_eq!(plain, "a&amp;b&lt;c&gt;d&#34;e&#39;f");
        assert_eq!(tuned, plain);
    }

    #[test]
    fn copies_clean_and_multibyte_text() {
        for text in [
            "",
            "plain",
            "&",
            "<<>>",
            "Zürich & Genève <3",
            "日本'語\"",
            "end&",
        ] {
            let (plain, tuned) = both(text);
            assert_eq!(tuned, plain, "input {text:?}");
            assert!(tuned.len() <= escaped_len_bound(text));
        }
    }
}
