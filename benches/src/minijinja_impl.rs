//! The workloads rendered by minijinja 3 (with its `speedups` feature), from the templates in
//! `templates/minijinja/`.
//!
//! [`MinijinjaEngine::new`] parses every template once (the benchmark does it outside the timed
//! loop); each `render_*` method then looks the template up, turns the Rust data into
//! minijinja values (through serde, `minijinja::value::Serde`) and renders. All of that is part of every render for a
//! minijinja user, so all of it is timed.
//!
//! minijinja's core has `upper`, `join`, `default` and printf-style `format`; Jinja2's
//! `truncate` comes from the official companion crate `minijinja-contrib` (which takes keyword
//! arguments only: `truncate(length=40)`).

use minijinja::value::Serde;
use minijinja::{context, Environment, Value};

use crate::filters::Catalog;
use crate::inheritance::Page;
use crate::teams::TeamsData;

/// Every template, by the name minijinja knows it by.
const TEMPLATES: [(&str, &str); 8] = [
    (
        "big-table.html",
        include_str!("../templates/minijinja/big-table.html"),
    ),
    (
        "teams.html",
        include_str!("../templates/minijinja/teams.html"),
    ),
    (
        "escape-heavy.html",
        include_str!("../templates/minijinja/escape-heavy.html"),
    ),
    (
        "filters.html",
        include_str!("../templates/minijinja/filters.html"),
    ),
    (
        "inheritance/base.html",
        include_str!("../templates/minijinja/inheritance/base.html"),
    ),
    (
        "inheritance/layout.html",
        include_str!("../templates/minijinja/inheritance/layout.html"),
    ),
    (
        "inheritance/page.html",
        include_str!("../templates/minijinja/inheritance/page.html"),
    ),
    (
        "inheritance/item.html",
        include_str!("../templates/minijinja/inheritance/item.html"),
    ),
];

/// A minijinja environment holding every workload's templates, parsed once.
pub struct MinijinjaEngine {
    env: Environment<'static>,
}

impl Default for MinijinjaEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl MinijinjaEngine {
    /// Parses the templates and adds `minijinja-contrib`'s filters.
    ///
    /// # Panics
    ///
    /// If a template does not parse.
    pub fn new() -> Self {
        let mut env = Environment::new();
        for (name, text) in TEMPLATES {
            env.add_template(name, text)
                .unwrap_or_else(|e| panic!("the minijinja template {name} parses: {e}"));
        }
        minijinja_contrib::add_to_environment(&mut env);
        Self { env }
    }

    fn render(&self, name: &str, data: Value) -> String {
        self.env
            .get_template(name)
            .and_then(|template| template.render(data))
            .unwrap_or_else(|e| panic!("minijinja cannot fail on {name}: {e}"))
    }

    /// Renders the `big_table` workload.
    pub fn render_big_table(&self, table: &[Vec<usize>]) -> String {
        self.render("big-table.html", context! { table => Serde(table) })
    }

    /// Renders the `teams` workload.
    pub fn render_teams(&self, data: &TeamsData) -> String {
        self.render("teams.html", Value::from(Serde(data)))
    }

    /// Renders the `escape_heavy` workload.
    pub fn render_escape_heavy(&self, messages: &[String]) -> String {
        self.render(
            "escape-heavy.html",
            context! { messages => Serde(messages) },
        )
    }

    /// Renders the `inheritance` workload.
    pub fn render_inheritance(&self, page: &Page) -> String {
        self.render("inheritance/page.html", Value::from(Serde(page)))
    }

    /// Renders the `filters` workload.
    pub fn render_filters(&self, catalog: &Catalog) -> String {
        self.render("filters.html", Value::from(Serde(catalog)))
    }
}
