//! The error type of rendering.

use std::fmt;

/// What went wrong while a compiled template rendered, and where in the template.
///
/// Templates are checked when they are compiled, so run-time errors come from the data: a
/// writer that fails, an arithmetic overflow, an index out of range, a filter that cannot
/// handle its input, an error of a custom filter. An error raised by an expression of the
/// template carries that expression's `file:line:col` ([`Error::location`]), and its
/// `Display` starts with it.
///
/// ```
/// use kiln::Template;
///
/// #[derive(Template)]
/// #[template(source = "{{ a // b }}", ext = "txt")]
/// struct Ratio { a: i32, b: i32 }
///
/// let err = Ratio { a: 1, b: 0 }.render().unwrap_err();
/// assert_eq!(err.location(), Some("<source>:1:4"));
/// assert_eq!(err.to_string(), "<source>:1:4: integer division or modulo by zero");
/// assert!(matches!(err.kind(), kiln::ErrorKind::Render(_)));
/// ```
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    /// `file:line:col` of the template expression that failed, once known.
    location: Option<&'static str>,
}

/// The kinds of [`Error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The `fmt::Write` target refused a write.
    Fmt,
    /// The `io::Write` target failed.
    Io(std::io::Error),
    /// An expression of the template could not be evaluated for this data.
    Render(String),
    /// A built-in filter rejected its input.
    Filter {
        /// The filter's name.
        filter: &'static str,
        /// What went wrong.
        message: String,
    },
    /// An error raised by user code: a custom filter, a method called from the template.
    Custom(Box<dyn std::error::Error + Send + Sync>),
    /// A template edited on disk has mistakes (hot reload, the `reload` feature): the
    /// diagnostics the compiler would print, each with `file:line:col`, the line, a caret
    /// and the hint.
    Template(String),
}

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error for a filter named `filter`.
    pub fn filter(filter: &'static str, message: impl Into<String>) -> Self {
        ErrorKind::Filter {
            filter,
            message: message.into(),
        }
        .into()
    }

    /// Wraps any error of user code.
    pub fn custom(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        ErrorKind::Custom(err.into()).into()
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// `file:line:col` of the template expression that failed (`templates/page.html:3:7`),
    /// for the errors an expression raised; `None` for a failing writer.
    pub fn location(&self) -> Option<&'static str> {
        self.location
    }

    /// Attaches the location of the expression that raised this error, unless it has one
    /// already (the innermost expression is the most precise). A writer's failure is not
    /// the expression's, so it stays unlocated.
    #[doc(hidden)]
    pub fn at(mut self, location: &'static str) -> Self {
        let located = matches!(
            self.kind,
            ErrorKind::Render(_) | ErrorKind::Filter { .. } | ErrorKind::Custom(_)
        );
        if located && self.location.is_none() {
            self.location = Some(location);
        }
        self
    }

    pub(crate) fn eval(message: impl Into<String>) -> Self {
        ErrorKind::Render(message.into()).into()
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error {
            kind,
            location: None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = self.location {
            write!(f, "{location}: ")?;
        }
        self.kind.fmt(f)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Fmt => f.write_str("formatting error while rendering a template"),
            ErrorKind::Io(err) => write!(f, "i/o error while rendering a template: {err}"),
            ErrorKind::Render(message) => f.write_str(message),
            ErrorKind::Filter { filter, message } => write!(f, "filter `{filter}`: {message}"),
            ErrorKind::Custom(err) => err.fmt(f),
            ErrorKind::Template(diagnostics) => f.write_str(diagnostics),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(err) => Some(err),
            ErrorKind::Custom(err) => Some(&**err),
            _ => None,
        }
    }
}

impl From<fmt::Error> for Error {
    fn from(_: fmt::Error) -> Self {
        ErrorKind::Fmt.into()
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        ErrorKind::Io(err).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_is_attached_once() {
        let err = Error::eval("division by zero").at("page.html:3:7");
        assert_eq!(err.to_string(), "page.html:3:7: division by zero");
        let err = err.at("other.html:1:1");
        assert_eq!(err.location(), Some("page.html:3:7"));
        assert_eq!(err.to_string(), "page.html:3:7: division by zero");
    }

    #[test]
    fn every_kind_an_expression_raises_is_located() {
        let err = Error::filter("int", "not a number");
        assert_eq!(err.to_string(), "filter `int`: not a number");
        let err = err.at("a.html:1:4");
        assert_eq!(err.to_string(), "a.html:1:4: filter `int`: not a number");
        assert!(matches!(
            err.kind(),
            ErrorKind::Filter { filter: "int", .. }
        ));
        let err = Error::custom("no such user").at("a.html:2:1");
        assert_eq!(err.to_string(), "a.html:2:1: no such user");
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn a_failing_writer_is_not_the_expression_s_fault() {
        let err = Error::from(fmt::Error).at("a.html:1:1");
        assert_eq!(err.location(), None);
        assert_eq!(
            err.to_string(),
            "formatting error while rendering a template"
        );
    }
}
