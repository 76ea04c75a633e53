//! The error type of rendering.

use std::fmt;

/// What can go wrong while a compiled template renders.
///
/// Templates are checked when they are compiled, so run-time errors come from the data: a
/// writer that fails, an arithmetic overflow, an index out of range, a filter that cannot
/// handle its input.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The `fmt::Write` target refused a write.
    Fmt,
    /// The `io::Write` target failed.
    Io(std::io::Error),
    /// An expression of the template could not be evaluated for this data.
    Render {
        /// Template file (or `<source>`) and `line:col` of the expression.
        location: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A filter rejected its input.
    Filter {
        /// The filter's name, as written in the template.
        filter: &'static str,
        /// What went wrong.
        message: String,
    },
    /// An error raised by user code (a custom filter or a method called from the template).
    Custom(Box<dyn std::error::Error + Send + Sync>),
}

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error for a filter named `filter`.
    pub fn filter(filter: &'static str, message: impl Into<String>) -> Self {
        Error::Filter {
            filter,
            message: message.into(),
        }
    }

    /// Wraps any error of user code.
    pub fn custom(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Custom(err.into())
    }

    /// Attaches a template location to an evaluation error that does not have one yet.
    #[doc(hidden)]
    pub fn at(self, location: &'static str) -> Self {
        match self {
            Error::Render {
                location: "",
                message,
            } => Error::Render { location, message },
            Error::Filter { filter, message } => Error::Render {
                location,
                message: format!("filter `{filter}`: {message}"),
            },
            other => other,
        }
    }

    pub(crate) fn eval(message: impl Into<String>) -> Self {
        Error::Render {
            location: "",
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Fmt => f.write_str("formatting error while rendering a template"),
            Error::Io(err) => write!(f, "i/o error while rendering a template: {err}"),
            Error::Render {
                location: "",
                message,
            } => f.write_str(message),
            Error::Render { location, message } => write!(f, "{location}: {message}"),
            Error::Filter { filter, message } => write!(f, "filter `{filter}`: {message}"),
            Error::Custom(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(err) => Some(err),
            Error::Custom(err) => Some(&**err),
            _ => None,
        }
    }
}

impl From<fmt::Error> for Error {
    fn from(_: fmt::Error) -> Self {
        Error::Fmt
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::Io(err)
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
        assert_eq!(err.to_string(), "page.html:3:7: division by zero");
    }

    #[test]
    fn filter_errors_name_the_filter() {
        let err = Error::filter("int", "not a number");
        assert_eq!(err.to_string(), "filter `int`: not a number");
        assert_eq!(
            err.at("a.html:1:4").to_string(),
            "a.html:1:4: filter `int`: not a number"
        );
    }
}
