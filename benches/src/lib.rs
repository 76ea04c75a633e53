//! Benchmarks of Kiln against hand-written code and peer template engines.
//!
//! Each workload module holds its data builder and one renderer per contestant, all returning
//! the same bytes (see each module's docs for the exact format):
//!
//! - `render_plain`: the obvious hand-written code, the reference every test compares with;
//! - `render_tuned`: the fastest safe hand-written code, a ceiling for the engines;
//! - `render_askama`, `render_sailfish`: the peer engines, with their own escapers;
//! - `kiln_impl::*` (feature `kiln`): Kiln, from the Jinja templates in `templates/kiln/`.
//!
//! ```
//! let table = kiln_benches::big_table::build(2);
//! assert_eq!(
//!     kiln_benches::big_table::render_plain(&table),
//!     "<table>\n<tr><td>0</td><td>1</td></tr>\n<tr><td>2</td><td>3</td></tr>\n</table>"
//! );
//! ```
//!
//! The benchmark itself is `benches/render.rs`; `README.md` says how to run it.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod big_table;
pub mod escape;
pub mod kiln_impl;
pub mod teams;

#[cfg(test)]
mod tests;
