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

/// Renders `table` as fast as safe code allows.
///
/// The output is allocated once with an upper bound of its length, one `itoa::Buffer` is
/// reused, and adjacent literals are merged (`</td><td>` is one write), so each cell costs two
/// `push_str` calls.
pub fn render_tuned(table: &[Vec<usize>]) -> String {
    const PER_TABLE: usize = "<table>\n".len() + "</table>".len();
    const PER_ROW: usize = "<tr>".len() + "</tr>\n".len();
    const PER_CELL: usize = "<td>".len() + "</td>".len() + MAX_DIGITS;
    const MAX_DIGITS: usize = 20; // `usize::MAX` on 64-bit targets has 20 digits.

    let cells: usize = table.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(PER_TABLE + table.len() * PER_ROW + cells * PER_CELL);
    let mut digits = itoa::Buffer::new();

    out.push_str("<table>\n");
    for row in table {
        let mut cells = row.iter();
        match cells.next() {
            Some(first) => {
                out.push_str("<tr><td>");
                out.push_str(digits.format(*first));
                for cell in cells {
                    out.push_str("</td><td>");
                    out.push_str(digits.format(*cell));
                }
                out.push_str("</td></tr>\n");
            }
            None => out.push_str("<tr></tr>\n"),
        }
    }
    out.push_str("</table>");
    out
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
