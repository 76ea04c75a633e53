//! Titlecase, as Python's `str.capitalize` and `str.title` (and so Jinja2's `capitalize`
//! filter) write the first letter of a word: for most characters their upper case, but `ß`
//! is `Ss`, `ǆ` is `ǅ`, `ﬁ` is `Fi`, and a Greek vowel with ypogegrammeni keeps it as
//! prosgegrammeni (`ᾳ` is `ᾼ`, not `ΑΙ`). Rust's standard library has upper and lower case
//! only.

/// Appends the titlecase of `c`.
pub(crate) fn push_titlecase(out: &mut String, c: char) {
    match titlecase_entry(c) {
        Some(title) => out.push_str(title),
        None => out.extend(c.to_uppercase()),
    }
}

/// Whether `c` is cased, as Python's `str.title` and `str.islower` ask: lower case, upper
/// case or titlecase.
pub(crate) fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase(c)
}

/// Whether `c` is a titlecase letter (`ǅ`, `ᾼ`): neither lower nor upper case, its own
/// titlecase.
pub(crate) fn is_titlecase(c: char) -> bool {
    !c.is_lowercase()
        && !c.is_uppercase()
        && titlecase_entry(c).is_some_and(|title| title.chars().eq([c]))
}

/// Python's `str.capitalize`: the first character in titlecase, the others in lower case.
pub(crate) fn capitalize(text: &str) -> String {
    let Some(first) = text.chars().next() else {
        return String::new();
    };
    let mut out = String::with_capacity(text.len());
    push_titlecase(&mut out, first);
    // The rest is lower-cased as part of the whole text, so that a final `Σ` is `ς` as in
    // Python, even right after the first letter; the first letter itself is never a final
    // sigma (nothing cased comes before it).
    let lower = text.to_lowercase();
    out.push_str(&lower[lower_len(first)..]);
    out
}

/// Python's `str.title`: a character that follows a cased one in lower case, any other in
/// titlecase.
pub(crate) fn title(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut previous_cased = false;
    for c in text.chars() {
        // `str::to_lowercase` writes each character's lower case in turn (a `Σ`'s as `ς`
        // or `σ`, both two bytes), so each character's part of `lower` is where its own
        // lower case would be.
        let len = lower_len(c);
        if previous_cased {
            out.push_str(&lower[at..at + len]);
        } else {
            push_titlecase(&mut out, c);
        }
        at += len;
        previous_cased = is_cased(c);
    }
    out
}

/// The length in bytes of `c`'s lower case.
fn lower_len(c: char) -> usize {
    c.to_lowercase().map(char::len_utf8).sum()
}

fn titlecase_entry(c: char) -> Option<&'static str> {
    TITLECASE
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| TITLECASE[i].1)
}

/// The characters whose titlecase differs from their upper case, with their titlecase,
/// sorted: every `c` with `c.title() != c.upper()` in Python 3.11 (Unicode 14), listed with
/// `[(c, c.title()) for c in map(chr, range(0x110000)) if c.title() != c.upper()]`.
const TITLECASE: &[(char, &str)] = &[
    ('\u{00df}', "Ss"),
    ('\u{01c4}', "\u{01c5}"),
    ('\u{01c5}', "\u{01c5}"),
    ('\u{01c6}', "\u{01c5}"),
    ('\u{01c7}', "\u{01c8}"),
    ('\u{01c8}', "\u{01c8}"),
    ('\u{01c9}', "\u{01c8}"),
    ('\u{01ca}', "\u{01cb}"),
    ('\u{01cb}', "\u{01cb}"),
    ('\u{01cc}', "\u{01cb}"),
    ('\u{01f1}', "\u{01f2}"),
    ('\u{01f2}', "\u{01f2}"),
    ('\u{01f3}', "\u{01f2}"),
    ('\u{0587}', "\u{0535}\u{0582}"),
    ('\u{10d0}', "\u{10d0}"),
    ('\u{10d1}', "\u{10d1}"),
    ('\u{10d2}', "\u{10d2}"),
    ('\u{10d3}', "\u{10d3}"),
    ('\u{10d4}', "\u{10d4}"),
    ('\u{10d5}', "\u{10d5}"),
    ('\u{10d6}', "\u{10d6}"),
    ('\u{10d7}', "\u{10d7}"),
    ('\u{10d8}', "\u{10d8}"),
    ('\u{10d9}', "\u{10d9}"),
    ('\u{10da}', "\u{10da}"),
    ('\u{10db}', "\u{10db}"),
    ('\u{10dc}', "\u{10dc}"),
    ('\u{10dd}', "\u{10dd}"),
    ('\u{10de}', "\u{10de}"),
    ('\u{10df}', "\u{10df}"),
    ('\u{10e0}', "\u{10e0}"),
    ('\u{10e1}', "\u{10e1}"),
    ('\u{10e2}', "\u{10e2}"),
    ('\u{10e3}', "\u{10e3}"),
    ('\u{10e4}', "\u{10e4}"),
    ('\u{10e5}', "\u{10e5}"),
    ('\u{10e6}', "\u{10e6}"),
    ('\u{10e7}', "\u{10e7}"),
    ('\u{10e8}', "\u{10e8}"),
    ('\u{10e9}', "\u{10e9}"),
    ('\u{10ea}', "\u{10ea}"),
    ('\u{10eb}', "\u{10eb}"),
    ('\u{10ec}', "\u{10ec}"),
    ('\u{10ed}', "\u{10ed}"),
    ('\u{10ee}', "\u{10ee}"),
    ('\u{10ef}', "\u{10ef}"),
    ('\u{10f0}', "\u{10f0}"),
    ('\u{10f1}', "\u{10f1}"),
    ('\u{10f2}', "\u{10f2}"),
    ('\u{10f3}', "\u{10f3}"),
    ('\u{10f4}', "\u{10f4}"),
    ('\u{10f5}', "\u{10f5}"),
    ('\u{10f6}', "\u{10f6}"),
    ('\u{10f7}', "\u{10f7}"),
    ('\u{10f8}', "\u{10f8}"),
    ('\u{10f9}', "\u{10f9}"),
    ('\u{10fa}', "\u{10fa}"),
    ('\u{10fd}', "\u{10fd}"),
    ('\u{10fe}', "\u{10fe}"),
    ('\u{10ff}', "\u{10ff}"),
    ('\u{1f80}', "\u{1f88}"),
    ('\u{1f81}', "\u{1f89}"),
    ('\u{1f82}', "\u{1f8a}"),
    ('\u{1f83}', "\u{1f8b}"),
    ('\u{1f84}', "\u{1f8c}"),
    ('\u{1f85}', "\u{1f8d}"),
    ('\u{1f86}', "\u{1f8e}"),
    ('\u{1f87}', "\u{1f8f}"),
    ('\u{1f88}', "\u{1f88}"),
    ('\u{1f89}', "\u{1f89}"),
    ('\u{1f8a}', "\u{1f8a}"),
    ('\u{1f8b}', "\u{1f8b}"),
    ('\u{1f8c}', "\u{1f8c}"),
    ('\u{1f8d}', "\u{1f8d}"),
    ('\u{1f8e}', "\u{1f8e}"),
    ('\u{1f8f}', "\u{1f8f}"),
    ('\u{1f90}', "\u{1f98}"),
    ('\u{1f91}', "\u{1f99}"),
    ('\u{1f92}', "\u{1f9a}"),
    ('\u{1f93}', "\u{1f9b}"),
    ('\u{1f94}', "\u{1f9c}"),
    ('\u{1f95}', "\u{1f9d}"),
    ('\u{1f96}', "\u{1f9e}"),
    ('\u{1f97}', "\u{1f9f}"),
    ('\u{1f98}', "\u{1f98}"),
    ('\u{1f99}', "\u{1f99}"),
    ('\u{1f9a}', "\u{1f9a}"),
    ('\u{1f9b}', "\u{1f9b}"),
    ('\u{1f9c}', "\u{1f9c}"),
    ('\u{1f9d}', "\u{1f9d}"),
    ('\u{1f9e}', "\u{1f9e}"),
    ('\u{1f9f}', "\u{1f9f}"),
    ('\u{1fa0}', "\u{1fa8}"),
    ('\u{1fa1}', "\u{1fa9}"),
    ('\u{1fa2}', "\u{1faa}"),
    ('\u{1fa3}', "\u{1fab}"),
    ('\u{1fa4}', "\u{1fac}"),
    ('\u{1fa5}', "\u{1fad}"),
    ('\u{1fa6}', "\u{1fae}"),
    ('\u{1fa7}', "\u{1faf}"),
    ('\u{1fa8}', "\u{1fa8}"),
    ('\u{1fa9}', "\u{1fa9}"),
    ('\u{1faa}', "\u{1faa}"),
    ('\u{1fab}', "\u{1fab}"),
    ('\u{1fac}', "\u{1fac}"),
    ('\u{1fad}', "\u{1fad}"),
    ('\u{1fae}', "\u{1fae}"),
    ('\u{1faf}', "\u{1faf}"),
    ('\u{1fb2}', "\u{1fba}\u{0345}"),
    ('\u{1fb3}', "\u{1fbc}"),
    ('\u{1fb4}', "\u{0386}\u{0345}"),
    ('\u{1fb7}', "\u{0391}\u{0342}\u{0345}"),
    ('\u{1fbc}', "\u{1fbc}"),
    ('\u{1fc2}', "\u{1fca}\u{0345}"),
    ('\u{1fc3}', "\u{1fcc}"),
    ('\u{1fc4}', "\u{0389}\u{0345}"),
    ('\u{1fc7}', "\u{0397}\u{0342}\u{0345}"),
    ('\u{1fcc}', "\u{1fcc}"),
    ('\u{1ff2}', "\u{1ffa}\u{0345}"),
    ('\u{1ff3}', "\u{1ffc}"),
    ('\u{1ff4}', "\u{038f}\u{0345}"),
    ('\u{1ff7}', "\u{03a9}\u{0342}\u{0345}"),
    ('\u{1ffc}', "\u{1ffc}"),
    ('\u{fb00}', "Ff"),
    ('\u{fb01}', "Fi"),
    ('\u{fb02}', "Fl"),
    ('\u{fb03}', "Ffi"),
    ('\u{fb04}', "Ffl"),
    ('\u{fb05}', "St"),
    ('\u{fb06}', "St"),
    ('\u{fb13}', "\u{0544}\u{0576}"),
    ('\u{fb14}', "\u{0544}\u{0565}"),
    ('\u{fb15}', "\u{0544}\u{056b}"),
    ('\u{fb16}', "\u{054e}\u{0576}"),
    ('\u{fb17}', "\u{0544}\u{056d}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// What Python 3.11 gives for each (`s.capitalize()`, `s.title()`).
    #[test]
    fn capitalize_and_title_are_pythons() {
        for (text, capitalized, titled) in [
            ("", "", ""),
            ("hELLO wORLD", "Hello world", "Hello World"),
            ("ΟΔΟΣ", "Οδος", "Οδος"),
            ("ΟΣ", "Ος", "Ος"),
            ("ßa", "Ssa", "Ssa"),
            ("ǆx", "ǅx", "ǅx"),
            ("ﬁne", "Fine", "Fine"),
            ("İx", "İx", "İx"),
            ("ᾳa", "ᾼa", "ᾼa"),
            (
                "hello ǉubljana ßtraße",
                "Hello ǉubljana ßtraße",
                "Hello ǈubljana Sstraße",
            ),
            ("o'neil", "O'neil", "O'Neil"),
            ("ǅ", "ǅ", "ǅ"),
            ("ǅa", "ǅa", "ǅa"),
            ("3rd x2y", "3rd x2y", "3Rd X2Y"),
        ] {
            assert_eq!(capitalize(text), capitalized, "{text}");
            assert_eq!(title(text), titled, "{text}");
        }
        assert!(is_titlecase('ǅ') && is_titlecase('ᾼ'));
        assert!(!is_titlecase('ა') && !is_titlecase('A') && !is_titlecase('ß'));
    }

    #[test]
    fn the_table_is_sorted_and_differs_from_upper_case() {
        assert!(TITLECASE.windows(2).all(|w| w[0].0 < w[1].0));
        for &(c, title) in TITLECASE {
            assert!(!title.chars().eq(c.to_uppercase()), "{c}");
        }
    }
}
