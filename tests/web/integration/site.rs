//! What every framework's server must answer, and the log the failed render goes to.

use std::sync::{Mutex, OnceLock};

/// A form value that would run script or break out of an attribute if it were not escaped.
pub const HOSTILE: &str = r#"<script>alert(1)</script> "onmouseover="alert(2)" & 'x'"#;

/// A path for the 404 page, with characters that need escaping.
pub const MISSING: &str = "/nope/it's&more";

const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// A running server, stopped when dropped (also when a check fails).
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: Option<Box<dyn FnOnce()>>,
}

impl Server {
    /// A server at `address` that `stop` shuts down and waits for.
    pub fn new(address: std::net::SocketAddr, stop: impl FnOnce() + 'static) -> Self {
        Self {
            base: format!("http://{address}"),
            stop: Some(Box::new(stop)),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop();
        }
    }
}

/// Starts a tokio-based example server: `serve` gets a listener on 127.0.0.1 (a port the
/// system picks) and a future that completes when the server should stop; dropping the
/// returned [`Server`] completes it and waits for `serve` to finish, which must succeed.
pub fn start_tokio<F>(serve: impl FnOnce(tokio::net::TcpListener, Stopped) -> F) -> Server
where
    F: std::future::Future + Send + 'static,
    F::Output: Served + Send,
{
    capture_log();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let stopped: Stopped = Box::pin(async {
        let _ = stopped.await;
    });
    let running = runtime.spawn(serve(listener, stopped));
    Server::new(address, move || {
        let _ = stop.send(());
        runtime.block_on(running).unwrap().assert_ok();
    })
}

/// What a server's `serve` returns when it stops: nothing (warp) or an `io::Result`.
pub trait Served {
    /// Fails the test if the server stopped with an error.
    fn assert_ok(self);
}

impl Served for () {
    fn assert_ok(self) {}
}

impl Served for std::io::Result<()> {
    fn assert_ok(self) {
        self.expect("the server stops cleanly");
    }
}

/// The shutdown signal [`start_tokio`] hands a server.
pub type Stopped = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// A client that returns error statuses as responses instead of errors.
pub fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// A response reduced to what the checks compare.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().expect("an ASCII content type").to_owned())
        .unwrap_or_default();
    Answer {
        status: response.status().as_u16(),
        content_type,
        body: response.body_mut().read_to_string().expect("a UTF-8 body"),
    }
}

/// `GET base + path`.
pub fn get(agent: &ureq::Agent, base: &str, path: &str) -> Answer {
    answer(agent.get(format!("{base}{path}")).call())
}

/// `POST base + path` with a form of one field.
pub fn post_form(agent: &ureq::Agent, base: &str, path: &str, field: (&str, &str)) -> Answer {
    answer(agent.post(format!("{base}{path}")).send_form([field]))
}

fn ok(content_type: &str, body: &str) -> Answer {
    Answer {
        status: 200,
        content_type: content_type.to_owned(),
        body: body.to_owned(),
    }
}

/// The answer to `GET /`.
pub fn index() -> Answer {
    ok(HTML, include_str!("../expected/index.html"))
}

/// The answer to `POST /echo` with [`HOSTILE`].
pub fn echo() -> Answer {
    ok(HTML, include_str!("../expected/echo.html"))
}

/// Runs every check against the server at `base`; `name` says which framework failed.
pub fn check(name: &str, base: &str) {
    let agent = client();
    assert_eq!(get(&agent, base, "/"), index(), "{name}: GET /");
    assert_eq!(
        get(&agent, base, "/tasks"),
        ok(HTML, include_str!("../expected/tasks.html")),
        "{name}: GET /tasks, the htmx fragment"
    );
    let echoed = post_form(&agent, base, "/echo", ("message", HOSTILE));
    assert_eq!(echoed, echo(), "{name}: POST /echo");
    assert!(
        !echoed.body.contains("<script>") && !echoed.body.contains(r#""onmouseover="#),
        "{name}: the hostile value comes back escaped"
    );
    assert_eq!(
        get(&agent, base, "/robots.txt"),
        ok(TEXT, include_str!("../expected/robots.txt")),
        "{name}: a .txt template is text/plain"
    );
    assert_eq!(
        get(&agent, base, MISSING),
        Answer {
            status: 404,
            ..ok(HTML, include_str!("../expected/not_found.html"))
        },
        "{name}: the 404 page"
    );
    let broken = get(&agent, base, "/broken");
    assert_eq!(
        broken,
        Answer {
            status: 500,
            ..ok(TEXT, kiln::web::FAILED_BODY)
        },
        "{name}: a failed render is a 500 that names nothing of the template"
    );
    assert!(
        logged().iter().any(|line| line
            == "kiln: rendering `kiln_example_site::Broken` failed: \
                templates/broken.html:3:39: integer division or modulo by zero"),
        "{name}: the located error is logged: {:?}",
        logged()
    );
}

/// The messages logged at the error level so far, by every test of this binary.
pub fn logged() -> Vec<String> {
    log().lock().unwrap().clone()
}

fn log() -> &'static Mutex<Vec<String>> {
    static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());
    static LOGGER: OnceLock<()> = OnceLock::new();
    LOGGER.get_or_init(|| {
        log::set_logger(&Capture).expect("no other logger in this binary");
        log::set_max_level(log::LevelFilter::Error);
    });
    &LINES
}

/// A logger that keeps error messages for [`logged`].
struct Capture;

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Error
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            log().lock().unwrap().push(record.args().to_string());
        }
    }

    fn flush(&self) {}
}

/// Installs the capturing logger; every test calls it before its server starts.
pub fn capture_log() {
    let _ = log();
}
