//! The `teams` workload: a small page listing four football teams, with escaped names.
//!
//! Exact output (one line, no newline at the end), for year `Y` and teams `(name, score)`:
//!
//! ```text
//! <html><head><title>Y</title></head><body><h1>CSL Y</h1><ul><li class="champion"><b>NAME</b>: SCORE</li><li><b>NAME</b>: SCORE</li>…</ul></body></html>
//! ```
//!
//! The first team gets `class="champion"`, the others a bare `<li>`. Names are HTML-escaped;
//! the year and scores are numbers and are not.

use askama::Template as _;
use serde::Serialize;

use crate::buffer::{escaped_bound, Chunk, MAX_DIGITS};
use crate::escape::escape_plain;

/// One team of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    /// The team's name, escaped on output.
    pub name: String,
    /// The team's points.
    pub score: u8,
}

/// The data the `teams` templates render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamsData {
    /// The season, printed in the title and the heading.
    pub year: u16,
    /// The teams, champion first.
    pub teams: Vec<Team>,
}

/// Builds the workload's data: the 2015 season and four teams.
///
/// One name holds `&`, `<` and `>`, so every renderer's escaper runs. RATIONALE: the names
/// avoid `"` and `'`, whose entities differ between sailfish (`&quot;`, `&#039;`) and
/// MarkupSafe (`&#34;`, `&#39;`), so sailfish's output stays byte-identical to the
/// hand-written renderers'. askama's numeric entities for `&`, `<` and `>` differ anyway;
/// see the crate README.
pub fn build() -> TeamsData {
    let team = |name: &str, score| Team {
        name: name.to_owned(),
        score,
    };
    TeamsData {
        year: 2015,
        teams: vec![
            team("Jiangsu", 43),
            team("Beijing", 27),
            team("Guangzhou R&F <Fuli>", 22),
            team("Shandong", 12),
        ],
    }
}

/// Renders `data` the straightforward way: one `push_str` per piece, a fresh `itoa::Buffer`
/// per number, a `char`-by-`char` escaper, and a `String` that grows as needed.
pub fn render_plain(data: &TeamsData) -> String {
    let mut out = String::new();
    out.push_str("<html><head><title>");
    out.push_str(itoa::Buffer::new().format(data.year));
    out.push_str("</title></head><body><h1>CSL ");
    out.push_str(itoa::Buffer::new().format(data.year));
    out.push_str("</h1><ul>");
    for (i, team) in data.teams.iter().enumerate() {
        if i == 0 {
            out.push_str("<li class=\"champion\">");
        } else {
            out.push_str("<li>");
        }
        out.push_str("<b>");
        escape_plain(&mut out, &team.name);
        out.push_str("</b>: ");
        out.push_str(itoa::Buffer::new().format(team.score));
        out.push_str("</li>");
    }
    out.push_str("</ul></body></html>");
    out
}

/// Renders `data` as fast as safe code allows: the whole page is written into one
/// [`Chunk`] bounded for it (merged literals, numbers assembled in a register, SWAR escaping),
/// which becomes the output without another copy.
pub fn render_tuned(data: &TeamsData) -> String {
    const FIXED: usize =
        "<html><head><title></title></head><body><h1>CSL </h1><ul></ul></body></html>".len()
            + 2 * MAX_DIGITS;
    const PER_TEAM: usize = "<li class=\"champion\"><b></b>: </li>".len() + MAX_DIGITS;

    let names: usize = data.teams.iter().map(|t| escaped_bound(t.name.len())).sum();
    let mut page = Chunk::new(FIXED + data.teams.len() * PER_TEAM + names);
    let year = u64::from(data.year);
    page.push("<html><head><title>");
    page.push_u64(year);
    page.push("</title></head><body><h1>CSL ");
    page.push_u64(year);
    page.push("</h1><ul>");
    let mut teams = data.teams.iter();
    if let Some(first) = teams.next() {
        page.push("<li class=\"champion\"><b>");
        page.push_escaped(&first.name);
        page.push("</b>: ");
        page.push_u64(u64::from(first.score));
        for team in teams {
            page.push("</li><li><b>");
            page.push_escaped(&team.name);
            page.push("</b>: ");
            page.push_u64(u64::from(team.score));
        }
        page.push("</li></ul></body></html>");
    } else {
        page.push("</ul></body></html>");
    }
    page.into_string()
}

/// The workload as an askama template (`templates/askama/teams.html`).
#[derive(askama::Template)]
#[template(path = "teams.html")]
pub struct AskamaTeams<'a> {
    /// The season.
    pub year: u16,
    /// The teams, champion first.
    pub teams: &'a [Team],
}

/// Renders `data` with askama.
pub fn render_askama(data: &TeamsData) -> String {
    AskamaTeams {
        year: data.year,
        teams: &data.teams,
    }
    .render()
    .expect("askama cannot fail on this template")
}

/// The workload as a sailfish template (`templates/sailfish/teams.stpl`).
#[derive(sailfish::Template)]
#[template(path = "teams.stpl")]
pub struct SailfishTeams<'a> {
    /// The season.
    pub year: u16,
    /// The teams, champion first.
    pub teams: &'a [Team],
}

/// Renders `data` with sailfish.
pub fn render_sailfish(data: &TeamsData) -> String {
    sailfish::Template::render(&SailfishTeams {
        year: data.year,
        teams: &data.teams,
    })
    .expect("sailfish cannot fail on this template")
}
