//! Renders one workload with one contestant a given number of times, for instruction counts
//! under callgrind: `instructions <contestant> <workload> <renders>`.
//!
//! `benches/instructions.py` runs this under `valgrind --tool=callgrind` with 0 and N
//! renders; the difference divided by N is the cost of one render, without the set-up
//! (building the data, parsing the runtime engines' templates). Instruction counts do not
//! drift with the machine's load as wall times do, so small changes show.

use std::hint::black_box;
use std::process::ExitCode;

use kiln::Template as _;
use kiln_benches::handlebars_impl::HandlebarsEngine;
use kiln_benches::inheritance::SailfishInheritance;
use kiln_benches::kiln_impl::{KilnInheritance, KilnTeams};
use kiln_benches::minijinja_impl::MinijinjaEngine;
use kiln_benches::teams::SailfishTeams;
use kiln_benches::tera_impl::TeraEngine;
use kiln_benches::{big_table, escape_heavy, filters, inheritance, kiln_impl, teams};

const CONTESTANTS: &[&str] = &[
    "plain",
    "tuned",
    "simd",
    "kiln",
    "kiln-reused",
    "sailfish",
    "sailfish-reused",
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
    "arithmetic",
];

/// Calls `render` on `data` `times` times, keeping every output alive until the next.
/// Never inlined, so each contestant's loop is compiled the same way whatever calls it.
#[inline(never)]
fn repeat<D: ?Sized>(times: usize, data: &D, render: impl Fn(&D) -> String) -> usize {
    let mut total = 0;
    for _ in 0..times {
        total += black_box(render(black_box(data))).len();
    }
    total
}

/// Calls `render` `times` times into one reused output, cleared before each render, as
/// peer harnesses time small pages (`kiln-reused`: `render_into(&mut String)`,
/// `sailfish-reused`: `render_to(&mut Buffer)`, as in `benches/benches/per_render.rs`).
#[inline(never)]
fn repeat_reused<O>(times: usize, out: &mut O, render: impl Fn(&mut O) -> usize) -> usize {
    let mut total = 0;
    for _ in 0..times {
        total += render(black_box(&mut *out));
    }
    total
}

/// The small pages rendered into a reused output by `kiln-reused` and `sailfish-reused`.
fn run_reused(contestant: &str, workload: &str, times: usize) -> Option<usize> {
    match (contestant, workload) {
        ("kiln-reused", "teams") => {
            let data = teams::build();
            Some(repeat_reused(times, &mut String::new(), |out| {
                out.clear();
                let page = KilnTeams {
                    year: data.year,
                    teams: &data.teams,
                };
                black_box(&page).render_into(out).expect("renders");
                out.len()
            }))
        }
        ("sailfish-reused", "teams") => {
            let data = teams::build();
            let mut buffer = sailfish::runtime::Buffer::new();
            Some(repeat_reused(times, &mut buffer, |buffer| {
                buffer.clear();
                let page = SailfishTeams {
                    year: data.year,
                    teams: &data.teams,
                };
                sailfish::Template::render_to(black_box(&page), buffer).expect("renders");
                buffer.len()
            }))
        }
        ("kiln-reused", "inheritance") => {
            let page = inheritance::build();
            Some(repeat_reused(times, &mut String::new(), |out| {
                out.clear();
                black_box(&KilnInheritance::of(&page))
                    .render_into(out)
                    .expect("renders");
                out.len()
            }))
        }
        ("sailfish-reused", "inheritance") => {
            let page = inheritance::build();
            let mut buffer = sailfish::runtime::Buffer::new();
            Some(repeat_reused(times, &mut buffer, |buffer| {
                buffer.clear();
                let view = SailfishInheritance { page: &page };
                sailfish::Template::render_to(black_box(&view), buffer).expect("renders");
                buffer.len()
            }))
        }
        _ => None,
    }
}

/// Renders `data` `times` times with `contestant`'s renderer of a workload: the
/// `render_*` functions of the workload's module, Kiln's `kiln_impl::$method`, and the
/// runtime engines' `$method`.
macro_rules! render {
    ($contestant:expr, $times:expr, $data:expr, $module:ident, $method:ident) => {{
        // Only the runtime engines need set-up, and only the one measured is set up: their
        // parsers hash with random keys, so their instruction counts differ from run to
        // run, and would swamp a small workload's difference between 0 and N renders.
        let data = $data;
        let times = $times;
        match $contestant {
            "plain" => Some(repeat(times, data, $module::render_plain)),
            "tuned" => Some(repeat(times, data, $module::render_tuned)),
            "kiln" => Some(repeat(times, data, kiln_impl::$method)),
            // The SIMD floor exists for escape-heavy only.
            "simd" => None,
            "sailfish" => Some(repeat(times, data, $module::render_sailfish)),
            "askama" => Some(repeat(times, data, $module::render_askama)),
            "minijinja" => {
                let engine = MinijinjaEngine::new();
                Some(repeat(times, data, |d| engine.$method(d)))
            }
            "tera" => {
                let engine = TeraEngine::new();
                Some(repeat(times, data, |d| engine.$method(d)))
            }
            "handlebars" => {
                let engine = HandlebarsEngine::new();
                Some(repeat(times, data, |d| engine.$method(d)))
            }
            _ => None,
        }
    }};
}

fn run(contestant: &str, workload: &str, times: usize) -> Option<usize> {
    if contestant.ends_with("-reused") {
        return run_reused(contestant, workload, times);
    }
    let c = contestant;
    match workload {
        "teams" => render!(c, times, &teams::build(), teams, render_teams),
        "escape-heavy" if c == "simd" => {
            let messages = escape_heavy::build();
            Some(repeat(
                times,
                messages.as_slice(),
                escape_heavy::render_simd,
            ))
        }
        "escape-heavy" => {
            let messages = escape_heavy::build();
            render!(
                c,
                times,
                messages.as_slice(),
                escape_heavy,
                render_escape_heavy
            )
        }
        "inheritance" => render!(
            c,
            times,
            &inheritance::build(),
            inheritance,
            render_inheritance
        ),
        "filters" => render!(c, times, &filters::build(), filters, render_filters),
        // Kiln's integer operators, on their own.
        "arithmetic" if c == "kiln" => {
            let items: Vec<i64> = (0..100).collect();
            Some(repeat(
                times,
                items.as_slice(),
                kiln_impl::render_arithmetic,
            ))
        }
        "arithmetic" => None,
        _ => {
            let table = big_table::build(workload.strip_prefix("big-table/")?.parse().ok()?);
            render!(c, times, table.as_slice(), big_table, render_big_table)
        }
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
