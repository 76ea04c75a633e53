//! Hot reload: a derived template whose files changed on disk renders through the
//! interpreter, so an edit shows on the next request without a build.
//!
//! With the `reload` feature, in a build with debug assertions, the derive's
//! `render_buffer` first asks its [`Reloader`]. The reloader looks at the modification
//! times of the template's files (at most once per render, no thread) and, while every
//! file holds what was compiled, lets the compiled code render. Once one differs, it loads
//! the template again with the same parser and checks, and renders the struct's fields,
//! converted to [`Value`]s, through [`Program`]. A template with a mistake gives the
//! compile-time diagnostic as a [`kiln::Error`](crate::Error); the next good save recovers.
//! What the interpreter cannot reach (a method of a Rust type, a custom filter) renders
//! with the compiled template, after one warning on standard error naming the line.
//! `KILN_RELOAD=0` in the environment turns it off.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use crate::dynamic::Value;
use crate::interp::{Failure, Program, Project};
use crate::{Buffer, ErrorKind, Result};

/// The reload state of one derived template.
pub struct Reloader {
    /// The template's name (`path = …`).
    name: &'static str,
    /// The block rendered alone (`block = …`, a `blocks = […]` view), or `""`.
    block: &'static str,
    /// The crate root the template was compiled in (`CARGO_MANIFEST_DIR`).
    root: &'static str,
    /// Each file the compiled template was made of, with its text then.
    compiled: &'static [(&'static str, &'static [u8])],
    /// The struct's fields: the names the template may use.
    fields: &'static [&'static str],
    state: Mutex<Option<State>>,
}

struct State {
    /// The files to watch, with the modification time last seen.
    watched: Vec<(PathBuf, Option<SystemTime>)>,
    mode: Option<Active>,
    /// The `NeedsRebuild` messages already printed.
    warned: HashSet<String>,
}

thread_local! {
    /// The values recorded by a compiled render running for the interpreter (see
    /// [`Recording`]); `None` when no such render runs on this thread.
    static RECORDED: std::cell::RefCell<Option<Vec<(Value, Value)>>> =
        const { std::cell::RefCell::new(None) };
}

/// A compiled render run to learn what only Rust can compute: while it lasts, the
/// calls of the struct's methods without arguments (`self.total()`, `user.name()` on a
/// field) that the compiled template makes record their values, under keys the
/// interpreter looks up (`total()`, `user.name()`). The reload hook does not reload
/// inside it.
pub struct Recording(());

impl Recording {
    /// Starts recording on this thread.
    pub fn start() -> Self {
        RECORDED.with(|r| *r.borrow_mut() = Some(Vec::new()));
        Recording(())
    }

    /// The values recorded, as map entries; recording stops.
    pub fn finish(self) -> Vec<(Value, Value)> {
        RECORDED.with(|r| r.borrow_mut().take()).unwrap_or_default()
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        RECORDED.with(|r| r.borrow_mut().take());
    }
}

/// Whether a [`Recording`] runs on this thread.
pub fn recording() -> bool {
    RECORDED.with(|r| r.borrow().is_some())
}

/// Records `value` under `key`, if a [`Recording`] runs.
pub fn record(key: &'static str, value: Value) {
    RECORDED.with(|r| {
        if let Some(recorded) = r.borrow_mut().as_mut() {
            recorded.push((Value::str(key), value));
        }
    });
}

/// How a changed template renders: what [`Reloader::active`] returns.
#[derive(Clone)]
pub enum Active {
    /// The interpreter renders the template as it is on disk now.
    Interpreted(Arc<Program>),
    /// The template has mistakes: the diagnostics, as the compiler prints them.
    Broken(Arc<str>),
}

impl Active {
    /// Whether the interpreter renders (and so needs the struct's values).
    pub fn is_interpreted(&self) -> bool {
        matches!(self, Active::Interpreted(_))
    }
}

impl Reloader {
    /// The reloader of template `name` (its `block`, unless `""`) with `fields`, compiled
    /// in crate `root` from `compiled`.
    pub const fn new(
        name: &'static str,
        block: &'static str,
        root: &'static str,
        compiled: &'static [(&'static str, &'static [u8])],
        fields: &'static [&'static str],
    ) -> Self {
        Reloader {
            name,
            block,
            root,
            compiled,
            fields,
            state: Mutex::new(None),
        }
    }

    /// How the template renders now: `None` while its files hold what was compiled (the
    /// compiled code renders), else the interpreter or the template's mistakes.
    ///
    /// RATIONALE: two calls, not one with a closure for the fields, so the generated
    /// `render_buffer` gains no closure: rustc names the items in a closure by its
    /// position (`{closure#0}`), which compile-error messages show.
    pub fn active(&self) -> Option<Active> {
        if recording() || std::env::var_os("KILN_RELOAD").is_some_and(|v| v == "0") {
            return None;
        }
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let state = guard.get_or_insert_with(|| State {
            watched: self.compiled_paths(),
            mode: None,
            warned: HashSet::new(),
        });
        if state.changed() {
            state.mode = self.reload(state);
        }
        state.mode.clone()
    }

    /// Renders the changed template with the struct's fields, `data`, into `out`; `None`
    /// when it needs what only the compiled template has (after one warning).
    pub fn render(&self, active: &Active, out: &mut Buffer, data: &Value) -> Option<Result<()>> {
        match active {
            Active::Broken(diagnostics) => {
                Some(Err(ErrorKind::Template(diagnostics.to_string()).into()))
            }
            Active::Interpreted(program) => match program.try_render(data) {
                Ok(text) => {
                    out.push_str(&text);
                    Some(Ok(()))
                }
                Err(Failure::Error(error)) => Some(Err(error)),
                Err(Failure::NeedsRebuild(what)) => {
                    let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                    let first = guard
                        .as_mut()
                        .is_none_or(|state| state.warned.insert(what.clone()));
                    if first {
                        eprintln!(
                            "kiln: `{}` changed, but {what}; showing the compiled template",
                            self.name
                        );
                    }
                    None
                }
            },
        }
    }

    /// The compiled files, not yet seen: the first render looks at each once.
    fn compiled_paths(&self) -> Vec<(PathBuf, Option<SystemTime>)> {
        self.compiled
            .iter()
            .map(|(path, _)| (PathBuf::from(path), None))
            .collect()
    }

    /// What renders now that a file changed.
    fn reload(&self, state: &mut State) -> Option<Active> {
        if self.unchanged() {
            state.watched = self
                .compiled
                .iter()
                .map(|(path, _)| (PathBuf::from(path), modified(Path::new(path))))
                .collect();
            return None;
        }
        let mut project = match Project::open(Path::new(self.root)) {
            Ok(project) => project,
            Err(error) => return Some(Active::Broken(Arc::from(error.to_string()))),
        };
        let fields: Vec<&str> = self
            .fields
            .iter()
            .map(|f| f.trim_start_matches("r#"))
            .collect();
        let block = Some(self.block).filter(|b| !b.is_empty());
        let loaded = Program::load_for_struct(&mut project, self.name, block, &fields);
        // Watch every file read, so a new include or parent is seen too.
        let mut watched: Vec<(PathBuf, Option<SystemTime>)> = project
            .files()
            .paths()
            .map(|p| (p.to_path_buf(), modified(p)))
            .collect();
        for (path, _) in self.compiled {
            if !watched.iter().any(|(p, _)| p == Path::new(path)) {
                watched.push((PathBuf::from(path), modified(Path::new(path))));
            }
        }
        state.watched = watched;
        Some(match loaded {
            Ok(program) => Active::Interpreted(Arc::new(program)),
            Err(diagnostics) => Active::Broken(Arc::from(diagnostics.join("\n\n"))),
        })
    }

    /// Whether every compiled file still holds what was compiled.
    fn unchanged(&self) -> bool {
        self.compiled
            .iter()
            .all(|(path, text)| std::fs::read(path).is_ok_and(|now| now == *text))
    }
}

impl State {
    /// Whether a watched file's modification time moved since it was last seen.
    fn changed(&mut self) -> bool {
        let mut changed = false;
        for (path, seen) in &mut self.watched {
            let now = modified(path);
            if now != *seen {
                *seen = now;
                changed = true;
            }
        }
        changed
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl std::fmt::Debug for Reloader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reloader")
            .field("name", &self.name)
            .finish()
    }
}
