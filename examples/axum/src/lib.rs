//! The example site served by axum 0.8. Handlers return Kiln views as they are: with
//! `kiln`'s `axum` feature on, every derived template is an `IntoResponse`.

use std::future::Future;

use axum::extract::Form;
use axum::http::{StatusCode, Uri};
use axum::routing::{get, post};
use axum::Router;
use kiln_example_site::{Broken, Echo, Index, NotFound, Robots, TaskList};
use serde::Deserialize;

/// The form that `POST /echo` reads.
#[derive(Deserialize)]
pub struct Message {
    /// What the visitor typed.
    pub message: String,
}

async fn index() -> Index {
    Index::new()
}

async fn tasks() -> TaskList {
    TaskList::new()
}

async fn echo(Form(form): Form<Message>) -> Echo {
    Echo {
        message: form.message,
    }
}

async fn robots() -> Robots {
    Robots::new()
}

async fn broken() -> Broken {
    Broken::new()
}

async fn not_found(uri: Uri) -> (StatusCode, NotFound) {
    let path = uri.path().to_owned();
    (StatusCode::NOT_FOUND, NotFound { path })
}

/// The site's routes (see `kiln_example_site`).
pub fn app() -> Router {
    Router::new()
        .route("/", get(index))
        .route("/tasks", get(tasks))
        .route("/echo", post(echo))
        .route("/robots.txt", get(robots))
        .route("/broken", get(broken))
        .fallback(not_found)
}

/// Serves [`app`] on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app())
        .with_graceful_shutdown(shutdown)
        .await
}
