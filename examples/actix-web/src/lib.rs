//! The example site served by actix-web 4. Handlers return Kiln views as they are: with
//! `kiln`'s `actix-web` feature on, every derived template is a `Responder`.

use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::{web, App, HttpRequest, HttpServer, Responder};
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

async fn echo(form: web::Form<Message>) -> Echo {
    Echo {
        message: form.into_inner().message,
    }
}

async fn robots() -> Robots {
    Robots::new()
}

async fn broken() -> Broken {
    Broken::new()
}

async fn not_found(request: HttpRequest) -> impl Responder {
    let path = request.path().to_owned();
    NotFound { path }
        .customize()
        .with_status(StatusCode::NOT_FOUND)
}

/// The site's routes (see `kiln_example_site`).
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/", web::get().to(index))
        .route("/tasks", web::get().to(tasks))
        .route("/echo", web::post().to(echo))
        .route("/robots.txt", web::get().to(robots))
        .route("/broken", web::get().to(broken))
        .default_service(web::to(not_found));
}

/// The server of [`routes`] on `listener`, with two workers. It runs when awaited inside an
/// actix system (`actix_web::rt::System`); its `handle()` stops it.
pub fn server(listener: std::net::TcpListener) -> std::io::Result<Server> {
    Ok(HttpServer::new(|| App::new().configure(routes))
        .workers(2)
        .disable_signals()
        .listen(listener)?
        .run())
}
