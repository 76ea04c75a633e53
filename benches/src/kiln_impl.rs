//! The workloads rendered by Kiln, from the Jinja templates in `templates/kiln/`.
//!
//! `kiln.toml` beside this crate's Cargo.toml points Kiln at that folder. Loop variables are
//! references to the items, as in askama.

use kiln::Template as _;

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
