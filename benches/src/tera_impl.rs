//! The workloads rendered by tera 1, from the templates in `templates/tera/`.
//!
//! [`TeraEngine::new`] parses every template once (the benchmark does it outside the timed
//! loop); each `render_*` method then builds a `tera::Context` from the Rust data (tera
//! serializes it into `serde_json` values) and renders. Both steps are part of every render
//! for a tera user, so both are timed.
//!
//! tera's `truncate` cuts at a character count with no word boundary or leeway, and tera has no
//! printf-style `format`, so [`TeraEngine::new`] registers Jinja2's `truncate` in place of the
//! built-in one and adds `format` (`format(args=[…])`, since tera filters take keyword
//! arguments only), both from [`crate::jinja`].

use std::collections::HashMap;

use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::filters::Catalog;
use crate::inheritance::Page;
use crate::jinja;
use crate::teams::TeamsData;

/// Every template, by the name tera knows it by.
const TEMPLATES: [(&str, &str); 8] = [
    (
        "big-table.html",
        include_str!("../templates/tera/big-table.html"),
    ),
    ("teams.html", include_str!("../templates/tera/teams.html")),
    (
        "escape-heavy.html",
        include_str!("../templates/tera/escape-heavy.html"),
    ),
    (
        "filters.html",
        include_str!("../templates/tera/filters.html"),
    ),
    (
        "inheritance/base.html",
        include_str!("../templates/tera/inheritance/base.html"),
    ),
    (
        "inheritance/layout.html",
        include_str!("../templates/tera/inheritance/layout.html"),
    ),
    (
        "inheritance/page.html",
        include_str!("../templates/tera/inheritance/page.html"),
    ),
    (
        "inheritance/item.html",
        include_str!("../templates/tera/inheritance/item.html"),
    ),
];

/// A tera instance holding every workload's templates, parsed once.
pub struct TeraEngine {
    tera: Tera,
}

impl Default for TeraEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl TeraEngine {
    /// Parses the templates and registers the Jinja2 filters tera lacks.
    ///
    /// # Panics
    ///
    /// If a template does not parse.
    pub fn new() -> Self {
        let mut tera = Tera::default();
        // RATIONALE: tera keeps the newline that ends a file; Jinja2 (and the other engines)
        // drop it, so it is dropped here, as if the files had none.
        tera.add_raw_templates(
            TEMPLATES
                .iter()
                .map(|&(name, text)| (name, text.strip_suffix('\n').unwrap_or(text))),
        )
        .expect("the tera templates parse");
        tera.register_filter("truncate", truncate);
        tera.register_filter("format", format);
        Self { tera }
    }

    fn render(&self, name: &str, context: &Context) -> String {
        self.tera
            .render(name, context)
            .unwrap_or_else(|e| panic!("tera cannot fail on {name}: {e:?}"))
    }

    fn render_serialize(&self, name: &str, data: &impl Serialize) -> String {
        let context = Context::from_serialize(data).expect("the data serializes to a map");
        self.render(name, &context)
    }

    /// Renders the `big_table` workload.
    pub fn render_big_table(&self, table: &[Vec<usize>]) -> String {
        let mut context = Context::new();
        context.insert("table", table);
        self.render("big-table.html", &context)
    }

    /// Renders the `teams` workload.
    pub fn render_teams(&self, data: &TeamsData) -> String {
        self.render_serialize("teams.html", data)
    }

    /// Renders the `escape_heavy` workload.
    pub fn render_escape_heavy(&self, messages: &[String]) -> String {
        let mut context = Context::new();
        context.insert("messages", messages);
        self.render("escape-heavy.html", &context)
    }

    /// Renders the `inheritance` workload.
    pub fn render_inheritance(&self, page: &Page) -> String {
        self.render_serialize("inheritance/page.html", page)
    }

    /// Renders the `filters` workload.
    pub fn render_filters(&self, catalog: &Catalog) -> String {
        self.render_serialize("filters.html", catalog)
    }
}

/// Jinja2's `truncate(length=255)`, replacing tera's own.
fn truncate(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`truncate` takes a string"))?;
    let length = match args.get("length") {
        Some(length) => length
            .as_u64()
            .and_then(|l| usize::try_from(l).ok())
            .ok_or_else(|| tera::Error::msg("`truncate`: `length` is not a size"))?,
        None => 255,
    };
    Ok(Value::String(jinja::truncate_to_string(text, length)))
}

/// Jinja2's `format`, as `"%s: %.2f" | format(args=[a, b])`.
fn format(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let format = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`format` takes a string"))?;
    let values = args
        .get("args")
        .and_then(Value::as_array)
        .ok_or_else(|| tera::Error::msg("`format` needs `args=[…]`"))?;
    let args = values
        .iter()
        .map(jinja::format_arg)
        .collect::<Result<Vec<_>, _>>()
        .map_err(tera::Error::msg)?;
    jinja::printf(format, &args)
        .map(Value::String)
        .map_err(tera::Error::msg)
}
