//! The one binder: matches a call's positional and keyword arguments to the parameters of
//! a filter, a test, a macro, `caller` or a global, with one set of messages for all.

use crate::ast::{Args, SExpr};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// What is called, for messages: "filter `truncate`", "macro `card`".
#[derive(Clone, Copy)]
pub(super) struct Callee<'a> {
    /// `filter`, `test`, `macro`, `caller`.
    pub what: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its signature, as the help of every message shows it: `truncate(length=255, …)`.
    pub signature: &'a str,
    /// More help after the signature (`: write \`x is divisibleby(…)\``), or empty.
    pub hint: &'a str,
    /// Where a missing argument is reported: the call, or the test's name.
    pub span: Span,
}

/// One parameter: its name and whether it has a default.
#[derive(Clone, Copy)]
pub(super) struct Param<'a> {
    pub name: &'a str,
    pub required: bool,
}

/// For each parameter, the argument given for it (`None`: not given, so its default), and
/// each argument's index (positional ones first, then keywords in order).
pub(super) type Bound<'e> = Vec<Option<(usize, &'e SExpr)>>;

/// Binds `args` to `params`. Too many positional arguments, an unknown or repeated keyword,
/// and a missing required argument are errors.
pub(super) fn bind<'e>(
    callee: Callee<'_>,
    params: &[Param<'_>],
    args: &'e Args,
) -> Result<Bound<'e>, Diagnostic> {
    let help = || format!("the signature is `{}`{}", callee.signature, callee.hint);
    if let Some(extra) = args.positional.get(params.len()) {
        let at_most = if params.iter().all(|p| p.required) {
            ""
        } else {
            "at most "
        };
        let takes = match params.len() {
            0 => "no arguments".to_owned(),
            1 => format!("{at_most}1 argument"),
            n => format!("{at_most}{n} arguments"),
        };
        return Err(Diagnostic::new(
            format!(
                "{} `{}` takes {takes}, but {} were given",
                callee.what,
                callee.name,
                args.positional.len()
            ),
            extra.span,
        )
        .with_help(help()));
    }
    for (i, (keyword, _)) in args.keyword.iter().enumerate() {
        match params.iter().position(|p| p.name == keyword.node) {
            None => {
                return Err(Diagnostic::new(
                    format!(
                        "{} `{}` has no parameter `{}`",
                        callee.what, callee.name, keyword.node
                    ),
                    keyword.span,
                )
                .suggest(&keyword.node, params.iter().map(|p| p.name))
                .or_help(help()))
            }
            Some(p)
                if p < args.positional.len()
                    || args.keyword[..i]
                        .iter()
                        .any(|(k, _)| k.node == keyword.node) =>
            {
                return Err(Diagnostic::new(
                    format!("argument `{}` is given twice", keyword.node),
                    keyword.span,
                ))
            }
            Some(_) => {}
        }
    }
    params
        .iter()
        .enumerate()
        .map(|(i, param)| {
            let given = match args.positional.get(i) {
                Some(arg) => Some((i, arg)),
                None => args
                    .keyword
                    .iter()
                    .position(|(k, _)| k.node == param.name)
                    .map(|k| (args.positional.len() + k, &args.keyword[k].1)),
            };
            if given.is_none() && param.required {
                return Err(Diagnostic::new(
                    format!(
                        "{} `{}` needs the argument `{}`",
                        callee.what, callee.name, param.name
                    ),
                    callee.span,
                )
                .with_help(help()));
            }
            Ok(given)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Spanned};

    fn span() -> Span {
        Span::new(FileId(0), 0, 1)
    }

    fn args(positional: usize, keyword: &[&str]) -> Args {
        let value = || Spanned::new(crate::ast::Expr::Int(1), span());
        Args {
            positional: (0..positional).map(|_| value()).collect(),
            keyword: keyword
                .iter()
                .map(|k| (Spanned::new((*k).to_owned(), span()), value()))
                .collect(),
        }
    }

    fn check(positional: usize, keyword: &[&str]) -> Result<Vec<Option<usize>>, String> {
        let params = [
            Param {
                name: "a",
                required: true,
            },
            Param {
                name: "b",
                required: false,
            },
        ];
        let callee = Callee {
            what: "macro",
            name: "m",
            signature: "m(a, b=1)",
            hint: "",
            span: span(),
        };
        let args = args(positional, keyword);
        bind(callee, &params, &args)
            .map(|bound| bound.iter().map(|b| b.map(|(i, _)| i)).collect())
            .map_err(|d| d.message)
    }

    #[test]
    fn binds_positional_then_keywords_with_defaults() {
        assert_eq!(check(1, &[]), Ok(vec![Some(0), None]));
        assert_eq!(check(2, &[]), Ok(vec![Some(0), Some(1)]));
        assert_eq!(check(0, &["b", "a"]), Ok(vec![Some(1), Some(0)]));
        assert_eq!(check(1, &["b"]), Ok(vec![Some(0), Some(1)]));
    }

    #[test]
    fn every_mistake_has_one_message() {
        assert_eq!(
            check(3, &[]),
            Err("macro `m` takes at most 2 arguments, but 3 were given".into())
        );
        assert_eq!(
            check(1, &["c"]),
            Err("macro `m` has no parameter `c`".into())
        );
        assert_eq!(check(1, &["a"]), Err("argument `a` is given twice".into()));
        assert_eq!(
            check(0, &["b", "b"]),
            Err("argument `b` is given twice".into())
        );
        assert_eq!(
            check(0, &["b"]),
            Err("macro `m` needs the argument `a`".into())
        );
    }
}
