//! Criterion benchmarks: each workload rendered by every contestant.
//!
//! Groups are `big-table/10`, `big-table/100`, `big-table/300` and `teams`; the functions in
//! each are `plain`, `tuned`, `askama`, `sailfish`, and `kiln` with `--features kiln`.
//! Throughput is the plain renderer's output length in bytes, the same for every contestant.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kiln_benches::{big_table, teams};

/// Benchmarks the `big_table` workload at each size in [`big_table::SIZES`].
fn bench_big_table(c: &mut Criterion) {
    for n in big_table::SIZES {
        let table = big_table::build(n);
        let table = table.as_slice();
        let mut group = c.benchmark_group(format!("big-table/{n}"));
        group.throughput(Throughput::Bytes(
            big_table::render_plain(table).len() as u64
        ));
        group.bench_function("plain", |b| {
            b.iter(|| big_table::render_plain(black_box(table)))
        });
        group.bench_function("tuned", |b| {
            b.iter(|| big_table::render_tuned(black_box(table)))
        });
        group.bench_function("askama", |b| {
            b.iter(|| big_table::render_askama(black_box(table)))
        });
        group.bench_function("sailfish", |b| {
            b.iter(|| big_table::render_sailfish(black_box(table)))
        });
        group.bench_function("kiln", |b| {
            b.iter(|| kiln_benches::kiln_impl::render_big_table(black_box(table)))
        });
        group.finish();
    }
}

/// Benchmarks the `teams` workload.
fn bench_teams(c: &mut Criterion) {
    let data = teams::build();
    let data = &data;
    let mut group = c.benchmark_group("teams");
    group.throughput(Throughput::Bytes(teams::render_plain(data).len() as u64));
    group.bench_function("plain", |b| b.iter(|| teams::render_plain(black_box(data))));
    group.bench_function("tuned", |b| b.iter(|| teams::render_tuned(black_box(data))));
    group.bench_function("askama", |b| {
        b.iter(|| teams::render_askama(black_box(data)))
    });
    group.bench_function("sailfish", |b| {
        b.iter(|| teams::render_sailfish(black_box(data)))
    });
    group.bench_function("kiln", |b| {
        b.iter(|| kiln_benches::kiln_impl::render_teams(black_box(data)))
    });
    group.finish();
}

/// Modest settings, so a full run takes a few minutes on two cores; command-line flags such as
/// `--measurement-time` still override them. No plots are drawn.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_big_table, bench_teams
}
criterion_main!(benches);
