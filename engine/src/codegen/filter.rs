//! Filters: `value|name(args)` to a call of `kiln::filters::name` or the user's
//! `filters::name`, with Jinja2's parameter names and defaults filled in at compile time.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Generator;
use crate::ast::{Args, SExpr};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

/// How an argument is passed to the filter function.
#[derive(Clone, Copy)]
enum Pass {
    /// As the Rust value (numbers, `&str`).
    Value,
    /// Wrapped in `Some(…)`, for a parameter whose default is `none`.
    Some,
    /// Places borrowed, temporaries moved: for generic parameters that keep the value.
    Generic,
}

/// One parameter: its Jinja2 name, how it is passed, its default as Rust code (`None` if
/// required).
type Param = (&'static str, Pass, Option<&'static str>);

/// A built-in filter: the runtime function and its parameters after the value.
struct Builtin {
    function: &'static str,
    params: &'static [Param],
}

const NONE: &str = "::kiln::__private::core::option::Option::None";

/// Jinja2's built-in filters that Kiln implements, by name.
fn builtin(name: &str) -> Option<Builtin> {
    use Pass::{Generic, Some as Opt, Value};
    let (function, params): (&str, &'static [Param]) = match name {
        "e" | "escape" => ("escape", &[]),
        "safe" => ("safe", &[]),
        "upper" => ("upper", &[]),
        "lower" => ("lower", &[]),
        "capitalize" => ("capitalize", &[]),
        "title" => ("title", &[]),
        "trim" => ("trim", &[("chars", Opt, Some(NONE))]),
        "length" | "count" => ("length", &[]),
        "d" | "default" => (
            "default",
            &[
                ("default_value", Generic, Some("\"\"")),
                ("boolean", Value, Some("false")),
            ],
        ),
        "join" => ("join", &[("d", Value, Some("\"\""))]),
        "first" => ("first", &[]),
        "last" => ("last", &[]),
        "replace" => (
            "replace",
            &[
                ("old", Value, None),
                ("new", Value, None),
                ("count", Opt, Some(NONE)),
            ],
        ),
        "truncate" => (
            "truncate",
            &[
                ("length", Value, Some("255")),
                ("killwords", Value, Some("false")),
                ("end", Value, Some("\"...\"")),
                ("leeway", Value, Some("5")),
            ],
        ),
        "wordcount" => ("wordcount", &[]),
        "indent" => (
            "indent",
            &[
                ("width", Value, Some("4")),
                ("first", Value, Some("false")),
                ("blank", Value, Some("false")),
            ],
        ),
        "center" => ("center", &[("width", Value, Some("80"))]),
        "abs" => ("abs", &[]),
        "round" => (
            "round",
            &[
                ("precision", Value, Some("0")),
                ("method", Value, Some("\"common\"")),
            ],
        ),
        "int" => (
            "int",
            &[("default", Value, Some("0")), ("base", Value, Some("10"))],
        ),
        "float" => ("float", &[("default", Value, Some("0.0"))]),
        "urlencode" => ("urlencode", &[]),
        "filesizeformat" => ("filesizeformat", &[("binary", Value, Some("false"))]),
        "format" => ("format", &[]),
        _ => return None,
    };
    Some(Builtin { function, params })
}

impl Generator<'_> {
    /// `value|name(args)`.
    pub(super) fn filter(
        &mut self,
        value: &SExpr,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        let input = self.expr(value)?;
        let Some(builtin) = builtin(&name.node) else {
            return self.custom_filter(input, name, args, expr);
        };
        let function = format_ident!("{}", builtin.function);
        if builtin.function == "format" {
            if let Some((kw, _)) = args.keyword.first() {
                return Err(Diagnostic::new(
                    "`format` takes positional arguments only",
                    kw.span,
                ));
            }
            let values = args
                .positional
                .iter()
                .map(|a| self.expr(a))
                .collect::<Result<Vec<_>, _>>()?;
            // A safe format string escapes its arguments and stays safe, as `Markup % args`.
            let markup = self.is_safe(value);
            let call = quote! {
                ::kiln::filters::format_with(&(#input), &[#(&(#values) as &dyn ::kiln::filters::FormatArg),*], #markup)
            };
            let call = self.located(call, expr.span);
            return Ok(if markup {
                quote! { ::kiln::__private::Safe(#call) }
            } else {
                call
            });
        }
        let values = self.bind_args(&name.node, builtin.params, args, expr)?;
        let call = quote! { ::kiln::filters::#function(&(#input) #(, #values)*) };
        let call = self.located(call, expr.span);
        // Jinja2's string methods keep `Markup` safe; so do these filters on safe input.
        Ok(if keeps_markup(&name.node) && self.is_safe(value) {
            quote! { ::kiln::__private::Safe(#call) }
        } else {
            call
        })
    }

    /// Matches positional and keyword arguments to the parameters, in order, with defaults.
    fn bind_args(
        &mut self,
        filter: &str,
        params: &[Param],
        args: &Args,
        expr: &SExpr,
    ) -> Result<Vec<TokenStream>, Diagnostic> {
        if args.positional.len() > params.len() {
            let extra = &args.positional[params.len()];
            let takes = match params.len() {
                0 => "no arguments".to_owned(),
                1 => "1 argument".to_owned(),
                n => format!("at most {n} arguments"),
            };
            return Err(
                Diagnostic::new(format!("filter `{filter}` takes {takes}"), extra.span)
                    .or_help(signature(filter, params)),
            );
        }
        for (kw, _) in &args.keyword {
            let position = params.iter().position(|(p, ..)| *p == kw.node);
            match position {
                None => {
                    return Err(Diagnostic::new(
                        format!("filter `{filter}` has no parameter `{}`", kw.node),
                        kw.span,
                    )
                    .suggest(&kw.node, params.iter().map(|(p, ..)| *p))
                    .or_help(signature(filter, params)))
                }
                Some(i) if i < args.positional.len() => {
                    return Err(Diagnostic::new(
                        format!("parameter `{}` is given twice", kw.node),
                        kw.span,
                    ))
                }
                Some(_) => {}
            }
        }
        let mut values = Vec::with_capacity(params.len());
        for (i, (param, pass, default)) in params.iter().enumerate() {
            let given = args.positional.get(i).or_else(|| {
                args.keyword
                    .iter()
                    .find(|(k, _)| k.node == *param)
                    .map(|(_, v)| v)
            });
            let value = match (given, default) {
                (Some(arg), _) => {
                    let value = match pass {
                        Pass::Generic => self.value_for_binding(arg)?,
                        _ => self.expr(arg)?,
                    };
                    match pass {
                        Pass::Some => {
                            quote! { ::kiln::__private::core::option::Option::Some(#value) }
                        }
                        _ => value,
                    }
                }
                (None, Some(default)) => default.parse().expect("built-in defaults are valid Rust"),
                (None, None) => {
                    return Err(Diagnostic::new(
                        format!("filter `{filter}` needs the argument `{param}`"),
                        expr.span,
                    )
                    .with_help(signature(filter, params)))
                }
            };
            values.push(value);
        }
        Ok(values)
    }

    fn custom_filter(
        &mut self,
        input: TokenStream,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        if let Some((kw, _)) = args.keyword.first() {
            return Err(Diagnostic::new(
                "custom filters take positional arguments only",
                kw.span,
            ));
        }
        let function = super::rust_ident(&name.node);
        let values = args
            .positional
            .iter()
            .map(|a| self.expr(a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.located(
            quote! { filters::#function(&(#input) #(, #values)*) },
            expr.span,
        ))
    }
}

/// Whether a built-in filter keeps safe markup safe (Jinja2's `Markup` string methods).
pub(super) fn keeps_markup(filter: &str) -> bool {
    matches!(
        filter,
        "upper"
            | "lower"
            | "capitalize"
            | "title"
            | "trim"
            | "replace"
            | "truncate"
            | "indent"
            | "center"
            | "format"
    )
}

/// `name(a, b=1)`, for help messages.
fn signature(filter: &str, params: &[Param]) -> String {
    let params: Vec<String> = params
        .iter()
        .map(|(name, _, default)| match default {
            Some(d) if d.starts_with("::") => format!("{name}=none"),
            Some(d) => format!("{name}={d}"),
            None => (*name).to_owned(),
        })
        .collect();
    format!("the signature is `{filter}({})`", params.join(", "))
}
