//! Name checks: every variable must be a local or a field of the template struct.
//!
//! The checks run while names are resolved for code generation, so they use exactly the
//! scopes the generated code has; they record their errors and let generation go on, so
//! one build reports every unknown name.

use crate::diagnostic::{backticked, Diagnostic};
use crate::source::Span;

use super::Generator;

/// How many names to list when nothing is close to a misspelled one.
const LISTED: usize = 12;

impl Generator<'_> {
    /// Checks a name that is not a local: it must be a field of the struct.
    pub(super) fn check_field(&mut self, name: &str, span: Span) {
        let Some(fields) = self.options.fields else {
            return;
        };
        if fields.iter().any(|f| f == name) {
            return;
        }
        let diagnostic = match self.ended.get(name) {
            Some(&bound) => Diagnostic::new(format!("`{name}` is not defined here"), span)
                .with_help(self.ended_help(name, bound)),
            None => {
                let in_scope = self.names_in_scope();
                let diagnostic = Diagnostic::new(format!("unknown variable `{name}`"), span)
                    .suggest(name, in_scope.iter().map(String::as_str));
                let mut listed: Vec<&str> =
                    in_scope.iter().take(LISTED).map(String::as_str).collect();
                if in_scope.len() > LISTED {
                    listed.push("…");
                }
                let in_scope = if listed.is_empty() {
                    "no names are in scope here".to_owned()
                } else {
                    format!("the names in scope here are {}", backticked(&listed))
                };
                diagnostic.or_help(format!(
                    "{in_scope}; to use `{name}`, add a field `{name}` to {}",
                    self.options.owner
                ))
            }
        };
        self.errors.push(diagnostic);
    }

    /// Where a name used after its scope came from: "set by the `for` on line 3 …".
    fn ended_help(&self, name: &str, bound: Span) -> String {
        let (line, _) = self.options.files.line_col(bound.file, bound.start);
        let text = &self.options.files.get(bound.file).text;
        // The keyword of the tag the name is in: the first word after the last `{%`.
        let keyword = text
            .get(..bound.start as usize)
            .and_then(|before| before.rfind("{%").map(|at| &before[at + 2..]))
            .map(|tag| tag.trim_start_matches(['-', '+']).trim_start())
            .and_then(|tag| tag.split(|c: char| !c.is_ascii_alphanumeric()).next())
            .unwrap_or("");
        match keyword {
            "for" | "macro" | "call" => format!(
                "`{name}` is set by the `{keyword}` on line {line} and is not visible after its \
                 `end{keyword}`"
            ),
            _ => format!(
                "`{name}` is set on line {line}, inside a `for`, `macro` or `call` body that \
                 has ended; Jinja's `set` in such a body is not visible after it"
            ),
        }
    }

    /// Locals (innermost first), `loop` inside a loop, then the struct's fields.
    fn names_in_scope(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for scope in self.scopes.iter().rev() {
            let mut local: Vec<&String> = scope
                .names
                .keys()
                .filter(|n| !n.starts_with("__kiln"))
                .collect();
            local.sort();
            names.extend(local.into_iter().cloned());
        }
        if !self.loops.is_empty() {
            names.push("loop".to_owned());
        }
        names.extend(self.options.fields.unwrap_or_default().iter().cloned());
        names.dedup();
        names
    }
}
