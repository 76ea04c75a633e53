//! Each render timed on its own, into a reused output, as peer benchmark harnesses time
//! small pages (issue 18, item 3): Kiln's `render_into(&mut String)` against sailfish's
//! `render_to(&mut Buffer)` on teams and inheritance. In every round each contestant
//! renders `PER_ROUND` times, each render timed alone; the round's figure is the median
//! of those, and Kiln's ratio to sailfish is taken within the round, so the machine's
//! drift cancels out. Prints the median over the rounds and the middle 80 %.
//!
//! Timing a render alone includes two reads of the clock, about 20–30 ns here: as much as
//! a third of teams' time, which pulls every ratio towards 1. Each round also times an
//! empty call the same way, and the last two columns are the ratio with that clock time
//! taken off both contestants' medians (a render's own time). Both are printed.
//!
//!     cargo bench -p kiln-benches --bench per_render [-- ROUNDS]

use std::hint::black_box;
use std::time::Instant;

use kiln::Template as _;
use kiln_benches::inheritance::{self, SailfishInheritance};
use kiln_benches::kiln_impl::{KilnInheritance, KilnTeams};
use kiln_benches::teams::{self, SailfishTeams};

const PER_ROUND: usize = 201;

/// The median nanoseconds of `PER_ROUND` calls of `render`, each timed alone.
fn median_render(render: &mut dyn FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..PER_ROUND)
        .map(|_| {
            let start = Instant::now();
            render();
            start.elapsed().as_nanos() as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[PER_ROUND / 2]
}

fn compare(workload: &str, rounds: usize, kiln: &mut dyn FnMut(), sailfish: &mut dyn FnMut()) {
    for _ in 0..1000 {
        kiln();
        sailfish();
    }
    let mut kilns = Vec::with_capacity(rounds);
    let mut sailfishes = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    let mut net_ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let clock = median_render(&mut || black_box(()));
        let (k, s) = if round % 2 == 0 {
            let k = median_render(kiln);
            (k, median_render(sailfish))
        } else {
            let s = median_render(sailfish);
            (median_render(kiln), s)
        };
        kilns.push(k);
        sailfishes.push(s);
        ratios.push(k / s);
        net_ratios.push((k - clock) / (s - clock));
    }
    let quantile = |v: &mut Vec<f64>, q: f64| {
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * q).round() as usize]
    };
    println!(
        "| {workload} | {:.0} ns | {:.0} ns | {:.2}× | {:.2}–{:.2}× | {:.2}× | {:.2}–{:.2}× |",
        quantile(&mut kilns, 0.5),
        quantile(&mut sailfishes, 0.5),
        quantile(&mut ratios, 0.5),
        quantile(&mut ratios, 0.1),
        quantile(&mut ratios, 0.9),
        quantile(&mut net_ratios, 0.5),
        quantile(&mut net_ratios, 0.1),
        quantile(&mut net_ratios, 0.9),
    );
}

fn main() {
    let rounds: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(200);
    println!("\n{rounds} rounds of {PER_ROUND} renders, each timed alone, into a reused output\n");
    println!(
        "| workload | kiln `render_into` | sailfish `render_to` | kiln / sailfish (median) \
         | middle 80 % | without the clock (median) | middle 80 % |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");

    let data = teams::build();
    let mut out = String::new();
    let mut buffer = sailfish::runtime::Buffer::new();
    compare(
        "teams",
        rounds,
        &mut || {
            out.clear();
            let page = KilnTeams {
                year: data.year,
                teams: &data.teams,
            };
            black_box(&page).render_into(&mut out).expect("renders");
            black_box(&out);
        },
        &mut || {
            buffer.clear();
            let page = SailfishTeams {
                year: data.year,
                teams: &data.teams,
            };
            sailfish::Template::render_to(black_box(&page), &mut buffer).expect("renders");
            black_box(&buffer);
        },
    );

    let page = inheritance::build();
    let mut out = String::new();
    let mut buffer = sailfish::runtime::Buffer::new();
    compare(
        "inheritance",
        rounds,
        &mut || {
            out.clear();
            let view = KilnInheritance::of(&page);
            black_box(&view).render_into(&mut out).expect("renders");
            black_box(&out);
        },
        &mut || {
            buffer.clear();
            let view = SailfishInheritance { page: &page };
            sailfish::Template::render_to(black_box(&view), &mut buffer).expect("renders");
            black_box(&buffer);
        },
    );
}
