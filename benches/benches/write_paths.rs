//! Criterion benchmarks of every way to render a Kiln template, against `render()`.
//!
//! Groups are `write-paths/big-table-100` and `write-paths/teams`. Each function renders
//! the same page once per iteration:
//!
//! - `render`: `render()` into a new `String` (the baseline the others are held to);
//! - `render_into-string`, `render_to-string`, `render_to-buffer`, `display-string`
//!   (`write!(s, "{page}")`), `write_into-vec`: into an output that is cleared and reused
//!   across iterations, as the peers' harnesses reuse theirs;
//! - `render_into-prefilled`: into a reused `String` that already holds 1 KiB of text, truncated
//!   back to it each time;
//! - `write_into-cursor`: into a reused `io::Cursor<Vec<u8>>`, an `io::Write` that is not
//!   rendered into directly (the path of a file or a socket);
//! - `axum-body`: the framework path, `IntoResponse::into_response` and its body;
//! - `axum-fixed-cost`: the same axum response around an empty body, without a render: what
//!   axum's response itself costs, which `axum-body` cannot go below;
//! - `sailfish-render_to`, `askama-render_into`: the peers' own reuse paths, for scale.

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use kiln_benches::big_table::{self, AskamaBigTable, SailfishBigTable};
use kiln_benches::kiln_impl::{KilnBigTable, KilnTeams};
use kiln_benches::teams::{self, AskamaTeams, SailfishTeams};

/// Benchmarks every write path of the Kiln page that `page` builds.
fn kiln_paths<T>(g: &mut BenchmarkGroup<'_, WallTime>, page: impl Fn() -> T + Copy)
where
    T: kiln::Template + std::fmt::Display + axum_core::response::IntoResponse,
{
    g.bench_function("render", |b| b.iter(|| black_box(page()).render().unwrap()));
    let mut text = String::new();
    g.bench_function("render_into-string", |b| {
        b.iter(|| {
            text.clear();
            black_box(page()).render_into(&mut text).unwrap();
        })
    });
    let mut text = String::new();
    g.bench_function("render_to-string", |b| {
        b.iter(|| {
            text.clear();
            black_box(page()).render_to(&mut text).unwrap();
        })
    });
    let mut buffer = kiln::Buffer::new();
    g.bench_function("render_to-buffer", |b| {
        b.iter(|| {
            buffer.clear();
            black_box(page()).render_to(&mut buffer).unwrap();
        })
    });
    let mut text = String::new();
    g.bench_function("display-string", |b| {
        b.iter(|| {
            text.clear();
            write!(text, "{}", black_box(page())).unwrap();
        })
    });
    let mut bytes = Vec::new();
    g.bench_function("write_into-vec", |b| {
        b.iter(|| {
            bytes.clear();
            black_box(page()).write_into(&mut bytes).unwrap();
        })
    });
    let prefix = "<!-- prefix -->".repeat(1024 / 16);
    let mut text = prefix.clone();
    g.bench_function("render_into-prefilled", |b| {
        b.iter(|| {
            text.truncate(prefix.len());
            black_box(page()).render_into(&mut text).unwrap();
        })
    });
    let mut cursor = Cursor::new(Vec::new());
    g.bench_function("write_into-cursor", |b| {
        b.iter(|| {
            cursor.get_mut().clear();
            cursor.set_position(0);
            black_box(page()).write_into(&mut cursor).unwrap();
        })
    });
    g.bench_function("axum-body", |b| {
        b.iter(|| black_box(page()).into_response().into_body())
    });
    // What axum's response costs without a render: the same parts around an empty body.
    g.bench_function("axum-fixed-cost", |b| {
        b.iter(|| {
            let body = axum_core::body::Body::from(black_box(String::new()));
            let mut response = axum_core::response::Response::new(body);
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(T::CONTENT_TYPE),
            );
            response.into_body()
        })
    });
}

fn bench_big_table(c: &mut Criterion) {
    let table = big_table::build(100);
    let table = table.as_slice();
    let mut g = c.benchmark_group("write-paths/big-table-100");
    g.throughput(Throughput::Bytes(
        big_table::render_plain(table).len() as u64
    ));
    kiln_paths(&mut g, || KilnBigTable { table });
    let mut buffer = sailfish::runtime::Buffer::new();
    g.bench_function("sailfish-render_to", |b| {
        b.iter(|| {
            buffer.clear();
            sailfish::Template::render_to(&black_box(SailfishBigTable { table }), &mut buffer)
                .unwrap();
        })
    });
    let mut text = String::new();
    g.bench_function("askama-render_into", |b| {
        b.iter(|| {
            text.clear();
            askama::Template::render_into(&black_box(AskamaBigTable { table }), &mut text).unwrap();
        })
    });
    g.finish();
}

fn bench_teams(c: &mut Criterion) {
    let data = &teams::build();
    let mut g = c.benchmark_group("write-paths/teams");
    g.throughput(Throughput::Bytes(teams::render_plain(data).len() as u64));
    kiln_paths(&mut g, || KilnTeams {
        year: data.year,
        teams: &data.teams,
    });
    let mut buffer = sailfish::runtime::Buffer::new();
    g.bench_function("sailfish-render_to", |b| {
        b.iter(|| {
            buffer.clear();
            let page = SailfishTeams {
                year: data.year,
                teams: &data.teams,
            };
            sailfish::Template::render_to(&black_box(page), &mut buffer).unwrap();
        })
    });
    let mut text = String::new();
    g.bench_function("askama-render_into", |b| {
        b.iter(|| {
            text.clear();
            let page = AskamaTeams {
                year: data.year,
                teams: &data.teams,
            };
            askama::Template::render_into(&black_box(page), &mut text).unwrap();
        })
    });
    g.finish();
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
