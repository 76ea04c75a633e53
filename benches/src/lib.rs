//! Benchmarks of Kiln against hand-written code and peer template engines.
//!
//! Each workload module ([`big_table`], [`teams`], [`escape_heavy`], [`inheritance`],
//! [`filters`]) holds its data builder and the renderers that need no engine object, all
//! returning the same bytes (see each module's docs for the exact format):
//!
//! - `render_plain`: the obvious hand-written code, the reference every test compares with;
//! - `render_tuned`: the fastest safe hand-written code (the floor), built on [`buffer`];
//! - `render_askama`, `render_sailfish`: the compiled peer engines, with their own escapers.
//!
//! Kiln's renderers are in [`kiln_impl`] (templates in `templates/kiln/`); the runtime
//! engines' are methods of [`tera_impl::TeraEngine`], [`minijinja_impl::MinijinjaEngine`] and
//! [`handlebars_impl::HandlebarsEngine`], which parse their templates once when made.
//! [`jinja`] has Jinja2's `truncate` and `format`, for the renderers and for the engines that
//! lack them.
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
// The SIMD floor (`simd_escape`) is the one `unsafe` module: intrinsics need it.
#![deny(unsafe_code)]

pub mod big_table;
pub mod buffer;
pub mod escape;
pub mod escape_heavy;
pub mod filters;
pub mod handlebars_impl;
pub mod inheritance;
pub mod jinja;
pub mod kiln_impl;
pub mod minijinja_impl;
pub mod simd_escape;
pub mod teams;
pub mod tera_impl;
pub mod write_paths;

/// The three runtime engines, with every template parsed: what the benchmarks and the
/// output checks render with.
pub struct Runtime {
    /// tera, with `templates/tera/`.
    pub tera: tera_impl::TeraEngine,
    /// minijinja, with `templates/minijinja/`.
    pub minijinja: minijinja_impl::MinijinjaEngine,
    /// handlebars, with `templates/handlebars/`.
    pub handlebars: handlebars_impl::HandlebarsEngine,
}

impl Runtime {
    /// Parses every runtime engine's templates.
    pub fn new() -> Self {
        Self {
            tera: tera_impl::TeraEngine::new(),
            minijinja: minijinja_impl::MinijinjaEngine::new(),
            handlebars: handlebars_impl::HandlebarsEngine::new(),
        }
    }
}

impl Default for Runtime {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests;
