//! Hot reload behind a real axum server on 127.0.0.1: an edit shows on the next request,
//! a broken edit is a `500` whose body is the compiler's diagnostic (a debug build with
//! `reload`), and the next good save recovers, with the server running throughout. The
//! files are put back as they were, modification times included.

use std::fs::{File, FileTimes};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

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

/// `page.html`, restored with its modification time when dropped.
struct PageTemplate {
    path: PathBuf,
    text: Vec<u8>,
    modified: SystemTime,
    edits: u64,
}

impl PageTemplate {
    fn new() -> Self {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates/page.html");
        let text = std::fs::read(&path).expect("the template");
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("a modification time");
        PageTemplate {
            path,
            text,
            modified,
            edits: 0,
        }
    }

    fn edit(&mut self, text: &str) {
        self.edits += 1;
        std::fs::write(&self.path, text).expect("write");
        set_modified(&self.path, self.modified + Duration::from_secs(self.edits));
    }
}

impl Drop for PageTemplate {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, &self.text);
        set_modified(&self.path, self.modified);
    }
}

fn set_modified(path: &PathBuf, time: SystemTime) {
    File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_times(FileTimes::new().set_modified(time)))
        .expect("set the modification time");
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

    let mut template = PageTemplate::new();
    let (status, body) = get(&base);
    assert_eq!(
        (status, body.contains("<title>Tea &amp; cake</title>")),
        (200, true),
        "{body}"
    );

    template
        .edit("{% extends \"base.html\" %}\n{% block title %}{{ title|upper }}{% endblock %}\n");
    let (status, body) = get(&base);
    assert_eq!(status, 200);
    assert!(body.starts_with("<title>TEA &amp; CAKE</title>"), "{body}");

    template.edit("{% extends \"base.html\" %}\n{% block title %}{% if title %}{% endblock %}\n");
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

    template.edit("{% extends \"base.html\" %}\n{% block title %}fixed{% endblock %}\n");
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
