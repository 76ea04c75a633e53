//! The example site served by warp 0.4. Filters map to Kiln views as they are: with
//! `kiln`'s `warp` feature on, every derived template that is `Send` is a `Reply`.

use std::convert::Infallible;
use std::future::Future;

use kiln_example_site::{Broken, Echo, Index, NotFound, Robots, TaskList};
use serde::Deserialize;
use warp::filters::path::FullPath;
use warp::http::StatusCode;
use warp::{Filter, Reply};

/// The form that `POST /echo` reads.
#[derive(Deserialize)]
pub struct Message {
    /// What the visitor typed.
    pub message: String,
}

/// The site's routes (see `kiln_example_site`); the last one answers every other path with
/// the 404 page, so the filter never rejects.
pub fn routes() -> impl Filter<Extract = (impl Reply,), Error = Infallible> + Clone {
    let index = warp::path::end().and(warp::get()).map(Index::new);
    let tasks = warp::path!("tasks").and(warp::get()).map(TaskList::new);
    let echo = warp::path!("echo")
        .and(warp::post())
        .and(warp::body::form())
        .map(|form: Message| Echo {
            message: form.message,
        });
    let robots = warp::path!("robots.txt").and(warp::get()).map(Robots::new);
    let broken = warp::path!("broken").and(warp::get()).map(Broken::new);
    let not_found = warp::path::full().map(|path: FullPath| {
        let path = path.as_str().to_owned();
        warp::reply::with_status(NotFound { path }, StatusCode::NOT_FOUND)
    });
    index.or(tasks).or(echo).or(robots).or(broken).or(not_found)
}

/// Serves [`routes`] on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    warp::serve(routes())
        .incoming(listener)
        .graceful(shutdown)
        .run()
        .await;
}
