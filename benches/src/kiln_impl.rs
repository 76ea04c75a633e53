//! The workloads rendered by Kiln, from the Jinja templates in `templates/kiln/`.
//!
//! `kiln.toml` beside this crate's Cargo.toml points Kiln at that folder. Loop variables are
//! references to the items, as in askama.

use kiln::Template as _;

use crate::filters::{Catalog, Product};
use crate::inheritance::{Item, Link, Page};
use crate::teams::{Team, TeamsData};

/// The `big_table` workload as a Kiln template (`templates/kiln/big-table.html`).
#[derive(kiln::Template)]
#[template(path = "big-table.html")]
pub struct KilnBigTable<'a> {
    /// The rows of cells.
    pub table: &'a [Vec<usize>],
}

/// Renders `table` with Kiln.
pub fn render_big_table(table: &[Vec<usize>]) -> String {
    KilnBigTable { table }
        .render()
        .expect("kiln cannot fail on this template")
}

/// The `teams` workload as a Kiln template (`templates/kiln/teams.html`).
#[derive(kiln::Template)]
#[template(path = "teams.html")]
pub struct KilnTeams<'a> {
    /// The season.
    pub year: u16,
    /// The teams, champion first.
    pub teams: &'a [Team],
}

/// Renders `data` with Kiln.
pub fn render_teams(data: &TeamsData) -> String {
    KilnTeams {
        year: data.year,
        teams: &data.teams,
    }
    .render()
    .expect("kiln cannot fail on this template")
}

/// The `escape_heavy` workload as a Kiln template (`templates/kiln/escape-heavy.html`).
#[derive(kiln::Template)]
#[template(path = "escape-heavy.html")]
pub struct KilnEscapeHeavy<'a> {
    /// The messages, escaped on output.
    pub messages: &'a [String],
}

/// Renders `messages` with Kiln.
pub fn render_escape_heavy(messages: &[String]) -> String {
    KilnEscapeHeavy { messages }
        .render()
        .expect("kiln cannot fail on this template")
}

/// The `inheritance` workload as Kiln templates (`templates/kiln/inheritance/page.html`,
/// which extends `layout.html`, which extends `base.html`, and includes `item.html`).
#[derive(kiln::Template)]
#[template(path = "inheritance/page.html")]
pub struct KilnInheritance<'a> {
    /// See [`Page::site`].
    pub site: &'a str,
    /// See [`Page::year`].
    pub year: u16,
    /// See [`Page::section`].
    pub section: &'a str,
    /// See [`Page::nav`].
    pub nav: &'a [Link],
    /// See [`Page::title`].
    pub title: &'a str,
    /// See [`Page::page`].
    pub page: u32,
    /// See [`Page::items`].
    pub items: &'a [Item],
}

impl<'a> KilnInheritance<'a> {
    /// The view of `page`.
    pub fn of(page: &'a Page) -> Self {
        KilnInheritance {
            site: &page.site,
            year: page.year,
            section: &page.section,
            nav: &page.nav,
            title: &page.title,
            page: page.page,
            items: &page.items,
        }
    }
}

/// Renders `page` with Kiln.
pub fn render_inheritance(page: &Page) -> String {
    KilnInheritance::of(page)
        .render()
        .expect("kiln cannot fail on this template")
}

/// The `filters` workload as a Kiln template (`templates/kiln/filters.html`), with Kiln's
/// built-in `upper`, `truncate`, `join`, `default` and `format`.
#[derive(kiln::Template)]
#[template(path = "filters.html")]
pub struct KilnFilters<'a> {
    /// See [`Catalog::title`].
    pub title: &'a str,
    /// See [`Catalog::products`].
    pub products: &'a [Product],
}

/// Renders `catalog` with Kiln.
pub fn render_filters(catalog: &Catalog) -> String {
    KilnFilters {
        title: &catalog.title,
        products: &catalog.products,
    }
    .render()
    .expect("kiln cannot fail on this template")
}

/// Integer arithmetic printed in a loop, for instruction counts of the operators' fast
/// paths (`instructions kiln arithmetic N`); no other engine renders it.
#[derive(kiln::Template)]
#[template(
    source = "{% for i in items %}{{ i + 1 }},{{ i * 2 - offset }},{{ loop.index * 10 }},{{ i % 3 }};{% endfor %}",
    ext = "html"
)]
pub struct KilnArithmetic<'a> {
    /// The numbers: 0 to 99.
    pub items: &'a [i64],
    /// Subtracted from each doubled number.
    pub offset: i64,
}

/// Renders the arithmetic workload over `items` with Kiln.
pub fn render_arithmetic(items: &[i64]) -> String {
    KilnArithmetic { items, offset: 7 }
        .render()
        .expect("kiln cannot fail on this template")
}
