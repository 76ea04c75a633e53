//! Name checks: every variable must be a local or a field of the template struct.
//!
//! The checks run while names are resolved for code generation, so they use exactly the
//! scopes the generated code has; they record their errors and let generation go on, so
//! one build reports every unknown name.

use crate::diagnostic::Diagnostic;
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
            Some(line) => Diagnostic::new(format!("`{name}` is not defined here"), span).with_help(
                format!("it is defined on line {line}, inside a block that has ended"),
            ),
            None => {
                let in_scope = self.names_in_scope();
                let diagnostic = Diagnostic::new(format!("unknown variable `{name}`"), span)
                    .suggest(name, in_scope.iter().map(String::as_str));
                if in_scope.is_empty() {
                    diagnostic
                        .or_help("the template struct has no fields and no variables are set here")
                } else {
                    let mut listed: Vec<&str> =
                        in_scope.iter().take(LISTED).map(String::as_str).collect();
                    if in_scope.len() > LISTED {
                        listed.push("…");
                    }
                    diagnostic.or_help(format!("the names here are: {}", listed.join(", ")))
                }
            }
        };
        self.errors.push(diagnostic);
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
