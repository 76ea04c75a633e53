//! Scopes: which local each name means where it is used, and the messages for names that
//! mean nothing there.

use std::collections::HashMap;

use crate::checked::{Binding, BindingId, BindingKind};
use crate::diagnostic::{backticked, Diagnostic};
use crate::source::{FileId, Files, Span};

/// How many names an "unknown variable" message lists when nothing is close.
const LISTED: usize = 12;

/// The names bound in one Rust block, in the order they were bound.
#[derive(Clone, Debug, Default)]
pub(super) struct Scope {
    names: Vec<(String, BindingId)>,
    /// The names the `if`s being checked in this scope set, with the binding a `set` in
    /// their branches assigns (Jinja's `if` has no scope of its own).
    pub hoisted: HashMap<String, BindingId>,
    /// Hidden bindings that keep the temporary values those `set`s assign, for the
    /// outermost of those `if`s to declare.
    pub keeps: Vec<BindingId>,
}

/// Every local binding, and the scopes that make them visible.
#[derive(Debug, Default)]
pub(super) struct Scopes {
    /// Every binding made so far, indexed by `BindingId`.
    pub bindings: Vec<Binding>,
    /// The visible scopes, innermost last.
    pub stack: Vec<Scope>,
    /// Names whose scope has ended, with their binding, for a better message than
    /// "unknown" when one is used afterwards.
    ended: HashMap<String, BindingId>,
    /// Bindings declared by an `if` that not every path sets: `Maybe`s.
    pub maybe: std::collections::HashSet<BindingId>,
    /// The files whose top-level scope is open, with that scope's index in `stack`.
    pub files: Vec<(FileId, usize)>,
    /// The places that call the macros being checked, innermost call last: a macro's
    /// body reads only their top-level variables.
    calls: Vec<CallSite>,
}

/// The scopes of a place that calls a macro, set aside while the macro's body is checked.
#[derive(Debug)]
struct CallSite {
    stack: Vec<Scope>,
    /// The files whose top-level scope is open there, with its index in `stack`.
    files: Vec<(FileId, usize)>,
}

impl Scopes {
    /// Scopes with one empty scope.
    pub fn new() -> Self {
        Self {
            stack: vec![Scope::default()],
            ..Self::default()
        }
    }

    /// Binds `name` in the innermost scope.
    pub fn bind(&mut self, name: &str, kind: BindingKind, span: Span, safe: bool) -> BindingId {
        let id = BindingId(u32::try_from(self.bindings.len()).unwrap_or(u32::MAX));
        self.bindings.push(Binding {
            name: name.to_owned(),
            kind,
            span,
            safe,
            reassigned: false,
        });
        if let Some(scope) = self.stack.last_mut() {
            scope.names.push((name.to_owned(), id));
        }
        id
    }

    /// Marks binding `id` as holding safe markup (or not).
    pub fn set_safe(&mut self, id: BindingId, safe: bool) {
        if let Some(binding) = self.bindings.get_mut(id.0 as usize) {
            binding.safe = safe;
        }
    }

    /// The binding `id`.
    pub fn get(&self, id: BindingId) -> &Binding {
        &self.bindings[id.0 as usize]
    }

    /// The binding of `name` in the innermost scope, if it is bound there.
    pub fn lookup_innermost(&self, name: &str) -> Option<BindingId> {
        self.stack.last().and_then(|scope| {
            scope
                .names
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, id)| *id)
        })
    }

    /// Marks binding `id` as set again by an `if` after its `set`.
    pub fn set_reassigned(&mut self, id: BindingId) {
        if let Some(binding) = self.bindings.get_mut(id.0 as usize) {
            binding.reassigned = true;
        }
    }

    /// The innermost binding of `name`.
    pub fn lookup(&self, name: &str) -> Option<BindingId> {
        self.stack.iter().rev().find_map(|scope| {
            scope
                .names
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, id)| *id)
        })
    }

    /// Ends the innermost scope, remembering its names for messages.
    pub fn end_scope(&mut self) {
        if let Some(scope) = self.stack.pop() {
            for (name, id) in scope.names {
                self.ended.entry(name).or_insert(id);
            }
        }
    }

    /// Starts a macro's body, which sees only its own names (and the struct's fields), not
    /// those of the place that calls it.
    pub fn enter_macro(&mut self) {
        let stack = std::mem::replace(&mut self.stack, vec![Scope::default()]);
        let files = std::mem::take(&mut self.files);
        self.calls.push(CallSite { stack, files });
    }

    /// Ends a macro's body: the calling place's names are visible again.
    pub fn leave_macro(&mut self) {
        if let Some(CallSite { stack, files }) = self.calls.pop() {
            self.stack = stack;
            self.files = files;
        }
    }

    /// The binding of `name` at the top level of `file` where the outermost macro being
    /// checked is called (or here, outside macros): what Jinja2's macro, defined at the
    /// top level of `file`, reads for a name it does not bind itself. A template's top
    /// level is the outermost scope of its file; an extending template's top-level `set`s
    /// run before its parent, in the render's root scope.
    pub fn top_level(&self, name: &str, file: FileId) -> Option<BindingId> {
        let (stack, files) = match self.calls.first() {
            Some(call) => (&call.stack, &call.files),
            None => (&self.stack, &self.files),
        };
        let find = |scope: &Scope| {
            scope
                .names
                .iter()
                .rev()
                .find(|(n, id)| {
                    n == name && !n.starts_with("__kiln") && self.get(*id).span.file == file
                })
                .map(|(_, id)| *id)
        };
        let root = stack.first().and_then(find);
        root.or_else(|| {
            let &(_, index) = files.iter().find(|(f, _)| *f == file)?;
            stack.get(index).and_then(find)
        })
    }

    /// Whether `name` is bound where the innermost macro being checked is called.
    fn bound_at_call(&self, name: &str) -> bool {
        self.calls.last().is_some_and(|call| {
            call.stack
                .iter()
                .any(|scope| scope.names.iter().any(|(n, _)| n == name))
        })
    }

    /// Visible names, innermost first, without the compiler's own (`__kiln…`).
    pub fn visible(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for scope in self.stack.iter().rev() {
            let mut local: Vec<&String> = scope
                .names
                .iter()
                .map(|(n, _)| n)
                .filter(|n| !n.starts_with("__kiln"))
                .collect();
            local.sort();
            local.dedup();
            names.extend(local.into_iter().cloned());
        }
        names
    }

    /// The error for `name`, which is neither a local nor a field: "not defined here" for a
    /// name whose scope ended, else "unknown variable" with a did-you-mean among
    /// `in_scope` (locals, `loop`, fields).
    pub fn unknown(
        &self,
        files: &Files,
        name: &str,
        span: Span,
        in_scope: &[String],
        owner: &str,
    ) -> Diagnostic {
        if let Some(&id) = self.ended.get(name) {
            return Diagnostic::new(format!("`{name}` is not defined here"), span)
                .with_help(ended_help(files, self.get(id)));
        }
        if self.bound_at_call(name) {
            // As in Jinja2, a macro reads its template's top-level variables but not the
            // names of the place that calls it (a loop's variable there).
            return Diagnostic::new(
                format!("`{name}` is set outside this macro, which does not see it"),
                span,
            )
            .with_help(format!(
                "a macro sees its parameters, its own `set`s, its template's top-level \
                 variables and the fields of {owner}; add a parameter `{name}` to the macro \
                 and pass `{name}={name}` where it is called"
            ));
        }
        let diagnostic = Diagnostic::new(format!("unknown variable `{name}`"), span)
            .suggest(name, in_scope.iter().map(String::as_str));
        let mut listed: Vec<&str> = in_scope.iter().take(LISTED).map(String::as_str).collect();
        if in_scope.len() > LISTED {
            listed.push("…");
        }
        let in_scope = if listed.is_empty() {
            "no names are in scope here".to_owned()
        } else {
            format!("the names in scope here are {}", backticked(&listed))
        };
        if owner == crate::check::DATA_OWNER {
            // Data from JSON (`kiln render`): a missing key is what makes a value optional.
            return diagnostic.or_help(format!(
                "{in_scope}; to use `{name}`, give the data a `{name}` entry (where it may be \
                 missing, test `{name} is defined` or write `{name}|default(…)`)"
            ));
        }
        diagnostic.or_help(format!(
            "{in_scope}; to use `{name}`, add a field `{name}` to {owner} (an `Option` if it \
             may be missing: then `{name} is defined` and `{name}|default(…)` work)"
        ))
    }
}

/// Where a name used after its scope came from: "set by the `for` on line 3 …".
fn ended_help(files: &Files, binding: &Binding) -> String {
    let (line, _) = files.line_col(binding.span.file, binding.span.start);
    let name = &binding.name;
    match binding.kind {
        BindingKind::LoopVar
        | BindingKind::MacroParam
        | BindingKind::CallerParam
        | BindingKind::With => {
            let tag = binding.kind.tag();
            format!(
                "`{name}` is set by the `{tag}` on line {line} and is not visible after its \
                 `end{tag}`"
            )
        }
        BindingKind::Set | BindingKind::Capture | BindingKind::Item => format!(
            "`{name}` is set on line {line}, inside a `for`, `macro` or `call` body that \
             has ended; Jinja's `set` in such a body is not visible after it"
        ),
    }
}
