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
//! Each comparison runs twice, with two clocks: `Instant` (the clock peers use) and, on
//! x86-64, the processor's time stamp counter (`rdtsc`, converted to nanoseconds against
//! `Instant` once), which takes about 10 ns to read rather than 20–30, so less of each
//! figure is the clock. On this virtual machine both advance in steps of 10 ns (the
//! counter is the hypervisor's), so a median of renders of 60–70 ns is one step or the
//! next and a ratio of two of them moves in steps of about 0.1 between runs: compare
//! several runs, not one.
//!
//!     cargo bench -p kiln-benches --bench per_render [-- ROUNDS]

use std::hint::black_box;
use std::time::Instant;

use kiln::Template as _;
use kiln_benches::inheritance::{self, SailfishInheritance};
use kiln_benches::kiln_impl::{KilnInheritance, KilnTeams};
use kiln_benches::teams::{self, SailfishTeams};

const PER_ROUND: usize = 201;

/// A clock that times one render.
#[derive(Clone, Copy)]
enum Clock {
    /// `std::time::Instant`.
    Instant,
    /// The time stamp counter, at this many ticks per nanosecond.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    Tsc(f64),
}

impl Clock {
    fn name(self) -> &'static str {
        match self {
            Clock::Instant => "`Instant`",
            Clock::Tsc(_) => "`rdtsc`",
        }
    }

    /// The nanoseconds `render` takes.
    #[inline(always)]
    fn time(self, render: &mut dyn FnMut()) -> f64 {
        match self {
            Clock::Instant => {
                let start = Instant::now();
                render();
                start.elapsed().as_nanos() as f64
            }
            Clock::Tsc(per_ns) => {
                let start = tsc();
                render();
                tsc().wrapping_sub(start) as f64 / per_ns
            }
        }
    }
}

/// The time stamp counter.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn tsc() -> u64 {
    // RATIONALE: `unsafe` in the harness only, for a clock that is cheaper to read than
    // `Instant`. SAFETY: `rdtsc` exists on every x86-64 processor and only reads a counter.
    #[allow(unsafe_code)]
    unsafe {
        std::arch::x86_64::_rdtsc()
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn tsc() -> u64 {
    unreachable!("the time stamp counter is only read on x86-64")
}

/// The clocks to time with: `Instant`, and the time stamp counter where there is one,
/// with its rate measured against `Instant` over 100 ms.
fn clocks() -> Vec<Clock> {
    let mut clocks = vec![Clock::Instant];
    if cfg!(target_arch = "x86_64") {
        let (start, ticks) = (Instant::now(), tsc());
        std::thread::sleep(std::time::Duration::from_millis(100));
        let per_ns = tsc().wrapping_sub(ticks) as f64 / start.elapsed().as_nanos() as f64;
        clocks.push(Clock::Tsc(per_ns));
    }
    clocks
}

/// The median nanoseconds of `PER_ROUND` calls of `render`, each timed alone.
fn median_render(clock: Clock, render: &mut dyn FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..PER_ROUND).map(|_| clock.time(render)).collect();
    times.sort_by(f64::total_cmp);
    times[PER_ROUND / 2]
}

fn compare(
    workload: &str,
    clock: Clock,
    rounds: usize,
    kiln: &mut dyn FnMut(),
    sailfish: &mut dyn FnMut(),
) {
    for _ in 0..1000 {
        kiln();
        sailfish();
    }
    let mut kilns = Vec::with_capacity(rounds);
    let mut sailfishes = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    let mut net_ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let idle = median_render(clock, &mut || black_box(()));
        let (k, s) = if round % 2 == 0 {
            let k = median_render(clock, kiln);
            (k, median_render(clock, sailfish))
        } else {
            let s = median_render(clock, sailfish);
            (median_render(clock, kiln), s)
        };
        kilns.push(k);
        sailfishes.push(s);
        ratios.push(k / s);
        net_ratios.push((k - idle) / (s - idle));
    }
    let quantile = |v: &mut Vec<f64>, q: f64| {
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * q).round() as usize]
    };
    println!(
        "| {workload} | {} | {:.1} ns | {:.1} ns | {:.2}× | {:.2}–{:.2}× | {:.2}× | {:.2}–{:.2}× |",
        clock.name(),
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
        "| workload | clock | kiln `render_into` | sailfish `render_to` | kiln / sailfish (median) \
         | middle 80 % | without the clock (median) | middle 80 % |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");

    let data = teams::build();
    let page = inheritance::build();
    let mut out = String::new();
    let mut buffer = sailfish::runtime::Buffer::new();
    for clock in clocks() {
        compare(
            "teams",
            clock,
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
    }
    for clock in clocks() {
        compare(
            "inheritance",
            clock,
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
}
