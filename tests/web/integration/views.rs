//! Enum templates and `blocks = […]` views are responses like any template: each
//! framework's trait is implemented for them, and axum serves them with the content type
//! of their templates.

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use kiln::Template;

use crate::site::{self, Answer};

#[derive(Template)]
#[template(
    source = "<main>{% block list %}<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>{% endblock %}</main>",
    ext = "html",
    blocks = ["list"]
)]
struct Page {
    items: Vec<&'static str>,
}

#[derive(Template)]
#[template(source = "Disallow: {{ path }}", ext = "txt")]
struct Robots {
    path: &'static str,
}

/// Every route of a small site as one type.
#[derive(Template)]
enum Route {
    #[template(source = "<h1>{{ title }}</h1>", ext = "txt")]
    Title {
        title: &'static str,
    },
    Robots(Robots),
}

fn page() -> Page {
    Page {
        items: vec!["<a>", "b&c"],
    }
}

async fn whole() -> Page {
    page()
}

async fn fragment() -> Response {
    page().as_list().into_response()
}

async fn title() -> Route {
    Route::Title { title: "<T>" }
}

async fn robots() -> Route {
    Route::Robots(Robots { path: "/x?a&b" })
}

async fn serve(listener: tokio::net::TcpListener, stopped: site::Stopped) -> std::io::Result<()> {
    let app = Router::new()
        .route("/", get(whole))
        .route("/list", get(fragment))
        .route("/title", get(title))
        .route("/robots.txt", get(robots));
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped)
        .await
}

fn answer(content_type: &str, body: &str) -> Answer {
    Answer {
        status: 200,
        content_type: content_type.to_owned(),
        body: body.to_owned(),
    }
}

#[test]
fn axum_serves_block_views_and_enum_templates() {
    let server = site::start_tokio(serve);
    let agent = site::client();
    let html = "text/html; charset=utf-8";
    let text = "text/plain; charset=utf-8";
    let list = "<ul><li>&lt;a&gt;</li><li>b&amp;c</li></ul>";
    assert_eq!(
        site::get(&agent, &server.base, "/"),
        answer(html, &format!("<main>{list}</main>"))
    );
    assert_eq!(site::get(&agent, &server.base, "/list"), answer(html, list));
    assert_eq!(
        site::get(&agent, &server.base, "/title"),
        answer(text, "<h1><T></h1>")
    );
    assert_eq!(
        site::get(&agent, &server.base, "/robots.txt"),
        answer(text, "Disallow: /x?a&b")
    );
}

#[test]
fn views_are_responses_of_every_framework() {
    fn all<T>()
    where
        T: IntoResponse
            + actix_web::Responder
            + kiln::__private::warp::Reply
            + kiln::__private::poem::IntoResponse,
        for<'r> T: rocket::response::Responder<'r, 'static>,
    {
    }
    all::<Route>();
    all::<Page>();
    fn block<'a>(page: &'a Page) -> impl IntoResponse + actix_web::Responder + 'a {
        page.as_list()
    }
    let page = page();
    let _ = block(&page);
    assert_eq!(
        page.as_list().render().unwrap(),
        "<ul><li>&lt;a&gt;</li><li>b&amp;c</li></ul>"
    );
}
