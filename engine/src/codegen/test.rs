//! Tests: `value is [not] name(args)` to a `bool`.
//!
//! Each test compiles to a call into `kiln::tests`. Tests that only depend on what the value
//! *is* (`defined`, `none`, `mapping`, `string`, …) call a method on `&Is(&value)` that
//! autoref specialization resolves by the value's type, so they fold to a constant (or a
//! check of an `Option`'s variant) once monomorphized. Comparison tests (`eq`, `lt`, `in`)
//! compile exactly as the operators do. Wrong arity is a compile error at the test's name.

use proc_macro2::TokenStream;
use quote::quote;

use super::Generator;
use crate::ast::{Args, BinaryOp, Expr, SExpr};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

/// How a test compiles.
#[derive(Clone, Copy)]
enum Kind {
    /// `defined`/`undefined`: through `Nullable` (an empty `Option` is undefined).
    Undefined(bool),
    /// `none`.
    None,
    /// A `kiln::tests` function of the value, that may fail (`odd`, `divisibleby`).
    Fallible(&'static str),
    /// A `kiln::tests` function of the value as a `Val`, if it has one (`number`).
    Val(&'static str),
    /// `sequence`, `iterable`, `mapping`: a field of `Shaped`.
    Shape(&'static str),
    /// A `kiln::tests` function of the value's text (`lower`, `startingwith`).
    Text(&'static str),
    /// A comparison operator.
    Compare(BinaryOp),
    /// `sameas`.
    SameAs,
    /// `escaped`.
    Escaped,
    /// `filter`, `test`: whether a built-in of that name exists, known at compile time.
    Exists(&'static str),
}

/// A test: how it compiles and the names of its parameters after the value.
struct Test {
    kind: Kind,
    params: &'static [&'static str],
}

/// Jinja2's built-in tests (and Kiln's `startingwith`, `endingwith`), by name.
fn builtin(name: &str) -> Option<Test> {
    use Kind::*;
    let (kind, params): (Kind, &'static [&'static str]) = match name {
        "defined" => (Undefined(false), &[]),
        "undefined" => (Undefined(true), &[]),
        "none" => (None, &[]),
        "odd" | "even" => (Fallible(if name == "odd" { "odd" } else { "even" }), &[]),
        "divisibleby" => (Fallible("divisibleby"), &["num"]),
        "number" => (Val("number"), &[]),
        "integer" => (Val("integer"), &[]),
        "float" => (Val("float"), &[]),
        "boolean" => (Val("boolean"), &[]),
        "string" => (Val("string"), &[]),
        "true" => (Val("true_"), &[]),
        "false" => (Val("false_"), &[]),
        "sequence" => (Shape("sequence"), &[]),
        "iterable" => (Shape("iterable"), &[]),
        "mapping" => (Shape("mapping"), &[]),
        "lower" => (Text("lower"), &[]),
        "upper" => (Text("upper"), &[]),
        "startingwith" => (Text("startingwith"), &["prefix"]),
        "endingwith" => (Text("endingwith"), &["suffix"]),
        "eq" | "equalto" | "==" => (Compare(BinaryOp::Eq), &["other"]),
        "ne" | "!=" => (Compare(BinaryOp::Ne), &["other"]),
        "lt" | "lessthan" | "<" => (Compare(BinaryOp::Lt), &["other"]),
        "le" | "<=" => (Compare(BinaryOp::Le), &["other"]),
        "gt" | "greaterthan" | ">" => (Compare(BinaryOp::Gt), &["other"]),
        "ge" | ">=" => (Compare(BinaryOp::Ge), &["other"]),
        "in" => (Compare(BinaryOp::In), &["seq"]),
        "sameas" => (SameAs, &["other"]),
        "escaped" => (Escaped, &[]),
        "filter" => (Exists("filter"), &[]),
        "test" => (Exists("test"), &[]),
        _ => return Option::None,
    };
    Some(Test { kind, params })
}

/// Every test name, for did-you-mean and `is test`.
pub(super) const TEST_NAMES: &[&str] = &[
    "boolean",
    "defined",
    "divisibleby",
    "endingwith",
    "eq",
    "equalto",
    "escaped",
    "even",
    "false",
    "filter",
    "float",
    "ge",
    "greaterthan",
    "gt",
    "in",
    "integer",
    "iterable",
    "le",
    "lessthan",
    "lower",
    "lt",
    "mapping",
    "ne",
    "none",
    "number",
    "odd",
    "sameas",
    "sequence",
    "startingwith",
    "string",
    "test",
    "true",
    "undefined",
    "upper",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
];

/// Whether `name` is a built-in test (for `is test`).
pub(super) fn is_test(name: &str) -> bool {
    builtin(name).is_some()
}

impl Generator<'_> {
    /// `value is [not] name(args)`.
    pub(super) fn test(
        &mut self,
        value: &SExpr,
        negated: bool,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        let test = self.test_value(value, &name.node, name.span, args, expr.span)?;
        Ok(if negated {
            quote! { !(#test) }
        } else {
            test
        })
    }

    /// The `bool` of `value is name(args)`; `select("odd")` and `selectattr` call it with
    /// a value of their own.
    pub(super) fn test_value(
        &mut self,
        value: &SExpr,
        name: &str,
        name_span: Span,
        args: &Args,
        span: Span,
    ) -> Result<TokenStream, Diagnostic> {
        if name == "callable" {
            return Err(
                Diagnostic::new("the `callable` test is not supported", name_span).with_help(
                    "Rust values are not called by name at run time; a method call on a value \
                     that has no such method is a compile error",
                ),
            );
        }
        let Some(test) = builtin(name) else {
            return Err(Diagnostic::new(format!("unknown test `{name}`"), name_span)
                .suggest(name, TEST_NAMES.iter().copied())
                .or_help(
                    "the tests are: defined, undefined, none, odd, even, divisibleby, \
                         number, integer, float, boolean, string, true, false, sequence, \
                         iterable, mapping, lower, upper, eq, ne, lt, le, gt, ge, in, \
                         sameas, escaped, filter, test, startingwith, endingwith",
                ));
        };
        let bound = bind_test_args(name, name_span, test.params, args)?;
        Ok(match test.kind {
            Kind::Undefined(undefined) => {
                let v = self.expr(value)?;
                let test = quote! {{
                    use ::kiln::tests::{NeverNone as _, ViaNullable as _};
                    (&::kiln::tests::Is(&(#v))).kiln_is_undefined()
                }};
                if undefined {
                    test
                } else {
                    quote! { !#test }
                }
            }
            Kind::None => {
                let v = self.expr(value)?;
                quote! {{
                    use ::kiln::tests::{NeverNone as _, ViaNullable as _};
                    (&::kiln::tests::Is(&(#v))).kiln_is_none()
                }}
            }
            Kind::Fallible(function) => {
                let function = quote::format_ident!("{}", function);
                let v = self.expr(value)?;
                let args = bound
                    .iter()
                    .map(|a| self.expr(a).map(|a| quote! { , &(#a) }))
                    .collect::<Result<Vec<_>, _>>()?;
                self.located(quote! { ::kiln::tests::#function(&(#v) #(#args)*) }, span)
            }
            Kind::Val(function) => {
                let function = quote::format_ident!("{}", function);
                let v = self.expr(value)?;
                quote! {{
                    use ::kiln::tests::{NoVal as _, ViaVal as _};
                    ::kiln::tests::#function((&::kiln::tests::Is(&(#v))).kiln_val())
                }}
            }
            Kind::Shape(field) => {
                let field = quote::format_ident!("{}", field);
                let v = self.expr(value)?;
                quote! {{
                    use ::kiln::tests::{NoShape as _, ViaIterable as _, ViaShape as _};
                    (&&&::kiln::tests::Is(&(#v))).kiln_shape().#field
                }}
            }
            Kind::Text(function) => {
                let function = quote::format_ident!("{}", function);
                let v = self.expr(value)?;
                let args = bound
                    .iter()
                    .map(|a| self.expr(a).map(|a| quote! { , &(#a) }))
                    .collect::<Result<Vec<_>, _>>()?;
                quote! { ::kiln::tests::#function(&(#v) #(#args)*) }
            }
            Kind::Compare(op) => {
                let other = bound.first().expect("comparison tests take one argument");
                let comparison = Spanned::new(
                    Expr::Binary(op, Box::new(value.clone()), Box::new((*other).clone())),
                    span,
                );
                self.condition(&comparison)?
            }
            Kind::SameAs => {
                let other = bound.first().expect("`sameas` takes one argument");
                let (v, other) = (self.expr(value)?, self.expr(other)?);
                quote! {{
                    use ::kiln::tests::{NoVal as _, ViaVal as _};
                    ::kiln::tests::sameas(
                        (&::kiln::tests::Is(&(#v))).kiln_val(),
                        (&::kiln::tests::Is(&(#other))).kiln_val(),
                    )
                }}
            }
            Kind::Escaped => {
                let markup_filter = matches!(
                    &value.node,
                    Expr::Filter(_, filter, _) if super::filter::returns_markup(&filter.node)
                );
                if markup_filter || self.is_safe(value) {
                    quote! { true }
                } else {
                    let v = self.expr(value)?;
                    quote! {{
                        use ::kiln::tests::{NotMarkup as _, ViaMarkup as _};
                        (&::kiln::tests::Is(&(#v))).kiln_is_markup()
                    }}
                }
            }
            Kind::Exists(what) => {
                let Expr::Str(named) = &value.node else {
                    return Err(Diagnostic::new(
                        format!("`is {what}` needs a string literal: the name is looked up at compile time"),
                        value.span,
                    ));
                };
                let exists = if what == "filter" {
                    super::filter::is_builtin_filter(named)
                } else {
                    is_test(named)
                };
                quote! { #exists }
            }
        })
    }
}

/// Matches a test's positional and keyword arguments to its parameters.
fn bind_test_args<'a>(
    name: &str,
    name_span: Span,
    params: &[&str],
    args: &'a Args,
) -> Result<Vec<&'a SExpr>, Diagnostic> {
    let usage = || {
        match params {
        [] => format!("`x is {name}` takes no arguments"),
        [param] => format!(
            "the signature is `{name}({param})`: write `x is {name}(…)`, or `x is {name} …` with one literal or name"
        ),
        _ => format!("the signature is `{name}({})`", params.join(", ")),
    }
    };
    if args.positional.len() > params.len() {
        let takes = match params.len() {
            0 => "no arguments".to_owned(),
            1 => "1 argument".to_owned(),
            n => format!("{n} arguments"),
        };
        return Err(Diagnostic::new(
            format!(
                "test `{name}` takes {takes}, but {} were given",
                args.positional.len() + args.keyword.len()
            ),
            name_span,
        )
        .with_help(usage()));
    }
    if let Some((kw, _)) = args
        .keyword
        .iter()
        .find(|(k, _)| !params.contains(&k.node.as_str()))
    {
        return Err(Diagnostic::new(
            format!("test `{name}` has no parameter `{}`", kw.node),
            kw.span,
        )
        .suggest(&kw.node, params.iter().copied())
        .or_help(usage()));
    }
    let mut bound = Vec::with_capacity(params.len());
    for (i, param) in params.iter().enumerate() {
        let keyword = args.keyword.iter().find(|(k, _)| k.node == *param);
        match (args.positional.get(i), keyword) {
            (Some(_), Some((k, _))) => {
                return Err(Diagnostic::new(
                    format!("parameter `{param}` is given twice"),
                    k.span,
                ))
            }
            (Some(arg), None) | (None, Some((_, arg))) => bound.push(arg),
            (None, None) => {
                return Err(Diagnostic::new(
                    format!("test `{name}` needs an argument `{param}`"),
                    name_span,
                )
                .with_help(usage()))
            }
        }
    }
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use crate::codegen::test_support::{assert_error, compile};

    #[test]
    fn tests_compile_to_kiln_tests_calls() {
        let out = compile("{{ n is odd }}{{ name is not defined }}{{ items is mapping }}");
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains(":: kiln :: tests :: odd"), "{out}");
        assert!(out.contains("kiln_is_undefined"), "{out}");
        assert!(out.contains("kiln_shape"), "{out}");
    }

    #[test]
    fn comparison_tests_compile_like_operators() {
        let out = compile("{{ n is eq 3 }}{{ n is in([1]) }}{{ n is greaterthan(2) }}");
        assert!(out.contains(":: ops :: eq"), "{out}");
        assert!(out.contains(":: ops :: contains"), "{out}");
        assert!(out.contains(":: ops :: gt"), "{out}");
    }

    #[test]
    fn filter_and_test_tests_are_decided_at_compile_time() {
        let out = compile("{{ 'upper' is filter }}{{ 'nope' is test }}");
        assert!(out.contains("Wrap (& (true))"), "{out}");
        assert!(out.contains("Wrap (& (false))"), "{out}");
    }

    #[test]
    fn unknown_test_suggests_a_name() {
        assert_error(
            "{{ n is od }}",
            &["<source>:1:9: unknown test `od`", "did you mean `odd`?"],
        );
    }

    #[test]
    fn wrong_arity_points_at_the_test_name() {
        assert_error(
            "{{ n is divisibleby }}",
            &[
                "<source>:1:9: test `divisibleby` needs an argument `num`",
                "the signature is `divisibleby(num)`",
            ],
        );
        assert_error(
            "{{ n is odd(2) }}",
            &["<source>:1:9: test `odd` takes no arguments, but 1 were given"],
        );
        assert_error(
            "{{ n is eq(1, 2) }}",
            &["<source>:1:9: test `eq` takes 1 argument, but 2 were given"],
        );
        assert_error(
            "{{ n is divisibleby(nm=3) }}",
            &[
                "test `divisibleby` has no parameter `nm`",
                "did you mean `num`?",
            ],
        );
        assert_error(
            "{{ n is divisibleby(3, num=3) }}",
            &["parameter `num` is given twice"],
        );
    }

    #[test]
    fn unsupported_tests_say_why() {
        assert_error(
            "{{ n is callable }}",
            &["the `callable` test is not supported"],
        );
        assert_error(
            "{{ name is filter }}",
            &["`is filter` needs a string literal"],
        );
    }
}
