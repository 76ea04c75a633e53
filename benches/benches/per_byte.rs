//! Kiln's time per output byte on big-table 10×10, 100×100 and 300×300 (issue 18, item
//! 4), in interleaved rounds: each round renders every size for about 2 ms, in an order
//! that rotates, and compares the sizes' time per byte within the round, so that the
//! machine's drift (tens of percent over seconds) cancels out. Prints the median time per
//! byte, and each size's ratio to 100×100 (median and middle 80 % of the rounds).
//!
//!     cargo bench -p kiln-benches --bench per_byte [-- ROUNDS] [kiln|tuned|sailfish]
//!
//! `tuned` (the hand-written floor) and `sailfish` show what the machine does with the
//! same output at each size: past the core's L2 cache, every renderer's time per byte grows.

use std::hint::black_box;
use std::time::{Duration, Instant};

use kiln_benches::{big_table, kiln_impl};

const SAMPLE: Duration = Duration::from_millis(2);
const SIZES: [usize; 3] = [10, 100, 300];

/// A renderer of big-table: Kiln, the hand-tuned floor or sailfish.
type Render = fn(&[Vec<usize>]) -> String;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args
        .iter()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(200);
    // `cargo bench` passes `--bench`: only a known renderer's name picks one.
    let (name, render): (&str, Render) = match args
        .iter()
        .find(|a| matches!(a.as_str(), "kiln" | "tuned" | "sailfish"))
    {
        Some(a) if a == "tuned" => ("tuned", big_table::render_tuned),
        Some(a) if a == "sailfish" => ("sailfish", big_table::render_sailfish),
        _ => ("kiln", kiln_impl::render_big_table),
    };
    let tables: Vec<_> = SIZES.iter().map(|&n| big_table::build(n)).collect();
    let bytes: Vec<f64> = tables.iter().map(|t| render(t).len() as f64).collect();
    // Nanoseconds per output byte of `times` renders of table `i`.
    let per_byte = |i: usize, times: u32| {
        let start = Instant::now();
        for _ in 0..times {
            black_box(render(black_box(&tables[i])));
        }
        start.elapsed().as_nanos() as f64 / f64::from(times) / bytes[i]
    };
    let iters: Vec<u32> = (0..SIZES.len())
        .map(|i| {
            per_byte(i, 10);
            let each = per_byte(i, 10) * bytes[i];
            (SAMPLE.as_nanos() as f64 / each).clamp(1.0, 1e6) as u32
        })
        .collect();
    let mut samples = vec![Vec::with_capacity(rounds); SIZES.len()];
    for round in 0..rounds {
        for k in 0..SIZES.len() {
            let i = (round + k) % SIZES.len();
            samples[i].push(per_byte(i, iters[i]));
        }
    }
    let quantile = |v: &[f64], q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    println!("\nbig-table, {name}: {rounds} rounds\n");
    println!("| size | output | median ns per byte | / 100×100 (median) | middle 80 % |");
    println!("|---|---:|---:|---:|---:|");
    for (i, n) in SIZES.iter().enumerate() {
        let mut own = samples[i].clone();
        own.sort_by(f64::total_cmp);
        let mut ratios: Vec<f64> = samples[i]
            .iter()
            .zip(&samples[1])
            .map(|(a, b)| a / b)
            .collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "| {n}×{n} | {:.1} kB | {:.4} | {:.3} | {:.3}–{:.3} |",
            bytes[i] / 1000.0,
            quantile(&own, 0.5),
            quantile(&ratios, 0.5),
            quantile(&ratios, 0.1),
            quantile(&ratios, 0.9),
        );
    }
}
