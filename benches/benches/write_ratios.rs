//! Each write path's time relative to `render()`, measured in interleaved rounds.
//!
//! On a shared virtual machine the speed of the whole machine drifts by tens of percent
//! over seconds, so criterion, which measures one function for seconds and then the next,
//! can put two equal paths 30 % apart. Here every round times every path once, in an order
//! that rotates from round to round, and a path's ratio to `render()` is taken within each
//! round; the table shows the median ratio over the rounds and the range of the middle
//! 80 %. Drift that is slow next to a round (about 40 ms) cancels out.
//!
//!     cargo bench -p kiln-benches --bench write_ratios [-- ROUNDS]

use std::hint::black_box;
use std::time::{Duration, Instant};

use kiln_benches::kiln_impl::{KilnBigTable, KilnTeams};
use kiln_benches::write_paths::{big_table_peers, kiln_paths, teams_peers, WritePath};
use kiln_benches::{big_table, teams};

/// How long one path runs in each round.
const SAMPLE: Duration = Duration::from_millis(2);

/// Nanoseconds per render of `path`, over `iters` renders.
fn time(path: &mut WritePath<'_>, iters: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        (path.run)();
    }
    black_box(());
    start.elapsed().as_nanos() as f64 / f64::from(iters)
}

/// The value at `q` (0 to 1) of sorted `values`.
fn quantile(values: &[f64], q: f64) -> f64 {
    values[((values.len() - 1) as f64 * q).round() as usize]
}

fn measure(group: &str, mut paths: Vec<WritePath<'_>>, rounds: usize) {
    // Renders per sample, so that each sample takes about `SAMPLE` (after a warm-up).
    let iters: Vec<u32> = paths
        .iter_mut()
        .map(|path| {
            time(path, 100);
            let each = time(path, 100).max(1.0);
            (SAMPLE.as_nanos() as f64 / each).clamp(1.0, 1e6) as u32
        })
        .collect();
    let mut times = vec![Vec::with_capacity(rounds); paths.len()];
    for round in 0..rounds {
        for k in 0..paths.len() {
            let i = (round + k) % paths.len();
            times[i].push(time(&mut paths[i], iters[i]));
        }
    }
    println!("\n{group}: {rounds} rounds\n");
    println!("| path | median time | / render() (median) | middle 80 % of rounds |");
    println!("|---|---:|---:|---:|");
    for (path, own) in paths.iter().zip(&times) {
        let mut ratios: Vec<f64> = own.iter().zip(&times[0]).map(|(t, r)| t / r).collect();
        ratios.sort_by(f64::total_cmp);
        let mut sorted = own.clone();
        sorted.sort_by(f64::total_cmp);
        let median = quantile(&sorted, 0.5);
        let shown = if median >= 1000.0 {
            format!("{:.2} µs", median / 1000.0)
        } else {
            format!("{median:.1} ns")
        };
        println!(
            "| `{}` | {shown} | {:.2} | {:.2}–{:.2} |",
            path.name,
            quantile(&ratios, 0.5),
            quantile(&ratios, 0.1),
            quantile(&ratios, 0.9),
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a number among the arguments is the round count.
    let rounds = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(200);
    let table = big_table::build(100);
    let table = table.as_slice();
    let mut paths = kiln_paths(|| KilnBigTable { table });
    paths.extend(big_table_peers(table));
    measure("write-paths/big-table-100", paths, rounds);
    let data = &teams::build();
    let mut paths = kiln_paths(|| KilnTeams {
        year: data.year,
        teams: &data.teams,
    });
    paths.extend(teams_peers(data.year, &data.teams));
    measure("write-paths/teams", paths, rounds);
}
