//! Every way to render one page, each as a closure that renders once into an output it
//! owns and reuses: what `benches/write_paths.rs` (criterion) and `benches/write_ratios.rs`
//! (interleaved rounds) both time.
//!
//! - `render`: `render()` into a new `String`, the baseline the others are held to;
//! - `render_into-string`, `render_to-string`, `render_to-buffer`, `display-string`
//!   (`write!(s, "{page}")`), `write_into-vec`: into an output that is cleared and reused,
//!   as the peers' harnesses reuse theirs;
//! - `render_into-prefilled`: into a reused `String` that already holds 1 KiB of text,
//!   truncated back to it each time;
//! - `write_into-cursor`: into a reused `io::Cursor<Vec<u8>>`, an `io::Write` that is not
//!   rendered into directly (the path of a file or a socket);
//! - `copy-floor-string`, `copy-floor-cursor`: `render_into` a reused scratch `String`, then
//!   one `push_str` / `write_all` of it into the output: the least that `Display` (whose
//!   `Formatter` hides its writer) and an `io::Write` without memory of its own can cost;
//! - `axum-body`: the framework path, `IntoResponse::into_response` and its body;
//! - `axum-fixed-cost`: the same axum response around a one-byte body whose `String` has
//!   room to spare (as a rendered one has, so `Bytes` shares its allocation the same way),
//!   without a render: what axum's response itself costs, which `axum-body` cannot go below.
//!
//! [`big_table_peers`] and [`teams_peers`] add sailfish's and askama's own reuse paths.

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::{Cursor, Write as _};

use axum_core::response::IntoResponse;

use crate::big_table::{AskamaBigTable, SailfishBigTable};
use crate::teams::{AskamaTeams, SailfishTeams, Team};

/// One way to render, by name: each call renders the page once.
pub struct WritePath<'a> {
    /// The benchmark id (`render`, `display-string`, …).
    pub name: &'static str,
    /// Renders once into the path's own reused output.
    pub run: Box<dyn FnMut() + 'a>,
}

impl<'a> WritePath<'a> {
    fn new(name: &'static str, run: impl FnMut() + 'a) -> Self {
        Self {
            name,
            run: Box::new(run),
        }
    }
}

/// Every Kiln write path of the page that `page` builds, `render` first.
pub fn kiln_paths<'a, T>(page: impl Fn() -> T + Copy + 'a) -> Vec<WritePath<'a>>
where
    T: kiln::Template + std::fmt::Display + IntoResponse + 'a,
{
    let mut paths = vec![WritePath::new("render", move || {
        let _ = black_box(black_box(page()).render().unwrap());
    })];
    let mut text = String::new();
    paths.push(WritePath::new("render_into-string", move || {
        text.clear();
        black_box(page()).render_into(&mut text).unwrap();
    }));
    let mut text = String::new();
    paths.push(WritePath::new("render_to-string", move || {
        text.clear();
        black_box(page()).render_to(&mut text).unwrap();
    }));
    let mut buffer = kiln::Buffer::new();
    paths.push(WritePath::new("render_to-buffer", move || {
        buffer.clear();
        black_box(page()).render_to(&mut buffer).unwrap();
    }));
    let mut text = String::new();
    paths.push(WritePath::new("display-string", move || {
        text.clear();
        write!(text, "{}", black_box(page())).unwrap();
    }));
    let mut bytes = Vec::new();
    paths.push(WritePath::new("write_into-vec", move || {
        bytes.clear();
        black_box(page()).write_into(&mut bytes).unwrap();
    }));
    let prefix = "<!-- prefix -->".repeat(1024 / 16);
    let mut text = prefix.clone();
    paths.push(WritePath::new("render_into-prefilled", move || {
        text.truncate(prefix.len());
        black_box(page()).render_into(&mut text).unwrap();
    }));
    let mut cursor = Cursor::new(Vec::new());
    paths.push(WritePath::new("write_into-cursor", move || {
        cursor.get_mut().clear();
        cursor.set_position(0);
        black_box(page()).write_into(&mut cursor).unwrap();
    }));
    let (mut scratch, mut text) = (String::new(), String::new());
    paths.push(WritePath::new("copy-floor-string", move || {
        scratch.clear();
        text.clear();
        black_box(page()).render_into(&mut scratch).unwrap();
        text.push_str(&scratch);
    }));
    let (mut scratch, mut cursor) = (String::new(), Cursor::new(Vec::new()));
    paths.push(WritePath::new("copy-floor-cursor", move || {
        scratch.clear();
        cursor.get_mut().clear();
        cursor.set_position(0);
        black_box(page()).render_into(&mut scratch).unwrap();
        cursor.write_all(scratch.as_bytes()).unwrap();
    }));
    paths.push(WritePath::new("axum-body", move || {
        let _ = black_box(black_box(page()).into_response().into_body());
    }));
    // What axum's response costs without a render: the same parts around a tiny body.
    paths.push(WritePath::new("axum-fixed-cost", move || {
        let mut text = String::with_capacity(2);
        text.push('x');
        let body = axum_core::body::Body::from(black_box(text));
        let mut response = axum_core::response::Response::new(body);
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(T::CONTENT_TYPE),
        );
        let _ = black_box(response.into_body());
    }));
    paths
}

/// sailfish's and askama's reuse paths on the big table.
pub fn big_table_peers(table: &[Vec<usize>]) -> Vec<WritePath<'_>> {
    let mut buffer = sailfish::runtime::Buffer::new();
    let mut text = String::new();
    vec![
        WritePath::new("sailfish-render_to", move || {
            buffer.clear();
            sailfish::Template::render_to(&black_box(SailfishBigTable { table }), &mut buffer)
                .unwrap();
        }),
        WritePath::new("askama-render_into", move || {
            text.clear();
            askama::Template::render_into(&black_box(AskamaBigTable { table }), &mut text).unwrap();
        }),
    ]
}

/// sailfish's and askama's reuse paths on teams.
pub fn teams_peers(year: u16, teams: &[Team]) -> Vec<WritePath<'_>> {
    let mut buffer = sailfish::runtime::Buffer::new();
    let mut text = String::new();
    vec![
        WritePath::new("sailfish-render_to", move || {
            buffer.clear();
            let page = SailfishTeams { year, teams };
            sailfish::Template::render_to(&black_box(page), &mut buffer).unwrap();
        }),
        WritePath::new("askama-render_into", move || {
            text.clear();
            let page = AskamaTeams { year, teams };
            askama::Template::render_into(&black_box(page), &mut text).unwrap();
        }),
    ]
}
