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
use crate::interp::{Config, Failure, Program, Project, TemplateArgs};
use crate::{Buffer, ErrorKind, Result};

/// What the derive knows of a template, for its [`Reloader`].
#[derive(Debug)]
pub struct Source {
    /// The template's name (`path = …`).
    pub name: &'static str,
    /// The block rendered alone (`block = …`, a `blocks = […]` view), or `""`.
    pub block: &'static str,
    /// `escape = …`, or `""`.
    pub escape: &'static str,
    /// The template's own whitespace options (`trim_blocks = true`, …).
    pub flags: &'static [(&'static str, bool)],
    /// The crate root the template was compiled in (`CARGO_MANIFEST_DIR`).
    pub root: &'static str,
    /// Each file the compiled template was made of, with its text then.
    pub compiled: &'static [(&'static str, &'static [u8])],
    /// The struct's fields: the names the template may use.
    pub fields: &'static [&'static str],
}

/// The reload state of one derived template.
pub struct Reloader {
    source: Source,
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

/// What `KILN_RELOAD` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Reload changed templates (unset, or any other value).
    On,
    /// `0`: never reload.
    Off,
    /// `verify`: interpret every render too, and fail one whose bytes differ from the
    /// compiled template's (how the test suite checks the interpreter).
    Verify,
}

impl Mode {
    fn from_env() -> Self {
        match std::env::var_os("KILN_RELOAD") {
            Some(v) if v == "0" => Mode::Off,
            Some(v) if v == "verify" => Mode::Verify,
            _ => Mode::On,
        }
    }
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
    /// The reloader of the template `source` describes.
    pub const fn new(source: Source) -> Self {
        Reloader {
            source,
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
        let mode = Mode::from_env();
        if recording() || mode == Mode::Off {
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
        if mode == Mode::Verify && state.mode.is_none() {
            // Checking the interpreter: it renders the unchanged template too.
            state.mode = Some(self.load(state));
        }
        state.mode.clone()
    }

    /// Renders the changed template with the struct's fields, `data`, into `out`; `None`
    /// when it needs what only the compiled template has (after one warning).
    /// `compiled` is the compiled render the hook ran to record the struct's methods:
    /// with `KILN_RELOAD=verify`, the interpreter's output must equal it.
    pub fn render(
        &self,
        active: &Active,
        out: &mut Buffer,
        data: &Value,
        compiled: (&Result<()>, &Buffer),
    ) -> Option<Result<()>> {
        let program = match active {
            Active::Broken(diagnostics) => {
                return Some(Err(ErrorKind::Template(diagnostics.to_string()).into()))
            }
            Active::Interpreted(program) => program,
        };
        let interpreted = program.try_render(data);
        if Mode::from_env() == Mode::Verify {
            return self.verify(interpreted, compiled);
        }
        match interpreted {
            Ok(text) => {
                out.push_str(&text);
                Some(Ok(()))
            }
            Err(Failure::Error(error)) => Some(Err(error)),
            Err(Failure::NeedsRebuild(what)) => {
                self.warn_once(&format!(
                    "`{}` changed, but {what}; showing the compiled template",
                    self.source.name
                ));
                None
            }
        }
    }

    /// Prints `kiln: {message}` on standard error, once per message.
    fn warn_once(&self, message: &str) {
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let first = guard
            .as_mut()
            .is_none_or(|state| state.warned.insert(message.to_owned()));
        if first {
            eprintln!("kiln: {message}");
        }
    }

    /// `KILN_RELOAD=verify`: the compiled template renders, and a render of the
    /// interpreter that gives other bytes (or fails where the compiled one did not) is an
    /// error. What the interpreter cannot reach, and compiled renders that fail, are left
    /// to the compiled template.
    fn verify(
        &self,
        interpreted: std::result::Result<String, Failure>,
        (compiled, compiled_text): (&Result<()>, &Buffer),
    ) -> Option<Result<()>> {
        if compiled.is_err() {
            return None;
        }
        let differs = match interpreted {
            Ok(text) if text == compiled_text.as_str() => return None,
            Err(Failure::NeedsRebuild(what)) => {
                self.warn_once(&format!("`{}` not checked: {what}", self.source.name));
                return None;
            }
            Ok(text) => format!(
                "the interpreter wrote other bytes\n--- compiled\n{}\n--- interpreted\n{text}",
                compiled_text.as_str()
            ),
            Err(Failure::Error(error)) => {
                format!("the interpreter failed where the compiled template did not: {error}")
            }
        };
        Some(Err(crate::Error::custom(format!(
            "KILN_RELOAD=verify: `{}`{}: {differs}",
            self.source.name,
            if self.source.block.is_empty() {
                String::new()
            } else {
                format!(" (block `{}`)", self.source.block)
            }
        ))))
    }

    /// The compiled files, not yet seen: the first render looks at each once.
    fn compiled_paths(&self) -> Vec<(PathBuf, Option<SystemTime>)> {
        self.source
            .compiled
            .iter()
            .map(|(path, _)| (PathBuf::from(path), None))
            .collect()
    }

    /// What renders now that a file changed.
    fn reload(&self, state: &mut State) -> Option<Active> {
        if self.unchanged() {
            state.watched = self
                .source
                .compiled
                .iter()
                .map(|(path, _)| (PathBuf::from(path), modified(Path::new(path))))
                .collect();
            return None;
        }
        Some(self.load(state))
    }

    /// The template as it is on disk, checked and ready to interpret; the files it read
    /// are watched from now on.
    fn load(&self, state: &mut State) -> Active {
        let config = match Config::load(Path::new(self.source.root)) {
            Ok(config) => config,
            Err(error) => return Active::Broken(Arc::from(error.to_string())),
        };
        let args = TemplateArgs::for_struct(
            self.source.name,
            Some(self.source.block).filter(|b| !b.is_empty()),
            Some(self.source.escape).filter(|e| !e.is_empty()),
            self.source.flags,
        );
        let mut project = Project::for_template(config, &args);
        let fields: Vec<&str> = self
            .source
            .fields
            .iter()
            .map(|f| f.trim_start_matches("r#"))
            .collect();
        let loaded = Program::load_for_struct(&mut project, &args, &fields);
        // Watch every file read, so a new include or parent is seen too.
        let mut watched: Vec<(PathBuf, Option<SystemTime>)> = project
            .files()
            .paths()
            .map(|p| (p.to_path_buf(), modified(p)))
            .collect();
        for (path, _) in self.source.compiled {
            if !watched.iter().any(|(p, _)| p == Path::new(path)) {
                watched.push((PathBuf::from(path), modified(Path::new(path))));
            }
        }
        state.watched = watched;
        match loaded {
            Ok(program) => Active::Interpreted(Arc::new(program)),
            Err(diagnostics) => Active::Broken(Arc::from(diagnostics.join("\n\n"))),
        }
    }

    /// Whether every compiled file still holds what was compiled.
    fn unchanged(&self) -> bool {
        self.source
            .compiled
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
            .field("name", &self.source.name)
            .finish()
    }
}
