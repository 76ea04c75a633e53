//! Errors about templates, rendered the way rustc renders its own.

use std::fmt::Write as _;

use crate::source::{line_col, line_text, Files, Span};

/// A problem in a template or in the `#[template]` attribute.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// What is wrong, lowercase, code in backticks.
    pub message: String,
    /// Where, if in a template.
    pub span: Option<Span>,
    /// A hint: `did you mean …?`, or what would be valid.
    pub help: Option<String>,
    /// Where the error surfaces in the Rust source: on the attribute's literal or the ident.
    pub rust_span: Option<proc_macro2::Span>,
}

impl Diagnostic {
    /// An error at a place in a template.
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            message: message.into(),
            span: Some(span),
            help: None,
            rust_span: None,
        }
    }

    /// An error that is not about one place in a template (attribute, config).
    pub fn spanless(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            span: None,
            help: None,
            rust_span: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a `did you mean` hint if one of `candidates` is close to `name`.
    pub fn suggest<'a>(self, name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match did_you_mean(name, candidates) {
            Some(best) => self.with_help(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    /// Adds a hint unless there is one already (a did-you-mean is more useful than a list).
    pub fn or_help(self, help: impl Into<String>) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }

    /// Points the Rust-side error at `span`.
    pub fn at_rust(mut self, span: proc_macro2::Span) -> Self {
        self.rust_span.get_or_insert(span);
        self
    }

    /// `path:line:col: message`, the source line with a caret under the span, and the help.
    pub fn render(&self, files: &Files) -> String {
        let mut out = String::new();
        match self.span {
            Some(span) => {
                let file = files.get(span.file);
                let (line, col) = line_col(&file.text, span.start as usize);
                let _ = writeln!(out, "{}:{line}:{col}: {}", file.display, self.message);
                let source_line = line_text(&file.text, span.start as usize);
                let gutter = " ".repeat(line.to_string().len());
                let width = {
                    let (end_line, end_col) = line_col(&file.text, span.end as usize);
                    if end_line == line && end_col > col {
                        end_col - col
                    } else {
                        1
                    }
                };
                let _ = writeln!(out, "{gutter} |");
                let _ = writeln!(out, "{line} | {source_line}");
                let pad: String = source_line
                    .chars()
                    .take(col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = write!(out, "{gutter} | {pad}{}", "^".repeat(width));
            }
            None => out.push_str(&self.message),
        }
        if let Some(help) = &self.help {
            let _ = write!(out, "\n  = help: {help}");
        }
        out
    }
}

/// The message and the hint; [`Diagnostic::render`] adds the place, which needs the files.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Names in backticks, joined as in prose: "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub(crate) fn backticked<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|n| match n.as_ref() {
            "…" => "…".to_owned(),
            n => format!("`{n}`"),
        })
        .collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        // Among equally close names, the one that starts like the typo: `fo` is `for`,
        // not `do`.
        .min_by_key(|(d, c)| (*d, std::cmp::Reverse(common_prefix(name, c)), *c))
        .map(|(_, c)| c)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn renders_path_line_col_snippet_caret_and_help() {
        let mut files = Files::default();
        let id = files.add(
            "templates/page.html".into(),
            None,
            Arc::from("<h1>\n  {{ titel }}</h1>\n"),
        );
        let diag = Diagnostic::new("unknown variable `titel`", Span::new(id, 10, 15))
            .suggest("titel", ["title", "body"]);
        assert_eq!(
            diag.render(&files),
            "templates/page.html:2:6: unknown variable `titel`\n  |\n2 |   {{ titel }}</h1>\n  |      ^^^^^\n  = help: did you mean `title`?"
        );
    }

    #[test]
    fn suggestions_need_to_be_close() {
        assert_eq!(did_you_mean("uper", ["upper", "lower"]), Some("upper"));
        assert_eq!(did_you_mean("xyz", ["upper", "lower"]), None);
    }
}
