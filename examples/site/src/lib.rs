//! The pages that Kiln's framework examples serve, the same for every framework.
//!
//! Each view is a struct deriving [`Template`]. This crate enables no framework: a server
//! crate that turns on `kiln`'s `axum` feature (say) makes every view here an axum
//! `IntoResponse`, because cargo builds `kiln` once with the features of every crate in the
//! build. A handler returns a view as it is:
//!
//! ```ignore
//! async fn index() -> Index { Index::new() }
//! ```
//!
//! | route | view | answers |
//! |---|---|---|
//! | `GET /` | [`Index`] | the task list, in the layout, with a form |
//! | `GET /tasks` | [`TaskList`] | the list alone (`block = "tasks"`): the fragment htmx swaps in |
//! | `POST /echo` | [`Echo`] | the form's `message`, escaped |
//! | `GET /robots.txt` | [`Robots`] | a `text/plain` page: the content type follows the extension |
//! | `GET /broken` | [`Broken`] | a render that fails: a `500` that names nothing of the template |
//! | anything else | [`NotFound`] | a `404` page from a template |

use kiln::Template;

/// A task of the list.
#[derive(Clone, Debug)]
pub struct Task {
    /// What to do.
    pub title: &'static str,
    /// Whether it is done.
    pub done: bool,
}

/// The tasks every page shows: one title holds markup, which the templates escape.
pub fn tasks() -> Vec<Task> {
    vec![
        Task {
            title: "Write the template",
            done: true,
        },
        Task {
            title: "Serve it from <every> framework",
            done: false,
        },
        Task {
            title: "Edit & refresh",
            done: false,
        },
    ]
}

/// `GET /`: the task list in the layout.
#[derive(Template)]
#[template(path = "index.html")]
pub struct Index {
    /// The tasks shown.
    pub tasks: Vec<Task>,
}

impl Index {
    /// The index with [`tasks`].
    pub fn new() -> Self {
        Self { tasks: tasks() }
    }
}

impl Default for Index {
    fn default() -> Self {
        Self::new()
    }
}

/// `GET /tasks`: only the `tasks` block of `index.html`, as an HTML fragment.
#[derive(Template)]
#[template(path = "index.html", block = "tasks")]
pub struct TaskList {
    /// The tasks shown.
    pub tasks: Vec<Task>,
}

impl TaskList {
    /// The list of [`tasks`].
    pub fn new() -> Self {
        Self { tasks: tasks() }
    }
}

impl Default for TaskList {
    fn default() -> Self {
        Self::new()
    }
}

/// `POST /echo`: what the form sent, escaped.
#[derive(Template)]
#[template(path = "echo.html")]
pub struct Echo {
    /// The form's `message` field.
    pub message: String,
}

/// The 404 page.
#[derive(Template)]
#[template(path = "not_found.html")]
pub struct NotFound {
    /// The path that was asked for.
    pub path: String,
}

/// `GET /robots.txt`: a text template, served as `text/plain; charset=utf-8`.
#[derive(Template)]
#[template(path = "robots.txt")]
pub struct Robots {
    /// The site's name.
    pub site: &'static str,
    /// Paths robots should not visit.
    pub private: Vec<&'static str>,
}

impl Robots {
    /// The example site's robots.txt.
    pub fn new() -> Self {
        Self {
            site: "Kiln example",
            private: vec!["/echo", "/broken"],
        }
    }
}

impl Default for Robots {
    fn default() -> Self {
        Self::new()
    }
}

/// `GET /broken`: divides by zero while rendering. The response is a `500` whose body says
/// only that the page could not be rendered; the error, at `broken.html:3:…`, goes to the
/// log.
#[derive(Template)]
#[template(path = "broken.html")]
pub struct Broken {
    /// What is shared out.
    pub total: i64,
    /// Among how many: zero, so the render fails.
    pub count: i64,
}

impl Broken {
    /// The page that cannot be rendered.
    pub fn new() -> Self {
        Self {
            total: 12,
            count: 0,
        }
    }
}

impl Default for Broken {
    fn default() -> Self {
        Self::new()
    }
}
