//! Criterion benchmarks of every way to render a Kiln template, against `render()`.
//!
//! Groups are `write-paths/big-table-100` and `write-paths/teams`; each function is one
//! path of `kiln_benches::write_paths` (see there for what each does), then the peers'
//! own reuse paths for scale. On a shared machine, compare paths within one group of one
//! run, or use `write_ratios`, which interleaves them.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kiln_benches::kiln_impl::{KilnBigTable, KilnTeams};
use kiln_benches::write_paths::{big_table_peers, kiln_paths, teams_peers, WritePath};
use kiln_benches::{big_table, teams};

fn bench_paths(c: &mut Criterion, group: &str, bytes: usize, paths: Vec<WritePath<'_>>) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes as u64));
    for mut path in paths {
        g.bench_function(path.name, |b| b.iter(&mut path.run));
    }
    g.finish();
}

fn bench_big_table(c: &mut Criterion) {
    let table = big_table::build(100);
    let table = table.as_slice();
    let mut paths = kiln_paths(|| KilnBigTable { table });
    paths.extend(big_table_peers(table));
    let bytes = big_table::render_plain(table).len();
    bench_paths(c, "write-paths/big-table-100", bytes, paths);
}

fn bench_teams(c: &mut Criterion) {
    let data = &teams::build();
    let mut paths = kiln_paths(|| KilnTeams {
        year: data.year,
        teams: &data.teams,
    });
    paths.extend(teams_peers(data.year, &data.teams));
    let bytes = teams::render_plain(data).len();
    bench_paths(c, "write-paths/teams", bytes, paths);
}

/// The settings of the `render` benchmarks (see there).
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
