//! The interpreter: a checked template rendered with [`Value`]s, for hot reload and
//! `kiln render`.
//!
//! It walks the tree the derive compiles ([`kiln_engine::checked`]), after the same
//! parser, resolution and checks, and prints, tests, compares and filters through the
//! runtime functions the compiled code calls, so both write the same bytes. Where a
//! compiled template would have used something only Rust has (a method of the user's
//! type, a Rust path, a custom filter or escaper), rendering fails with an [`Error`] that
//! says so, located at the expression.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use kiln::dynamic::Value;
//! let dir = std::env::temp_dir().join(format!("kiln-interp-doc-{}", std::process::id()));
//! std::fs::create_dir_all(dir.join("templates"))?;
//! std::fs::write(dir.join("templates/hello.html"), "Hello {{ name|upper }}!")?;
//! let mut project = kiln::interp::Project::open(&dir)?;
//! let data = Value::map([(Value::str("name"), Value::str("<you>"))]);
//! let program = kiln::interp::Program::load(&mut project, "hello.html", &data)
//!     .map_err(|errors| errors.join("\n"))?;
//! assert_eq!(program.render(&data)?, "Hello &lt;YOU&gt;!");
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(())
//! # }
//! ```

mod expr;
mod filters;
mod jinja_tests;
mod methods;
mod nodes;

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use kiln_engine::checked::{Caller, Checked, Escaping, LoopId};
use kiln_engine::source::{Files, Span};

/// A crate's templates and `kiln.toml`, as the template compiler reads them.
pub use kiln_engine::config::Config;
/// A template's `#[template(…)]` arguments, as the derive read them.
pub use kiln_engine::input::TemplateArgs;
/// The templates of a crate, loaded and checked once each.
pub use kiln_engine::project::Project;

use crate::dynamic::Value;
use crate::{Error, Result};

/// How deep macros, `caller()` and recursive loops may nest before rendering fails, so a
/// runaway recursion is an error instead of a stack overflow.
const MAX_DEPTH: usize = 200;

/// A template ready to interpret: its checked tree and the sources it came from.
#[derive(Debug)]
pub struct Program {
    checked: Checked,
    files: Files,
    escaping: Vec<Escaping>,
    root_escaping: Escaping,
}

impl Program {
    /// Loads and checks template `name` of `project` for `data`, whose keys (if it is a
    /// map) are the fields the template may use, as a struct's fields are. On failure,
    /// each diagnostic rendered as the derive renders it (`file:line:col: message`, the
    /// line, a caret and the hint).
    pub fn load(
        project: &mut Project,
        name: &str,
        data: &Value,
    ) -> std::result::Result<Self, Vec<String>> {
        let fields: Option<Vec<String>> = match data {
            Value::Map(map) => Some(
                map.iter()
                    .filter_map(|(k, _)| k.as_text().map(str::to_owned))
                    .collect(),
            ),
            _ => None,
        };
        let front = project.check_with(name, fields.as_deref());
        Self::from_front(project, front)
    }

    /// Loads and checks the template of `args` (its path, `block`, `escape` and
    /// whitespace options) as the derive does for a struct with `fields` (its hints name
    /// the struct; a filter that is no built-in is a custom one, which the interpreter
    /// then cannot run).
    pub fn load_for_struct(
        project: &mut Project,
        args: &TemplateArgs,
        fields: &[&str],
    ) -> std::result::Result<Self, Vec<String>> {
        let fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        let front = project.check_args(args, Some(&fields), "the struct", false);
        Self::from_front(project, front)
    }

    fn from_front(
        project: &Project,
        front: std::result::Result<kiln_engine::FrontEnd, Vec<kiln_engine::Error>>,
    ) -> std::result::Result<Self, Vec<String>> {
        let front = front.map_err(|errors| {
            errors
                .iter()
                .map(|e| e.render(project.files()))
                .collect::<Vec<_>>()
        })?;
        let files = project.files().clone();
        let root_escaping = front
            .escaping
            .get(front.root.index())
            .copied()
            .unwrap_or(Escaping::Text);
        Ok(Program {
            checked: front.checked,
            files,
            escaping: front.escaping,
            root_escaping,
        })
    }

    /// Renders the template with `data`: a map whose entries are the fields.
    pub fn render(&self, data: &Value) -> Result<String> {
        let mut out = String::new();
        self.render_into(data, &mut out)?;
        Ok(out)
    }

    /// Renders the template with `data` at the end of `out`.
    pub fn render_into(&self, data: &Value, out: &mut String) -> Result<()> {
        self.render_into_or_rebuild(data, out)
            .map_err(|failure| match failure {
                Failure::Error(error) => error,
                Failure::NeedsRebuild(what) => Error::eval(what),
            })
    }

    fn render_into_or_rebuild(
        &self,
        data: &Value,
        out: &mut String,
    ) -> std::result::Result<(), Failure> {
        let mut run = Run {
            program: self,
            data,
            locals: vec![Value::Undefined; self.checked.bindings.len()],
            loops: HashMap::new(),
            escaping: self.root_escaping,
            callers: Vec::new(),
            has_caller: Vec::new(),
            calling_with_caller: false,
            depth: 0,
            needs_rebuild: None,
        };
        run.nodes(&self.checked.nodes, out)
            .map(|_| ())
            .map_err(|error| match run.needs_rebuild {
                Some(what) => Failure::NeedsRebuild(what),
                None => Failure::Error(error),
            })
    }

    /// Renders like [`Program::render`], telling a failure that only a rebuild can fix
    /// (the template uses a Rust method, path, custom filter or value that the
    /// interpreter cannot reach) from an error of the template or the data.
    pub fn try_render(&self, data: &Value) -> std::result::Result<String, Failure> {
        let mut out = String::new();
        self.render_into_or_rebuild(data, &mut out)?;
        Ok(out)
    }
}

/// Why [`Program::try_render`] failed.
#[derive(Debug)]
pub enum Failure {
    /// The template uses something only Rust has; `file:line:col: what` says what.
    NeedsRebuild(String),
    /// An error of the template or the data, as the compiled template would raise it.
    Error(Error),
}

/// The state of one loop while its body runs.
#[derive(Clone, Debug)]
struct LoopState {
    index0: usize,
    length: usize,
    items: std::sync::Arc<Vec<Value>>,
    depth0: usize,
    /// The last values of each `loop.changed(…)` call, by its span.
    changed: HashMap<Span, Vec<Value>>,
}

/// One render: the locals by binding, the loops running, the escaping in force.
struct Run<'p> {
    program: &'p Program,
    data: &'p Value,
    locals: Vec<Value>,
    loops: HashMap<LoopId, LoopState>,
    escaping: Escaping,
    /// The `call` blocks whose macros are running, innermost last.
    callers: Vec<CallSite<'p>>,
    /// For each macro call running, innermost last: whether a `call` block made it.
    has_caller: Vec<bool>,
    /// Whether the next macro call is a `call` block's.
    calling_with_caller: bool,
    depth: usize,
    /// What the template needed that only the compiled template has, if it failed so.
    needs_rebuild: Option<String>,
}

/// A `call` block whose macro is running: what `caller()` renders, and the escaping and
/// loops of the place the block is written, where its body runs.
struct CallSite<'p> {
    caller: &'p Caller,
    escaping: Escaping,
    loops: HashMap<LoopId, LoopState>,
}

/// What a statement asks of the loop around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Next,
    Break,
    Continue,
}

impl Run<'_> {
    /// `file:line:col` of `span`, as the compiled template's errors say it. Error
    /// locations are `&'static str`s; each distinct one is kept for the process's life
    /// (a few bytes per template position that ever failed).
    fn location(&self, span: Span) -> &'static str {
        static LOCATIONS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        let files = &self.program.files;
        let (line, col) = files.line_col(span.file, span.start);
        let text = format!("{}:{line}:{col}", files.get(span.file).display);
        let mut known = LOCATIONS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match known.get(text.as_str()) {
            Some(location) => location,
            None => {
                let leaked: &'static str = Box::leak(text.into_boxed_str());
                known.insert(leaked);
                leaked
            }
        }
    }

    /// `result`, its error located at `span`.
    fn at<T>(&self, span: Span, result: Result<T>) -> Result<T> {
        result.map_err(|e| e.at(self.location(span)))
    }

    /// An error at `span`.
    fn fail<T>(&self, span: Span, message: impl Into<String>) -> Result<T> {
        Err(Error::eval(message).at(self.location(span)))
    }

    /// An error for what only the compiled template can do (a Rust method, path, custom
    /// filter or value): recorded, so [`Program::try_render`] can say a rebuild is needed.
    fn needs_rust<T>(&mut self, span: Span, what: impl Into<String>) -> Result<T> {
        let message = format!("{}: rebuild to see it", what.into());
        self.needs_rebuild = Some(format!("{}: {message}", self.location(span)));
        self.fail(span, message)
    }

    /// Runs `f` one level deeper, failing past [`MAX_DEPTH`].
    fn deeper<T>(&mut self, span: Span, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return self.fail(span, "macros or recursive loops nest too deeply");
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }
}
