//! Filters: `value|name(args)` to a call of `kiln::filters::name` or the user's
//! `filters::name`, with Jinja2's parameter names and defaults filled in at compile time.
//!
//! Filters that take an attribute, a test or another filter by name (`map`, `select`,
//! `sort`, …) are compiled into closures by `closures.rs`. Custom filters take keyword
//! arguments through an options struct (see `custom_filter`).

mod closures;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Generator;
use crate::ast::{Args, Expr, SExpr};
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
    /// `Some(&…)`: an optional collection, borrowed.
    SomeRef,
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
/// `none` for an optional integer parameter whose type is generic.
const NONE_INT: &str = "::kiln::__private::core::option::Option::None::<i64>";

/// Jinja2's built-in filters that Kiln implements as plain calls, by name.
/// Every built-in filter name, for did-you-mean.
const BUILTIN_NAMES: &[&str] = &[
    "abs",
    "attr",
    "batch",
    "capitalize",
    "center",
    "count",
    "d",
    "default",
    "dictsort",
    "e",
    "escape",
    "filesizeformat",
    "first",
    "float",
    "forceescape",
    "format",
    "groupby",
    "indent",
    "int",
    "items",
    "join",
    "last",
    "length",
    "linebreaks",
    "linebreaksbr",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "pluralize",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "sort",
    "string",
    "striptags",
    "sum",
    "title",
    "tojson",
    "trim",
    "truncate",
    "unique",
    "upper",
    "urlencode",
    "urlize",
    "wordcount",
    "wordwrap",
    "xmlattr",
];

fn builtin(name: &str) -> Option<Builtin> {
    use Pass::{Generic, Some as Opt, SomeRef, Value};
    let (function, params): (&str, &'static [Param]) = match name {
        "e" | "escape" => ("escape", &[]),
        "forceescape" => ("forceescape", &[]),
        "safe" => ("safe", &[]),
        "upper" => ("upper", &[]),
        "lower" => ("lower", &[]),
        "capitalize" => ("capitalize", &[]),
        "title" => ("title", &[]),
        "string" => ("string", &[]),
        "striptags" => ("striptags", &[]),
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
        "list" => ("list", &[]),
        "reverse" => ("reverse", &[]),
        "items" => ("items", &[]),
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
        "wordwrap" => (
            "wordwrap",
            &[
                ("width", Generic, Some("79")),
                ("break_long_words", Value, Some("true")),
                ("wrapstring", Opt, Some(NONE)),
                ("break_on_hyphens", Value, Some("true")),
            ],
        ),
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
        "urlize" => (
            "urlize",
            &[
                ("trim_url_limit", Opt, Some(NONE_INT)),
                ("nofollow", Value, Some("false")),
                ("target", Opt, Some(NONE)),
                ("rel", Opt, Some(NONE)),
                (
                    "extra_schemes",
                    SomeRef,
                    Some("::kiln::__private::core::option::Option::None::<[&str; 0]>"),
                ),
            ],
        ),
        "xmlattr" => ("xmlattr", &[("autospace", Value, Some("true"))]),
        "tojson" => ("tojson", &[("indent", Opt, Some(NONE_INT))]),
        "filesizeformat" => ("filesizeformat", &[("binary", Value, Some("false"))]),
        "linebreaks" => ("linebreaks", &[]),
        "linebreaksbr" => ("linebreaksbr", &[]),
        "pluralize" => (
            "pluralize",
            &[
                ("singular", Generic, Some("\"\"")),
                ("plural", Generic, Some("\"s\"")),
            ],
        ),
        "format" => ("format", &[]),
        _ => return None,
    };
    Some(Builtin { function, params })
}

/// Whether `name` is a built-in filter (for `is filter`).
pub(super) fn is_builtin_filter(name: &str) -> bool {
    builtin(name).is_some() || closures::is_closure_filter(name)
}

/// Whether a built-in filter returns safe markup whatever its input (`e`, `urlize`, …).
pub(super) fn returns_markup(filter: &str) -> bool {
    matches!(
        filter,
        "e" | "escape"
            | "safe"
            | "forceescape"
            | "urlize"
            | "xmlattr"
            | "tojson"
            | "linebreaks"
            | "linebreaksbr"
    )
}

impl Generator<'_> {
    /// `value|name(args)`. `value` may be a synthetic expression (a `{% filter %}` block's
    /// captured output).
    pub(super) fn filter(
        &mut self,
        value: &SExpr,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        if let Some(tokens) = self.closure_filter(value, name, args, expr)? {
            return Ok(tokens);
        }
        let Some(builtin) = builtin(&name.node) else {
            // rustc could only say "cannot find `uper` in `filters`", without the template's
            // line; a name one edit from a built-in is almost surely a typo of it.
            if name.node.chars().count() >= 4 {
                if let Some(close) = BUILTIN_NAMES
                    .iter()
                    .find(|b| strsim::osa_distance(b, &name.node) == 1)
                {
                    return Err(Diagnostic::new(
                        format!("unknown filter `{}`", name.node),
                        name.span,
                    )
                    .with_help(format!("did you mean `{close}`?")));
                }
            }
            let input = self.expr(value)?;
            return self.custom_filter(input, name, args, expr);
        };
        // These consume a temporary input (a previous filter's `Vec`), so their result does
        // not borrow it; places are borrowed.
        let input = if matches!(builtin.function, "first" | "last" | "list") {
            self.value_for_binding(value)?
        } else {
            let input = self.expr(value)?;
            quote! { &(#input) }
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
                ::kiln::filters::format_with(#input, &[#(&(#values) as &dyn ::kiln::filters::FormatArg),*], #markup)
            };
            let call = self.located(call, expr.span);
            return Ok(if markup {
                quote! { ::kiln::__private::Safe(#call) }
            } else {
                call
            });
        }
        let values = self.bind_args(&name.node, builtin.params, args, expr)?;
        let call = quote! { ::kiln::filters::#function(#input #(, #values)*) };
        let call = self.located(call, expr.span);
        // Jinja2's string methods keep `Markup` safe; so do these filters on safe input.
        Ok(if keeps_markup(&name.node) && self.is_safe(value) {
            quote! { ::kiln::__private::Safe(#call) }
        } else {
            call
        })
    }

    /// `{{ value|upper }}`, `truncate` and `join` as the whole printed expression: the
    /// filter writes its result to the output as it goes (`kiln::filters::streamed`),
    /// escaped as printing it would, instead of returning a `String` to print.
    pub(super) fn print_streamed(
        &mut self,
        value: &SExpr,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<Option<TokenStream>, Diagnostic> {
        let filter = name.node.as_str();
        let streams = matches!(filter, "upper" | "truncate" | "join");
        if !streams || args.keyword.iter().any(|(k, _)| k.node == "attribute") {
            return Ok(None);
        }
        let builtin = builtin(filter).expect("a built-in filter");
        let input = self.expr(value)?;
        let values = self.bind_args(filter, builtin.params, args, expr)?;
        // A string filter on safe markup gives safe markup (see `filter`): not escaped.
        let escaper = if keeps_markup(filter) && self.is_safe(value) {
            quote! { ::kiln::__private::Text }
        } else {
            self.escaper()
        };
        let function = format_ident!("{}", builtin.function);
        let writer = &self.writer;
        let call = self.located(
            quote! { ::kiln::filters::streamed::#function(&(#input) #(, #values)*, #writer, #escaper) },
            expr.span,
        );
        Ok(Some(quote! { #call; }))
    }

    /// Matches positional and keyword arguments to the parameters, in order, with defaults.
    fn bind_args(
        &mut self,
        filter: &str,
        params: &[Param],
        args: &Args,
        expr: &SExpr,
    ) -> Result<Vec<TokenStream>, Diagnostic> {
        let given = match_args(filter, params, args, expr)?;
        let mut values = Vec::with_capacity(params.len());
        for ((_, pass, default), arg) in params.iter().zip(given) {
            let value = match arg {
                Some(arg) => {
                    let value = match pass {
                        Pass::Generic => self.value_for_binding(arg)?,
                        _ => self.expr(arg)?,
                    };
                    match pass {
                        Pass::Some => {
                            quote! { ::kiln::__private::core::option::Option::Some(#value) }
                        }
                        Pass::SomeRef => {
                            quote! { ::kiln::__private::core::option::Option::Some(&(#value)) }
                        }
                        _ => value,
                    }
                }
                // `match_args` checked that parameters without a default were given.
                None => default
                    .unwrap_or("()")
                    .parse()
                    .expect("built-in defaults are valid Rust"),
            };
            values.push(value);
        }
        Ok(values)
    }

    /// A filter of the user's `filters` module: `filters::name(&value, positional…)`, with
    /// keyword arguments as the fields of the function's last parameter, an options struct
    /// (`kiln::filters::Options`). Without keywords, a function that takes options gets
    /// their `Default`; the generated code picks by the function's signature.
    fn custom_filter(
        &mut self,
        input: TokenStream,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        /// The most positional arguments the runtime has dispatch traits for.
        const MAX_POSITIONAL: usize = 8;
        let count = args.positional.len();
        if count > MAX_POSITIONAL {
            return Err(Diagnostic::new(
                format!(
                    "a custom filter takes at most {MAX_POSITIONAL} positional arguments, not {count}"
                ),
                args.positional[MAX_POSITIONAL].span,
            )
            .with_help("pass the others as keyword arguments, in an options struct"));
        }
        let lookup = self.custom_filter_lookup(name, count, !args.keyword.is_empty());
        let values = args
            .positional
            .iter()
            .map(|a| self.expr(a))
            .collect::<Result<Vec<_>, _>>()?;
        if args.keyword.is_empty() {
            let via_options = format_ident!("ViaOptions{}", count);
            let via_plain = format_ident!("ViaPlain{}", count);
            let method = format_ident!("kiln_filter{}", count);
            return Ok(self.located(
                quote! {{
                    use ::kiln::filters::{#via_options as _, #via_plain as _};
                    (&&::kiln::filters::Custom(#lookup)).#method(&(#input) #(, #values)*)
                }},
                expr.span,
            ));
        }
        let mut fields = Vec::with_capacity(args.keyword.len());
        for (i, (kw, value)) in args.keyword.iter().enumerate() {
            if args.keyword[..i].iter().any(|(k, _)| k.node == kw.node) {
                return Err(Diagnostic::new(
                    format!("keyword argument `{}` is given twice", kw.node),
                    kw.span,
                ));
            }
            let field = super::rust_ident(&kw.node);
            let value = self.expr(value)?;
            fields.push(quote! {
                __kiln_options.#field = ::kiln::filters::KwArg::into_field(#value);
            });
        }
        let options = format_ident!("options{}", count);
        Ok(self.located(
            quote! {{
                let __kiln_filter = #lookup;
                let mut __kiln_options = ::kiln::filters::#options(&__kiln_filter);
                #(#fields)*
                __kiln_filter(&(#input) #(, #values)*, __kiln_options)
            }},
            expr.span,
        ))
    }

    /// `filters::name`, found so that a name missing from the user's `filters` module is
    /// an error at the template location rather than rustc's bare "cannot find function".
    ///
    /// The engine cannot see the user's module, so the lookup happens in rustc's name
    /// resolution: a glob import of `filters::*` in an inner block shadows a generated
    /// fallback of the same name in the block around it. The fallback has the shape of the
    /// call but a bound that no type meets, on a trait whose `on_unimplemented` message is
    /// the template diagnostic; it is only reached, and only fails, when the user's
    /// function does not exist.
    fn custom_filter_lookup(
        &self,
        name: &Spanned<String>,
        positional: usize,
        options: bool,
    ) -> TokenStream {
        let function = super::rust_ident(&name.node);
        let rendered = Diagnostic::new("", name.span).render(self.options.files);
        // The first line repeats the message; keep the source line and the caret.
        let snippet = rendered.split_once('\n').map_or("", |(_, rest)| rest);
        let message = format!(
            "{}: unknown filter `{}`",
            self.location(name.span),
            name.node
        );
        let label = format!(
            "`{}` is not a built-in filter, nor a `pub fn` of the `filters` module in scope",
            name.node
        );
        let help = format!(
            "a custom filter is a function `filters::{}(value: &T, …) -> kiln::Result<…>` \
             in a module `filters` next to the struct",
            name.node
        );
        // `on_unimplemented` strings are format strings.
        let [message, label, snippet, help] =
            [&message, &label, snippet, &help].map(|s| s.replace('{', "{{").replace('}', "}}"));
        let args: Vec<Ident> = (1..=positional).map(|i| format_ident!("A{}", i)).collect();
        let (options_param, options) = if options {
            (quote! { , K: ::kiln::filters::Options }, quote! { , _: K })
        } else {
            (quote! {}, quote! {})
        };
        quote! {{
            #[allow(dead_code, non_camel_case_types, non_snake_case, unused_imports)]
            mod __kiln_unknown_filter {
                #[diagnostic::on_unimplemented(
                    message = #message,
                    label = #label,
                    note = #snippet,
                    note = #help
                )]
                pub trait UnknownFilter {}
                // With no implementation at all, rustc would suggest adding one; hidden
                // from the message by `do_not_recommend`.
                pub struct NotAFilter;
                #[diagnostic::do_not_recommend]
                impl UnknownFilter for NotAFilter {}
                pub fn #function<I: ?Sized + UnknownFilter #(, #args)* #options_param>(
                    _: &I #(, _: #args)* #options
                ) -> ::kiln::Result<&'static str> {
                    ::kiln::Result::Ok("")
                }
            }
            #[allow(unused_imports)]
            use __kiln_unknown_filter::*;
            {
                use filters::*;
                #function
            }
        }}
    }
}

/// Matches positional and keyword arguments to `params`: for each parameter, the argument
/// given for it, if any. Too many arguments, unknown or repeated keywords and missing
/// required arguments are errors.
fn match_args<'a>(
    filter: &str,
    params: &[Param],
    args: &'a Args,
    expr: &SExpr,
) -> Result<Vec<Option<&'a SExpr>>, Diagnostic> {
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
    for (i, (kw, _)) in args.keyword.iter().enumerate() {
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
            Some(p)
                if p < args.positional.len()
                    || args.keyword[..i].iter().any(|(k, _)| k.node == kw.node) =>
            {
                return Err(Diagnostic::new(
                    format!("parameter `{}` is given twice", kw.node),
                    kw.span,
                ))
            }
            Some(_) => {}
        }
    }
    params
        .iter()
        .enumerate()
        .map(|(i, (param, _, default))| {
            let given = args.positional.get(i).or_else(|| {
                args.keyword
                    .iter()
                    .find(|(k, _)| k.node == *param)
                    .map(|(_, v)| v)
            });
            if given.is_none() && default.is_none() {
                return Err(Diagnostic::new(
                    format!("filter `{filter}` needs the argument `{param}`"),
                    expr.span,
                )
                .with_help(signature(filter, params)));
            }
            Ok(given)
        })
        .collect()
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
            | "string"
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

/// Whether an argument is the literal `none` (which Jinja2 treats as not given).
fn is_none_literal(expr: &SExpr) -> bool {
    matches!(expr.node, Expr::None)
}

#[cfg(test)]
mod tests {
    use crate::codegen::test_support::{assert_compiles, assert_error};

    #[test]
    fn attributes_become_field_access_in_closures() {
        assert_compiles(
            "{{ users|map(attribute='address.city')|join }}",
            &[":: kiln :: filters :: map", ". address) . city"],
        );
        assert_compiles(
            "{{ users|sort(attribute='age,name')|first }}",
            &[
                ":: kiln :: filters :: sort",
                ". age",
                ". name",
                "compare_keys",
            ],
        );
        assert_compiles(
            "{{ users|selectattr('age', 'gt', 3)|list }}",
            &[":: kiln :: filters :: select", ":: ops :: gt"],
        );
    }

    #[test]
    fn tests_and_filters_by_name_become_closures() {
        assert_compiles(
            "{{ items|select('odd')|list }}",
            &[":: kiln :: tests :: odd"],
        );
        assert_compiles(
            "{{ items|map('upper')|list }}",
            &[":: kiln :: filters :: upper"],
        );
        assert_compiles("{{ items|reject|list }}", &["kiln_true"]);
    }

    #[test]
    fn fill_with_picks_the_filling_function() {
        assert_compiles("{{ items|batch(2) }}", &[":: kiln :: filters :: batch ("]);
        assert_compiles(
            "{{ items|batch(2, 'x') }}",
            &[":: kiln :: filters :: batch_fill"],
        );
        assert_compiles(
            "{{ items|slice(2, none) }}",
            &[":: kiln :: filters :: slice ("],
        );
    }

    #[test]
    fn names_must_be_literals() {
        assert_error(
            "{{ users|map(attribute=name) }}",
            &["the attribute must be a string literal", "compiled"],
        );
        assert_error(
            "{{ items|select(name) }}",
            &["the test name must be a string literal"],
        );
        assert_error(
            "{{ users|sort(attribute='a..b') }}",
            &["`a..b` is not an attribute path"],
        );
        assert_error(
            "{{ users|map(attribute='a-b') }}",
            &["`a-b` is not an attribute path"],
        );
        assert_error(
            "{{ users|attr('x y') }}",
            &["`x y` is not an attribute path"],
        );
        assert_compiles("{{ users|map(attribute='type')|list }}", &["r#type"]);
        assert_error(
            "{{ users|dictsort(by='keys') }}",
            &["`by` must be \\\"key\\\" or \\\"value\\\""],
        );
        assert_error(
            "{{ users|map }}",
            &["`map` needs a filter name or `attribute=…`"],
        );
        assert_error(
            "{{ items|select('od') }}",
            &["unknown test `od`", "did you mean `odd`?"],
        );
    }

    #[test]
    fn keyword_arguments_are_checked() {
        assert_error(
            "{{ items|sort(revers=true) }}",
            &[
                "filter `sort` has no parameter `revers`",
                "did you mean `reverse`?",
            ],
        );
        assert_error(
            "{{ items|sort(true, reverse=true) }}",
            &["parameter `reverse` is given twice"],
        );
        assert_error(
            "{{ items|batch }}",
            &["filter `batch` needs the argument `linecount`"],
        );
        assert_error(
            "{{ name|wordwrap(1, 2, 3, 4, 5) }}",
            &["filter `wordwrap` takes at most 4 arguments"],
        );
    }

    #[test]
    fn custom_filters_take_keywords_through_options() {
        assert_compiles(
            "{{ name|shout }}{{ name|shout(1, 2) }}",
            &["ViaOptions0", "kiln_filter0", "ViaPlain2", "kiln_filter2"],
        );
        assert_compiles(
            "{{ name|shout(1, times=2, type='x') }}",
            &[
                ":: kiln :: filters :: options1",
                "__kiln_options . times",
                "__kiln_options . r#type",
            ],
        );
        assert_error(
            "{{ name|shout(1, 2, 3, 4, 5, 6, 7, 8, 9) }}",
            &["a custom filter takes at most 8 positional arguments, not 9"],
        );
    }
}
