//! The `escape_heavy` workload: a thousand short strings full of `<>&"'`, each printed in an
//! attribute value and in text.
//!
//! Exact output, for messages `m` (escaped with MarkupSafe's bytes):
//!
//! ```text
//! <ul class="messages">\n
//! <li title="{m}">{m}</li>\n      (one line per message)
//! </ul>                           (no newline at the end)
//! ```

use askama::Template as _;

use crate::buffer::{escaped_bound, into_string, Chunk};
use crate::escape::escape_plain;

/// How many messages [`build`] makes.
pub const COUNT: usize = 1000;

/// The pieces messages are made of: markup, quotes of both kinds, ampersands, and a few of the
/// characters only some engines escape (`/`, `=`, `` ` ``).
const FRAGMENTS: [&str; 8] = [
    "<b>bold</b>",
    "Tom & Jerry",
    "\"quoted\"",
    "it's `fine`",
    "a < b > c",
    "<script>alert('x')</script>",
    "R&D <dept>",
    "x=\"1\" & y='2'",
];

/// Builds [`COUNT`] messages of two fragments and a number, 20 to 50 bytes each.
pub fn build() -> Vec<String> {
    (0..COUNT)
        .map(|i| {
            format!(
                "{} #{i} {}",
                FRAGMENTS[i % FRAGMENTS.len()],
                FRAGMENTS[(i * 3 + 1) % FRAGMENTS.len()]
            )
        })
        .collect()
}

/// Renders `messages` the straightforward way: one `push_str` per piece, a `char`-by-`char`
/// escaper, and a `String` that grows as needed.
pub fn render_plain(messages: &[String]) -> String {
    let mut out = String::new();
    out.push_str("<ul class=\"messages\">\n");
    for message in messages {
        out.push_str("<li title=\"");
        escape_plain(&mut out, message);
        out.push_str("\">");
        escape_plain(&mut out, message);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>");
    out
}

/// Renders `messages` as fast as safe code allows: each line is written into one [`Chunk`]
/// (bounded for the longest message, escaping with SWAR and 8-byte entity writes) and
/// appended to the output, allocated once with an upper bound of its length, in one copy.
/// RATIONALE: each message is escaped twice, as the template says, rather than escaped once
/// and copied: the floor uses only what a template compiler could do for any template.
pub fn render_tuned(messages: &[String]) -> String {
    const PER_MESSAGE: usize = "<li title=\"\"></li>\n".len();

    let text: usize = messages.iter().map(|m| 2 * escaped_bound(m.len())).sum();
    let longest = messages.iter().map(String::len).max().unwrap_or(0);
    let mut out = Vec::with_capacity(32 + messages.len() * PER_MESSAGE + text);
    let mut chunk = Chunk::new(PER_MESSAGE + 2 * escaped_bound(longest));
    out.extend_from_slice(b"<ul class=\"messages\">\n");
    for message in messages {
        chunk.push("<li title=\"");
        chunk.push_escaped(message);
        chunk.push("\">");
        chunk.push_escaped(message);
        chunk.push("</li>\n");
        chunk.flush_into(&mut out);
    }
    out.extend_from_slice(b"</ul>");
    into_string(out)
}

/// Renders `messages` with the SIMD floor of [`crate::simd_escape`] (SSE2, or AVX2 where
/// the processor has it): the target Kiln's escaper is measured against (issue 18).
pub fn render_simd(messages: &[String]) -> String {
    let mut out = Vec::new();
    out.extend_from_slice(b"<ul class=\"messages\">\n");
    for message in messages {
        out.extend_from_slice(b"<li title=\"");
        crate::simd_escape::push_escaped(&mut out, message);
        out.extend_from_slice(b"\">");
        crate::simd_escape::push_escaped(&mut out, message);
        out.extend_from_slice(b"</li>\n");
    }
    out.extend_from_slice(b"</ul>");
    into_string(out)
}

/// The workload as an askama template (`templates/askama/escape-heavy.html`).
#[derive(askama::Template)]
#[template(path = "escape-heavy.html")]
pub struct AskamaEscapeHeavy<'a> {
    /// The messages, escaped on output.
    pub messages: &'a [String],
}

/// Renders `messages` with askama.
pub fn render_askama(messages: &[String]) -> String {
    AskamaEscapeHeavy { messages }
        .render()
        .expect("askama cannot fail on this template")
}

/// The workload as a sailfish template (`templates/sailfish/escape-heavy.stpl`).
#[derive(sailfish::Template)]
#[template(path = "escape-heavy.stpl")]
pub struct SailfishEscapeHeavy<'a> {
    /// The messages, escaped on output.
    pub messages: &'a [String],
}

/// Renders `messages` with sailfish.
pub fn render_sailfish(messages: &[String]) -> String {
    sailfish::Template::render(&SailfishEscapeHeavy { messages })
        .expect("sailfish cannot fail on this template")
}
