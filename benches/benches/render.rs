//! Criterion benchmarks: each workload rendered by every contestant.
//!
//! Groups are `big-table/10`, `big-table/100`, `big-table/300`, `teams`, `escape-heavy`,
//! `inheritance` and `filters`; the functions in each are `plain`, `tuned`, `kiln`,
//! `sailfish`, `askama`, `minijinja`, `tera` and `handlebars`. Throughput is the plain
//! renderer's output length in bytes, the same for every contestant.
//!
//! One more group, `big-table-short/300`, is a control for the time per byte: the 300×300
//! table with every number below 10 000, as long as the 100×100 table's numbers, rendered by
//! the compiled contestants only.
//!
//! The runtime engines parse their templates before timing starts; what is timed is one
//! render from the Rust data to a `String`, including the engine's conversion of that data
//! into its own values (serde), which every render of theirs needs.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use kiln_benches::{big_table, escape_heavy, filters, inheritance, kiln_impl, teams, Runtime};

/// Benchmarks `render` on `data` as the function `id` of `group`.
fn contestant<D: ?Sized>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    data: &D,
    render: impl Fn(&D) -> String,
) {
    group.bench_function(id, |b| b.iter(|| render(black_box(data))));
}

/// Opens the group `name`, whose throughput is the length of `expected` (the plain output).
fn group<'c>(c: &'c mut Criterion, name: &str, expected: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(expected.len() as u64));
    group
}

/// Benchmarks the `big_table` workload at each size in [`big_table::SIZES`], and the
/// control for its time per byte.
fn bench_big_table(c: &mut Criterion) {
    let rt = Runtime::new();
    for n in big_table::SIZES {
        let table = big_table::build(n);
        let table = table.as_slice();
        let mut g = group(
            c,
            &format!("big-table/{n}"),
            &big_table::render_plain(table),
        );
        if n >= 300 {
            // The runtime engines take milliseconds here; linear sampling would need over a
            // thousand iterations of each.
            g.sampling_mode(SamplingMode::Flat);
        }
        contestant(&mut g, "plain", table, big_table::render_plain);
        contestant(&mut g, "tuned", table, big_table::render_tuned);
        contestant(&mut g, "kiln", table, kiln_impl::render_big_table);
        contestant(&mut g, "sailfish", table, big_table::render_sailfish);
        contestant(&mut g, "askama", table, big_table::render_askama);
        contestant(&mut g, "minijinja", table, |t| {
            rt.minijinja.render_big_table(t)
        });
        contestant(&mut g, "tera", table, |t| rt.tera.render_big_table(t));
        contestant(&mut g, "handlebars", table, |t| {
            rt.handlebars.render_big_table(t)
        });
        g.finish();
    }
    // The control: the 300×300 table's cells, taken modulo 10 000.
    let n = 300;
    let mut table = big_table::build(n);
    table.iter_mut().flatten().for_each(|cell| *cell %= 10_000);
    let table = table.as_slice();
    let mut g = group(
        c,
        &format!("big-table-short/{n}"),
        &big_table::render_plain(table),
    );
    g.sampling_mode(SamplingMode::Flat);
    contestant(&mut g, "tuned", table, big_table::render_tuned);
    contestant(&mut g, "kiln", table, kiln_impl::render_big_table);
    contestant(&mut g, "sailfish", table, big_table::render_sailfish);
    g.finish();
}

/// Benchmarks the `teams` workload.
fn bench_teams(c: &mut Criterion) {
    let rt = Runtime::new();
    let data = &teams::build();
    let mut g = group(c, "teams", &teams::render_plain(data));
    contestant(&mut g, "plain", data, teams::render_plain);
    contestant(&mut g, "tuned", data, teams::render_tuned);
    contestant(&mut g, "kiln", data, kiln_impl::render_teams);
    contestant(&mut g, "sailfish", data, teams::render_sailfish);
    contestant(&mut g, "askama", data, teams::render_askama);
    contestant(&mut g, "minijinja", data, |d| rt.minijinja.render_teams(d));
    contestant(&mut g, "tera", data, |d| rt.tera.render_teams(d));
    contestant(&mut g, "handlebars", data, |d| {
        rt.handlebars.render_teams(d)
    });
    g.finish();
}

/// Benchmarks the `escape_heavy` workload.
fn bench_escape_heavy(c: &mut Criterion) {
    let rt = Runtime::new();
    let messages = escape_heavy::build();
    let data = messages.as_slice();
    let mut g = group(c, "escape-heavy", &escape_heavy::render_plain(data));
    contestant(&mut g, "plain", data, escape_heavy::render_plain);
    contestant(&mut g, "tuned", data, escape_heavy::render_tuned);
    contestant(&mut g, "simd", data, escape_heavy::render_simd);
    contestant(&mut g, "kiln", data, kiln_impl::render_escape_heavy);
    contestant(&mut g, "sailfish", data, escape_heavy::render_sailfish);
    contestant(&mut g, "askama", data, escape_heavy::render_askama);
    contestant(&mut g, "minijinja", data, |d| {
        rt.minijinja.render_escape_heavy(d)
    });
    contestant(&mut g, "tera", data, |d| rt.tera.render_escape_heavy(d));
    contestant(&mut g, "handlebars", data, |d| {
        rt.handlebars.render_escape_heavy(d)
    });
    g.finish();
}

/// Benchmarks the `inheritance` workload.
fn bench_inheritance(c: &mut Criterion) {
    let rt = Runtime::new();
    let data = &inheritance::build();
    let mut g = group(c, "inheritance", &inheritance::render_plain(data));
    contestant(&mut g, "plain", data, inheritance::render_plain);
    contestant(&mut g, "tuned", data, inheritance::render_tuned);
    contestant(&mut g, "kiln", data, kiln_impl::render_inheritance);
    contestant(&mut g, "sailfish", data, inheritance::render_sailfish);
    contestant(&mut g, "askama", data, inheritance::render_askama);
    contestant(&mut g, "minijinja", data, |d| {
        rt.minijinja.render_inheritance(d)
    });
    contestant(&mut g, "tera", data, |d| rt.tera.render_inheritance(d));
    contestant(&mut g, "handlebars", data, |d| {
        rt.handlebars.render_inheritance(d)
    });
    g.finish();
}

/// Benchmarks the `filters` workload.
fn bench_filters(c: &mut Criterion) {
    let rt = Runtime::new();
    let data = &filters::build();
    let mut g = group(c, "filters", &filters::render_plain(data));
    contestant(&mut g, "plain", data, filters::render_plain);
    contestant(&mut g, "tuned", data, filters::render_tuned);
    contestant(&mut g, "kiln", data, kiln_impl::render_filters);
    contestant(&mut g, "sailfish", data, filters::render_sailfish);
    contestant(&mut g, "askama", data, filters::render_askama);
    contestant(&mut g, "minijinja", data, |d| {
        rt.minijinja.render_filters(d)
    });
    contestant(&mut g, "tera", data, |d| rt.tera.render_filters(d));
    contestant(&mut g, "handlebars", data, |d| {
        rt.handlebars.render_filters(d)
    });
    g.finish();
}

/// Modest settings, so a full run of the 56 benchmarks takes about five minutes on two cores;
/// command-line flags such as `--measurement-time` still override them. No plots are drawn.
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
    targets = bench_big_table, bench_teams, bench_escape_heavy, bench_inheritance, bench_filters
}
criterion_main!(benches);
