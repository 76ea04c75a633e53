//! The `big_table` workload: an N×N table of integers.
//!
//! Exact output for a table of rows `r` and cells `c` (no escaping is involved):
//!
//! ```text
//! <table>\n
//! <tr><td>{c}</td><td>{c}</td>…</tr>\n      (one line per row)
//! </table>                                   (no newline at the end)
//! ```
//!
//! [`build`] fills cell `(row, col)` with `row * n + col`, so the cells count from 0 to
//! `n * n - 1`.

use askama::Template as _;

use crate::buffer::{into_string, Chunk, MAX_DIGITS};

/// The table sizes the benchmark and the tests use.
pub const SIZES: [usize; 3] = [10, 100, 300];

/// Builds an `n`×`n` table whose cell `(row, col)` holds `row * n + col`.
pub fn build(n: usize) -> Vec<Vec<usize>> {
    (0..n)
        .map(|row| (0..n).map(|col| row * n + col).collect())
        .collect()
}

/// Renders `table` the straightforward way: one `push_str` per piece, a fresh `itoa::Buffer`
/// per number, and a `String` that grows as needed.
pub fn render_plain(table: &[Vec<usize>]) -> String {
    let mut out = String::new();
    out.push_str("<table>\n");
    for row in table {
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td>");
            out.push_str(itoa::Buffer::new().format(*cell));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>");
    out
}

/// Renders `table` as fast as safe code allows: each row is written into one [`Chunk`] (a
/// scratch area bounded for the longest row, with merged adjacent literals such as
/// `</td><td>` and numbers assembled in a register) and appended to the output, allocated
/// once with an upper bound of its length, in one copy.
pub fn render_tuned(table: &[Vec<usize>]) -> String {
    const PER_ROW: usize = "<tr><td></td></tr>\n".len();
    const PER_CELL: usize = "</td><td>".len() + MAX_DIGITS;

    let cells: usize = table.iter().map(Vec::len).sum();
    let longest = table.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::with_capacity(16 + table.len() * PER_ROW + cells * PER_CELL);
    let mut chunk = Chunk::new(PER_ROW + longest * PER_CELL);
    out.extend_from_slice(b"<table>\n");
    for row in table {
        let mut cells = row.iter();
        match cells.next() {
            Some(&first) => {
                chunk.push("<tr><td>");
                chunk.push_u64(first as u64);
                for &cell in cells {
                    chunk.push("</td><td>");
                    chunk.push_u64(cell as u64);
                }
                chunk.push("</td></tr>\n");
            }
            None => chunk.push("<tr></tr>\n"),
        }
        chunk.flush_into(&mut out);
    }
    out.extend_from_slice(b"</table>");
    into_string(out)
}

/// The workload as an askama template (`templates/askama/big-table.html`).
#[derive(askama::Template)]
#[template(path = "big-table.html")]
pub struct AskamaBigTable<'a> {
    /// The rows of cells.
    pub table: &'a [Vec<usize>],
}

/// Renders `table` with askama.
pub fn render_askama(table: &[Vec<usize>]) -> String {
    AskamaBigTable { table }
        .render()
        .expect("askama cannot fail on this template")
}

/// The workload as a sailfish template (`templates/sailfish/big-table.stpl`).
#[derive(sailfish::Template)]
#[template(path = "big-table.stpl")]
pub struct SailfishBigTable<'a> {
    /// The rows of cells.
    pub table: &'a [Vec<usize>],
}

/// Renders `table` with sailfish.
pub fn render_sailfish(table: &[Vec<usize>]) -> String {
    sailfish::Template::render(&SailfishBigTable { table })
        .expect("sailfish cannot fail on this template")
}
