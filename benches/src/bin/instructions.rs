//! Renders one workload with one contestant a given number of times, for instruction counts
//! under callgrind: `instructions <contestant> <workload> <renders>`.
//!
//! `benches/instructions.py` runs this under `valgrind --tool=callgrind` with 0 and N
//! renders; the difference divided by N is the cost of one render, without the set-up
//! (building the data, parsing the runtime engines' templates). Instruction counts do not
//! drift with the machine's load as wall times do, so small changes show.

use std::hint::black_box;
use std::process::ExitCode;

use kiln_benches::handlebars_impl::HandlebarsEngine;
use kiln_benches::minijinja_impl::MinijinjaEngine;
use kiln_benches::tera_impl::TeraEngine;
use kiln_benches::{big_table, escape_heavy, filters, inheritance, kiln_impl, teams};

const CONTESTANTS: &[&str] = &[
    "plain",
    "tuned",
    "kiln",
    "sailfish",
    "askama",
    "minijinja",
    "tera",
    "handlebars",
];
const WORKLOADS: &[&str] = &[
    "big-table/10",
    "big-table/100",
    "big-table/300",
    "teams",
    "escape-heavy",
    "inheritance",
    "filters",
];

/// Calls `render` on `data` `times` times, keeping every output alive until the next.
fn repeat<D: ?Sized>(times: usize, data: &D, render: impl Fn(&D) -> String) -> usize {
    let mut total = 0;
    for _ in 0..times {
        total += black_box(render(black_box(data))).len();
    }
    total
}

/// Renders with the renderer of `contestant`, given a workload's eight in [`CONTESTANTS`]
/// order.
macro_rules! pick {
    ($contestant:expr, $times:expr, $data:expr, [$($render:expr),* $(,)?]) => {{
        let wanted = CONTESTANTS.iter().position(|c| *c == $contestant)?;
        let mut index = 0;
        let mut bytes = None;
        $(
            if index == wanted {
                bytes = Some(repeat($times, $data, $render));
            }
            index += 1;
        )*
        let _ = index;
        bytes
    }};
}

fn run(contestant: &str, workload: &str, times: usize) -> Option<usize> {
    // Only the runtime engines need set-up; it is outside the renders either way.
    let runtime = || {
        (
            TeraEngine::new(),
            MinijinjaEngine::new(),
            HandlebarsEngine::new(),
        )
    };
    if let Some(n) = workload.strip_prefix("big-table/") {
        let table = big_table::build(n.parse().ok()?);
        let (tera, minijinja, handlebars) = runtime();
        return pick!(
            contestant,
            times,
            table.as_slice(),
            [
                big_table::render_plain,
                big_table::render_tuned,
                kiln_impl::render_big_table,
                big_table::render_sailfish,
                big_table::render_askama,
                |t| minijinja.render_big_table(t),
                |t| tera.render_big_table(t),
                |t| handlebars.render_big_table(t),
            ]
        );
    }
    let (tera, minijinja, handlebars) = runtime();
    match workload {
        "teams" => pick!(
            contestant,
            times,
            &teams::build(),
            [
                teams::render_plain,
                teams::render_tuned,
                kiln_impl::render_teams,
                teams::render_sailfish,
                teams::render_askama,
                |d| minijinja.render_teams(d),
                |d| tera.render_teams(d),
                |d| handlebars.render_teams(d),
            ]
        ),
        "escape-heavy" => pick!(
            contestant,
            times,
            escape_heavy::build().as_slice(),
            [
                escape_heavy::render_plain,
                escape_heavy::render_tuned,
                kiln_impl::render_escape_heavy,
                escape_heavy::render_sailfish,
                escape_heavy::render_askama,
                |d| minijinja.render_escape_heavy(d),
                |d| tera.render_escape_heavy(d),
                |d| handlebars.render_escape_heavy(d),
            ]
        ),
        "inheritance" => pick!(
            contestant,
            times,
            &inheritance::build(),
            [
                inheritance::render_plain,
                inheritance::render_tuned,
                kiln_impl::render_inheritance,
                inheritance::render_sailfish,
                inheritance::render_askama,
                |d| minijinja.render_inheritance(d),
                |d| tera.render_inheritance(d),
                |d| handlebars.render_inheritance(d),
            ]
        ),
        "filters" => pick!(
            contestant,
            times,
            &filters::build(),
            [
                filters::render_plain,
                filters::render_tuned,
                kiln_impl::render_filters,
                filters::render_sailfish,
                filters::render_askama,
                |d| minijinja.render_filters(d),
                |d| tera.render_filters(d),
                |d| handlebars.render_filters(d),
            ]
        ),
        _ => None,
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [contestant, workload, times] => times.parse().ok().map(|t| (contestant, workload, t)),
        _ => None,
    };
    let Some((contestant, workload, times)) = parsed else {
        eprintln!(
            "usage: instructions <contestant> <workload> <renders>\n  contestants: {}\n  workloads: {}",
            CONTESTANTS.join(" "),
            WORKLOADS.join(" ")
        );
        return ExitCode::from(2);
    };
    match run(contestant, workload, times) {
        Some(bytes) => {
            println!("{bytes}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("unknown contestant `{contestant}` or workload `{workload}`");
            ExitCode::from(2)
        }
    }
}
