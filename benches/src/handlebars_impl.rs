//! The workloads rendered by handlebars 6, from the templates in `templates/handlebars/`.
//!
//! [`HandlebarsEngine::new`] parses every template once (the benchmark does it outside the
//! timed loop); each `render_*` method then renders from the Rust data, which handlebars turns
//! into `serde_json` values first. Both steps are part of every render for a handlebars user,
//! so both are timed.
//!
//! Handlebars has no filters: `upper`, `truncate`, `join`, `default` and `format` are helpers
//! registered here (`{{truncate description 40}}`), each with Jinja2's meaning, from
//! [`crate::jinja`]. Their results are escaped like any other value.
//!
//! Handlebars has no template inheritance either. Its layout idiom is partials with slots:
//! a parent renders `{{#> slot}}default{{/slot}}`, and a child fills the slot by defining an
//! inline partial (`{{#*inline "slot"}}…{{/inline}}`) before it renders the parent. The
//! innermost definition of a name wins, so a middle level cannot leave a slot open to its child
//! under the same name: the layout fills the base's `title` slot with its own slot,
//! `page-title`. `super()` is a call to the parent's block, which each level keeps as a named
//! inline partial (`{{> base-title}}`). The include is a partial (`{{> inheritance/item}}`).

use handlebars::{
    Context, Handlebars, Helper, HelperDef, JsonValue, RenderContext, RenderError,
    RenderErrorReason, ScopedJson,
};
use serde::Serialize;

use crate::filters::Catalog;
use crate::inheritance::Page;
use crate::jinja;
use crate::teams::TeamsData;

/// Every template, by the name handlebars knows it by.
const TEMPLATES: [(&str, &str); 8] = [
    (
        "big-table",
        include_str!("../templates/handlebars/big-table.hbs"),
    ),
    ("teams", include_str!("../templates/handlebars/teams.hbs")),
    (
        "escape-heavy",
        include_str!("../templates/handlebars/escape-heavy.hbs"),
    ),
    (
        "filters",
        include_str!("../templates/handlebars/filters.hbs"),
    ),
    (
        "inheritance/base",
        include_str!("../templates/handlebars/inheritance/base.hbs"),
    ),
    (
        "inheritance/layout",
        include_str!("../templates/handlebars/inheritance/layout.hbs"),
    ),
    (
        "inheritance/page",
        include_str!("../templates/handlebars/inheritance/page.hbs"),
    ),
    (
        "inheritance/item",
        include_str!("../templates/handlebars/inheritance/item.hbs"),
    ),
];

/// The templates that other templates use as partials.
const PARTIALS: [&str; 3] = ["inheritance/base", "inheritance/layout", "inheritance/item"];

/// A handlebars registry holding every workload's templates, parsed once, and the helpers.
pub struct HandlebarsEngine {
    registry: Handlebars<'static>,
}

impl Default for HandlebarsEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// The `big_table` data, named as the template expects.
#[derive(Serialize)]
struct TableData<'a> {
    table: &'a [Vec<usize>],
}

/// The `escape_heavy` data, named as the template expects.
#[derive(Serialize)]
struct MessagesData<'a> {
    messages: &'a [String],
}

impl HandlebarsEngine {
    /// Parses the templates and registers the helpers.
    ///
    /// # Panics
    ///
    /// If a template does not parse.
    pub fn new() -> Self {
        let mut registry = Handlebars::new();
        for (name, text) in TEMPLATES {
            // RATIONALE: handlebars keeps the newline that ends a file; Jinja2 (and Kiln,
            // askama, sailfish, minijinja) drop it, so it is dropped here, as if the files had
            // none.
            let text = text.strip_suffix('\n').unwrap_or(text);
            if PARTIALS.contains(&name) {
                registry.register_partial(name, text)
            } else {
                registry.register_template_string(name, text)
            }
            .unwrap_or_else(|e| panic!("the handlebars template {name} parses: {e}"));
        }
        registry.register_helper("upper", Box::new(Upper));
        registry.register_helper("truncate", Box::new(Truncate));
        registry.register_helper("join", Box::new(Join));
        registry.register_helper("default", Box::new(Default_));
        registry.register_helper("format", Box::new(Format));
        Self { registry }
    }

    fn render(&self, name: &str, data: &impl Serialize) -> String {
        self.registry
            .render(name, data)
            .unwrap_or_else(|e| panic!("handlebars cannot fail on {name}: {e}"))
    }

    /// Renders the `big_table` workload.
    pub fn render_big_table(&self, table: &[Vec<usize>]) -> String {
        self.render("big-table", &TableData { table })
    }

    /// Renders the `teams` workload.
    pub fn render_teams(&self, data: &TeamsData) -> String {
        self.render("teams", data)
    }

    /// Renders the `escape_heavy` workload.
    pub fn render_escape_heavy(&self, messages: &[String]) -> String {
        self.render("escape-heavy", &MessagesData { messages })
    }

    /// Renders the `inheritance` workload.
    pub fn render_inheritance(&self, page: &Page) -> String {
        self.render("inheritance/page", page)
    }

    /// Renders the `filters` workload.
    pub fn render_filters(&self, catalog: &Catalog) -> String {
        self.render("filters", catalog)
    }
}

/// The helper's `index`th parameter (`null` when its path is missing from the data).
fn param<'rc>(
    helper: &'rc Helper<'rc>,
    index: usize,
    name: &'static str,
) -> Result<&'rc JsonValue, RenderError> {
    helper
        .param(index)
        .map(|p| p.value())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(name, index).into())
}

/// The helper's `index`th parameter as a string.
fn str_param<'rc>(
    helper: &'rc Helper<'rc>,
    index: usize,
    name: &'static str,
) -> Result<&'rc str, RenderError> {
    param(helper, index, name)?.as_str().ok_or_else(|| {
        RenderErrorReason::Other(format!("`{name}`: parameter {index} is not a string")).into()
    })
}

/// Wraps a helper's result; the caller's `{{…}}` escapes it.
fn derived(value: String) -> Result<ScopedJson<'static>, RenderError> {
    Ok(ScopedJson::Derived(JsonValue::String(value)))
}

/// `{{upper text}}`: Jinja2's `upper`.
struct Upper;

impl HelperDef for Upper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        derived(str_param(h, 0, "upper")?.to_uppercase())
    }
}

/// `{{truncate text length}}`: Jinja2's `truncate(length)`.
struct Truncate;

impl HelperDef for Truncate {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = str_param(h, 0, "truncate")?;
        let length = param(h, 1, "truncate")?
            .as_u64()
            .and_then(|l| usize::try_from(l).ok())
            .ok_or_else(|| RenderErrorReason::Other("`truncate`: bad length".to_owned()))?;
        derived(jinja::truncate_to_string(text, length))
    }
}

/// `{{join items separator}}`: Jinja2's `join(separator)` of a list of strings.
struct Join;

impl HelperDef for Join {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let items = param(h, 0, "join")?
            .as_array()
            .ok_or_else(|| RenderErrorReason::Other("`join` takes a list".to_owned()))?;
        let separator = str_param(h, 1, "join")?;
        let mut joined = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                joined.push_str(separator);
            }
            match item {
                JsonValue::String(s) => joined.push_str(s),
                other => joined.push_str(&other.to_string()),
            }
        }
        derived(joined)
    }
}

/// `{{default value fallback}}`: `fallback` when `value` is missing or `null`.
struct Default_;

impl HelperDef for Default_ {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let value = param(h, 0, "default")?;
        let chosen = if value.is_null() {
            param(h, 1, "default")?
        } else {
            value
        };
        Ok(ScopedJson::Derived(chosen.clone()))
    }
}

/// `{{format "%s: %.2f" a b}}`: Jinja2's printf-style `format`.
struct Format;

impl HelperDef for Format {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let format = str_param(h, 0, "format")?;
        let args = h.params()[1..]
            .iter()
            .map(|p| jinja::format_arg(p.value()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(RenderErrorReason::Other)?;
        derived(jinja::printf(format, &args).map_err(RenderErrorReason::Other)?)
    }
}
