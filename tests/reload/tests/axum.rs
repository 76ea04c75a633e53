//! Hot reload behind a real axum server on 127.0.0.1: an edit shows on the next request,
//! a broken edit is a `500` whose body is the compiler's diagnostic (a debug build with
//! `reload`), and the next good save recovers, with the server running throughout. The
//! files are put back as they were, modification times included.

use std::time::Duration;

use kiln_reload_tests::edits::Edits;
use kiln_reload_tests::{Author, Owner, Page, Role};

fn page() -> Page {
    Page {
        title: "Tea & cake".into(),
        items: vec!["scones".into()],
        owner: Owner { name: "Ann".into() },
        author: Author {
            name: "Bo".into(),
            role: Role::Editor,
        },
    }
}

/// GETs `url`: the status and the body.
fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut response = agent.get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().expect("a text body");
    (status, body)
}

#[test]
fn an_edit_shows_on_the_next_request_and_a_mistake_is_shown_in_the_browser() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = axum::Router::new().route("/", axum::routing::get(|| async { page() }));
    let server = runtime.spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });

    let mut template = Edits::of(&["page.html"]);
    let (status, body) = get(&base);
    assert_eq!(
        (status, body.contains("<title>Tea &amp; cake</title>")),
        (200, true),
        "{body}"
    );

    template.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ title|upper }}{% endblock %}\n",
    );
    let (status, body) = get(&base);
    assert_eq!(status, 200);
    assert!(body.starts_with("<title>TEA &amp; CAKE</title>"), "{body}");

    template.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{% if title %}{% endblock %}\n",
    );
    let (status, body) = get(&base);
    assert_eq!(status, 500);
    assert!(
        body.contains(
            "templates/page.html:2:32: `endblock` does not match the `if` opened on line 2\n  |\n\
             2 | {% block title %}{% if title %}{% endblock %}\n  |                                ^^^^^^^^^^^^^^\n  \
             = help: close the `if` with `{% endif %}` first"
        ),
        "{body}"
    );

    template.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}fixed{% endblock %}\n",
    );
    let (status, body) = get(&base);
    assert_eq!(status, 200);
    assert!(body.starts_with("<title>fixed</title>"), "{body}");

    drop(template);
    let _ = stop.send(());
    runtime
        .block_on(server)
        .expect("the server task")
        .expect("the server stops cleanly");
}
