//! The `filters` workload: a catalogue page that pipes values through `upper`, `truncate`,
//! `join`, `default` and `format`.
//!
//! The Jinja template (`templates/kiln/filters.html`) prints, per product,
//! `{{ p.name|upper }}`, `{{ p.description|truncate(40) }}`, `{{ p.tags|join(", ") }}`,
//! `{{ p.note|default("no note") }}` and `{{ "%s: %.2f"|format(p.sku, p.price) }}`, with
//! Jinja2's meaning of each (see [`crate::jinja`]). Exact output, every value escaped:
//!
//! ```text
//! <h1>{title|upper}</h1>\n
//! <ul>\n
//! <li><b>{NAME}</b> {description…} [{tag}, {tag}] {note or "no note"} {sku}: {price:.2}</li>\n  (per product)
//! </ul>                                                                  (no newline at the end)
//! ```
//!
//! A missing note is `None` in Rust and an absent key for the serde-based engines (whose
//! `default` replaces undefined values only), so every engine prints `no note` for it.

use std::fmt::Write as _;

use askama::Template as _;
use serde::Serialize;

use crate::buffer::{escaped_bound, into_string, Chunk};
use crate::escape::escape_plain;
use crate::jinja::{self, TRUNCATE_END};

/// How many products [`build`] makes.
pub const PRODUCTS: usize = 100;

/// The `length` given to `truncate`.
pub const TRUNCATE_AT: usize = 40;

/// One product of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    /// The stock-keeping unit, printed by `format`'s `%s`.
    pub sku: String,
    /// The name, printed upper case.
    pub name: String,
    /// The description, truncated to [`TRUNCATE_AT`] characters at a word boundary.
    pub description: String,
    /// Tags, joined with `, `; may be empty.
    pub tags: Vec<String>,
    /// A note, or `default("no note")`. Left out of the serialized data when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The price, printed by `format`'s `%.2f`.
    pub price: f64,
}

/// The data the `filters` templates render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    /// The page title, printed upper case.
    pub title: String,
    /// The products.
    pub products: Vec<Product>,
}

const NAMES: [&str; 6] = [
    "green tea",
    "Café crème",
    "fish & chips",
    "earl grey",
    "oolong <special>",
    "matcha latte",
];

const WORDS: [&str; 12] = [
    "a", "smooth", "blend", "of", "leaves", "picked", "early", "in", "spring", "with", "notes",
    "of",
];

const TAGS: [&str; 5] = ["hot", "organic", "new", "fair-trade", "limited"];

/// Builds the catalogue: [`PRODUCTS`] products whose descriptions run from 14 to 80
/// characters (some are kept whole, some cut), with zero to three tags, a note on two in
/// three, and prices with two decimals.
pub fn build() -> Catalog {
    let products = (0..PRODUCTS)
        .map(|i| {
            let words = 3 + i * 7 % 12;
            let description = (0..words)
                .map(|w| WORDS[(i + w) % WORDS.len()])
                .collect::<Vec<_>>()
                .join(" ");
            let cents = (i * 379 + 99) % 10_000;
            Product {
                sku: format!("SKU-{i:04}"),
                name: NAMES[i % NAMES.len()].to_owned(),
                description,
                tags: (0..i % 4)
                    .map(|t| TAGS[(i + t) % TAGS.len()].to_owned())
                    .collect(),
                note: match i % 3 {
                    0 => None,
                    1 => Some(format!("note {i}")),
                    _ => Some("ask for \"samples\"".to_owned()),
                },
                price: cents as f64 / 100.0,
            }
        })
        .collect();
    Catalog {
        title: "Autumn tea & co".to_owned(),
        products,
    }
}

/// Renders `catalog` the straightforward way: each filter as a function returning a new
/// `String` ([`str::to_uppercase`], [`jinja::truncate_to_string`], `join`, `format!`), then
/// escaped `char` by `char` into a growing `String`.
pub fn render_plain(catalog: &Catalog) -> String {
    let mut out = String::new();
    out.push_str("<h1>");
    escape_plain(&mut out, &catalog.title.to_uppercase());
    out.push_str("</h1>\n<ul>\n");
    for p in &catalog.products {
        out.push_str("<li><b>");
        escape_plain(&mut out, &p.name.to_uppercase());
        out.push_str("</b> ");
        escape_plain(
            &mut out,
            &jinja::truncate_to_string(&p.description, TRUNCATE_AT),
        );
        out.push_str(" [");
        escape_plain(&mut out, &p.tags.join(", "));
        out.push_str("] ");
        escape_plain(&mut out, p.note.as_deref().unwrap_or("no note"));
        out.push(' ');
        escape_plain(&mut out, &format!("{}: {:.2}", p.sku, p.price));
        out.push_str("</li>\n");
    }
    out.push_str("</ul>");
    out
}

/// Appends `text` upper-cased and escaped, through `scratch`, a `String` reused across calls.
/// The chunk must have room for [`escaped_bound`] of three times `text`'s length: upper case
/// may triple a character's bytes (`ΐ` → `Ϊ́`).
#[inline]
fn push_upper(chunk: &mut Chunk, scratch: &mut String, text: &str) {
    scratch.clear();
    if text.is_ascii() {
        scratch.push_str(text);
        scratch.make_ascii_uppercase();
    } else {
        scratch.extend(text.chars().flat_map(char::to_uppercase));
    }
    chunk.push_escaped(scratch);
}

/// Renders `catalog` as fast as safe code allows: each line is written into one reused
/// [`Chunk`] and appended to the output, allocated once with an estimate; no `String`
/// is made per filter. `upper` goes through one reused buffer, `truncate` escapes the kept
/// prefix in place, `join` escapes each tag between separators, and `format` escapes the SKU
/// and writes the price with `{:.2}` into a reused buffer.
pub fn render_tuned(catalog: &Catalog) -> String {
    const PER_PRODUCT: usize = "<li><b></b>  [] no note : </li>\n".len() + TRUNCATE_END.len();
    const PRICE: usize = 32; // Room for the price; a longer one reserves more.
    let bound = |p: &Product| {
        PER_PRODUCT
            + PRICE
            + escaped_bound(
                3 * p.name.len()
                    + p.description.len()
                    + p.tags.iter().map(|t| 2 + t.len()).sum::<usize>()
                    + p.note.as_deref().map_or(0, str::len)
                    + p.sku.len(),
            )
    };
    let longest = catalog.products.iter().map(bound).max().unwrap_or(0);
    let total: usize = catalog.products.iter().map(|p| bound(p) / 2).sum();
    let mut out = Vec::with_capacity(32 + 2 * catalog.title.len() + total);
    let mut chunk = Chunk::new(16 + escaped_bound(3 * catalog.title.len()).max(longest));
    let mut scratch = String::with_capacity(64);

    chunk.push("<h1>");
    push_upper(&mut chunk, &mut scratch, &catalog.title);
    chunk.push("</h1>\n<ul>\n");
    chunk.flush_into(&mut out);
    for p in &catalog.products {
        chunk.reserve(bound(p));
        chunk.push("<li><b>");
        push_upper(&mut chunk, &mut scratch, &p.name);
        chunk.push("</b> ");
        let (kept, cut) = jinja::truncate(&p.description, TRUNCATE_AT);
        chunk.push_escaped(kept);
        chunk.push(if cut { "... [" } else { " [" });
        let mut tags = p.tags.iter();
        if let Some(first) = tags.next() {
            chunk.push_escaped(first);
            for tag in tags {
                chunk.push(", ");
                chunk.push_escaped(tag);
            }
        }
        match &p.note {
            Some(note) => {
                chunk.push("] ");
                chunk.push_escaped(note);
                chunk.push(" ");
            }
            None => chunk.push("] no note "),
        }
        chunk.push_escaped(&p.sku);
        chunk.push(": ");
        scratch.clear();
        // Writing to a `String` cannot fail; `{:.2}` prints nothing that needs escaping.
        let _ = write!(scratch, "{:.2}", p.price);
        if scratch.len() > PRICE {
            chunk.reserve(scratch.len() + "</li>\n".len());
        }
        chunk.push(&scratch);
        chunk.push("</li>\n");
        chunk.flush_into(&mut out);
    }
    chunk.push("</ul>");
    chunk.flush_into(&mut out);
    into_string(out)
}

/// askama's custom filters: askama looks them up in a module called `filters` in scope.
// RATIONALE: that name is askama's rule, so it repeats this workload module's name.
#[allow(clippy::module_inception)]
mod filters {
    /// Jinja2's `truncate(length)` (askama's own `truncate` cuts at `length` bytes and
    /// appends `...`, with no word boundary or leeway).
    #[askama::filter_fn]
    pub fn jinja_truncate(
        s: &str,
        _: &dyn askama::Values,
        length: usize,
    ) -> askama::Result<String> {
        Ok(crate::jinja::truncate_to_string(s, length))
    }
}

/// The workload as an askama template (`templates/askama/filters.html`).
///
/// askama's `format` takes Rust format strings (`"{}: {:.2}"`), its `assigned_or` replaces a
/// `None`, and `jinja_truncate` is the custom filter in this module.
#[derive(askama::Template)]
#[template(path = "filters.html")]
pub struct AskamaFilters<'a> {
    /// See [`Catalog::title`].
    pub title: &'a str,
    /// See [`Catalog::products`].
    pub products: &'a [Product],
}

/// Renders `catalog` with askama.
pub fn render_askama(catalog: &Catalog) -> String {
    AskamaFilters {
        title: &catalog.title,
        products: &catalog.products,
    }
    .render()
    .expect("askama cannot fail on this template")
}

/// The workload as a sailfish template (`templates/sailfish/filters.stpl`).
///
/// sailfish has `upper` but no `join`, `default` or `format` filters, and its `truncate` cuts
/// at a character count with no word boundary: the template uses Rust expressions and
/// [`jinja::truncate_to_string`] instead.
#[derive(sailfish::Template)]
#[template(path = "filters.stpl")]
pub struct SailfishFilters<'a> {
    /// The catalogue.
    pub catalog: &'a Catalog,
}

/// Renders `catalog` with sailfish.
pub fn render_sailfish(catalog: &Catalog) -> String {
    sailfish::Template::render(&SailfishFilters { catalog })
        .expect("sailfish cannot fail on this template")
}
