//! The example site served by Poem 3. Handlers return Kiln views as they are: with
//! `kiln`'s `poem` feature on, every derived template that is `Send` is an `IntoResponse`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use kiln_example_site::{Broken, Echo, Index, NotFound, Robots, TaskList};
use poem::error::NotFoundError;
use poem::http::StatusCode;
use poem::listener::TcpAcceptor;
use poem::web::Form;
use poem::{
    get, handler, post, Endpoint, EndpointExt, IntoResponse, Request, Response, Route, Server,
};
use serde::Deserialize;

/// The form that `POST /echo` reads.
#[derive(Deserialize)]
pub struct Message {
    /// What the visitor typed.
    pub message: String,
}

#[handler]
fn index() -> Index {
    Index::new()
}

#[handler]
fn tasks() -> TaskList {
    TaskList::new()
}

#[handler]
fn echo(Form(form): Form<Message>) -> Echo {
    Echo {
        message: form.message,
    }
}

#[handler]
fn robots() -> Robots {
    Robots::new()
}

#[handler]
fn broken() -> Broken {
    Broken::new()
}

/// Answers a request that no route matched with the 404 page, which names the path.
async fn or_not_found<E: Endpoint>(endpoint: Arc<E>, request: Request) -> poem::Result<Response> {
    let path = request.uri().path().to_owned();
    match endpoint.call(request).await {
        Ok(found) => Ok(found.into_response()),
        Err(err) if err.is::<NotFoundError>() => Ok(NotFound { path }
            .with_status(StatusCode::NOT_FOUND)
            .into_response()),
        Err(err) => Err(err),
    }
}

/// The site's routes (see `kiln_example_site`); every other path is the 404 page.
pub fn app() -> impl Endpoint<Output = Response> {
    Route::new()
        .at("/", get(index))
        .at("/tasks", get(tasks))
        .at("/echo", post(echo))
        .at("/robots.txt", get(robots))
        .at("/broken", get(broken))
        .around(or_not_found)
}

/// Serves [`app`] on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    Server::new_with_acceptor(TcpAcceptor::from_tokio(listener)?)
        .run_with_graceful_shutdown(app(), shutdown, Some(Duration::from_secs(1)))
        .await
}
