//! `wordwrap`: Jinja2's `wordwrap`, which is Python's `textwrap.wrap` on each line (with
//! `expand_tabs=False`, `replace_whitespace=False`), ported chunk rule by chunk rule.

use crate::filters::markup::is_python_space;
use crate::filters::select::int_arg;
use crate::filters::text::split_lines;
use crate::ops::Operand;
use crate::value::{to_str, Render};
use crate::{Error, Result};

/// `textwrap`'s whitespace: the characters it splits on.
fn is_wrap_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// Python's `\w`.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `textwrap`'s `letter`: `[^\d\W]`, a word character that is not a digit.
fn is_letter(c: char) -> bool {
    is_word(c) && !c.is_numeric()
}

/// `textwrap`'s `word_punct`: `[\w!"'&.,?]`.
fn is_word_punct(c: char) -> bool {
    is_word(c) || matches!(c, '!' | '"' | '\'' | '&' | '.' | ',' | '?')
}

/// Whether `chars[at..]` is two or more hyphens followed by a word character.
fn em_dash_before_word(chars: &[char], at: usize) -> bool {
    let hyphens = chars[at.min(chars.len())..]
        .iter()
        .take_while(|&&c| c == '-')
        .count();
    hyphens >= 2 && chars.get(at + hyphens).copied().is_some_and(is_word)
}

/// Splits a line into `textwrap`'s chunks: runs of whitespace, and words, which (with
/// `break_on_hyphens`) end after a hyphen between letters or before an em-dash (`--`).
fn chunks(line: &str, break_on_hyphens: bool) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let letter = |i: usize| chars.get(i).copied().is_some_and(is_letter);
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < chars.len() {
        let end = if is_wrap_space(chars[pos]) {
            pos + chars[pos..]
                .iter()
                .take_while(|&&c| is_wrap_space(c))
                .count()
        } else if !break_on_hyphens {
            pos + chars[pos..]
                .iter()
                .take_while(|&&c| !is_wrap_space(c))
                .count()
        } else if pos > 0 && is_word_punct(chars[pos - 1]) && em_dash_before_word(&chars, pos) {
            // An em-dash between words is a chunk of its own.
            pos + chars[pos..].iter().take_while(|&&c| c == '-').count()
        } else {
            // The shortest run of non-space characters that ends a word.
            let mut e = pos + 1;
            loop {
                let hyphen_break = chars.get(e) == Some(&'-')
                    && ((e >= 2 && letter(e - 2) && letter(e - 1))
                        || (e >= 3 && letter(e - 3) && chars[e - 2] == '-' && letter(e - 1)))
                    && letter(e + 1)
                    && (letter(e + 2) || (chars.get(e + 2) == Some(&'-') && letter(e + 3)));
                if hyphen_break {
                    break e + 1;
                }
                if e == chars.len() || is_wrap_space(chars[e]) {
                    break e;
                }
                if is_word_punct(chars[e - 1]) && em_dash_before_word(&chars, e) {
                    break e;
                }
                e += 1;
            }
        };
        out.push(chars[pos..end].iter().collect());
        pos = end;
    }
    out
}

/// Whether a chunk is all whitespace (Python's `chunk.strip() == ""`).
fn is_blank(chunk: &str) -> bool {
    chunk.chars().all(is_python_space)
}

fn len(chunk: &str) -> usize {
    chunk.chars().count()
}

/// `textwrap.TextWrapper._wrap_chunks` with Jinja2's settings.
fn wrap_chunks(
    mut chunks: Vec<String>,
    width: usize,
    break_long_words: bool,
    break_on_hyphens: bool,
) -> Vec<String> {
    let mut lines = Vec::new();
    chunks.reverse();
    while !chunks.is_empty() {
        let mut line: Vec<String> = Vec::new();
        let mut line_len = 0;
        // A line starts without whitespace, except the very first.
        if !lines.is_empty() && chunks.last().is_some_and(|c| is_blank(c)) {
            chunks.pop();
        }
        while let Some(chunk) = chunks.last() {
            let l = len(chunk);
            if line_len + l > width {
                break;
            }
            line_len += l;
            line.extend(chunks.pop());
        }
        if chunks.last().is_some_and(|c| len(c) > width) {
            // A chunk too long for any line.
            let space_left = if width < 1 { 1 } else { width - line_len };
            if break_long_words {
                let chunk = chunks.pop().unwrap_or_default();
                let chars: Vec<char> = chunk.chars().collect();
                let mut end = space_left;
                if break_on_hyphens && chars.len() > space_left {
                    let hyphen = chars[..space_left.min(chars.len())]
                        .iter()
                        .rposition(|&c| c == '-');
                    if let Some(h) = hyphen {
                        if h > 0 && chars[..h].iter().any(|&c| c != '-') {
                            end = h + 1;
                        }
                    }
                }
                let end = end.min(chars.len());
                line.push(chars[..end].iter().collect());
                chunks.push(chars[end..].iter().collect());
            } else if line.is_empty() {
                line.extend(chunks.pop());
            }
            line_len = line.iter().map(|c| len(c)).sum();
        }
        if line.last().is_some_and(|c| is_blank(c)) {
            line.pop();
        }
        if !line.is_empty() {
            lines.push(line.concat());
        }
        let _ = line_len;
    }
    lines
}

/// `wordwrap(width=79, break_long_words=true, wrapstring=none, break_on_hyphens=true)`:
/// wraps each line of the text to `width` characters, joining the wrapped lines with
/// `wrapstring` (default `"\n"`), as Jinja2 does with Python's `textwrap`.
pub fn wordwrap<T: Render + ?Sized, N: Operand>(
    value: &T,
    width: N,
    break_long_words: bool,
    wrapstring: Option<&str>,
    break_on_hyphens: bool,
) -> Result<String> {
    let width = int_arg("wordwrap", "width", &width)?;
    let width = usize::try_from(width)
        .ok()
        .filter(|&w| w > 0)
        .ok_or_else(|| Error::filter("wordwrap", format!("invalid width {width} (must be > 0)")))?;
    let wrapstring = wrapstring.unwrap_or("\n");
    let text = to_str(value);
    let paragraphs: Vec<String> = split_lines(&text)
        .into_iter()
        .map(|line| {
            wrap_chunks(
                chunks(line, break_on_hyphens),
                width,
                break_long_words,
                break_on_hyphens,
            )
            .join(wrapstring)
        })
        .collect();
    Ok(paragraphs.join(wrapstring))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_textwrap() {
        // The example of `TextWrapper._split`'s documentation.
        let text = "Look, goof-ball -- use the -b option!";
        assert_eq!(
            chunks(text, true),
            [
                "Look,", " ", "goof-", "ball", " ", "--", " ", "use", " ", "the", " ", "-b", " ",
                "option!"
            ]
        );
        assert_eq!(
            chunks(text, false),
            [
                "Look,",
                " ",
                "goof-ball",
                " ",
                "--",
                " ",
                "use",
                " ",
                "the",
                " ",
                "-b",
                " ",
                "option!"
            ]
        );
        assert_eq!(chunks("a--b", true), ["a", "--", "b"]);
    }

    fn wrap(text: &str, width: i64) -> String {
        wordwrap(text, width, true, None, true).unwrap()
    }

    #[test]
    fn wraps_like_jinja2() {
        // Expected values from Jinja2 3.1.6.
        assert_eq!(
            wrap("The quick brown fox jumps over the lazy dog", 10),
            "The quick\nbrown fox\njumps over\nthe lazy\ndog"
        );
        assert_eq!(wrap("  indented text here", 8), "indented\ntext\nhere");
        assert_eq!(wrap("abcdefghijklmnop", 5), "abcde\nfghij\nklmno\np");
        assert_eq!(
            wrap("well-known self-evident", 7),
            "well-\nknown\nself-\nevident"
        );
        assert_eq!(wrap("one\n\ntwo three", 5), "one\n\ntwo\nthree");
        assert_eq!(
            wordwrap("abcdefghij", 4, false, Some("|"), true).unwrap(),
            "abcdefghij"
        );
        assert!(wordwrap("x", 0, true, None, true).is_err());
    }
}
