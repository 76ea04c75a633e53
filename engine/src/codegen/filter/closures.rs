//! Filters that take an attribute, a test or another filter by name: `attr`, `map`,
//! `select`, `reject`, `selectattr`, `rejectattr`, `sort`, `dictsort`, `min`, `max`,
//! `unique`, `groupby`, `sum`, `join(attribute=…)`, and `batch`/`slice` (whose `fill_with`
//! changes the function called).
//!
//! The name is known at compile time, so it becomes code: `map(attribute="address.city")`
//! is `|item| &item.address.city`, `select("odd")` is `|item| kiln::tests::odd(item)`,
//! `sort(attribute="age,name")` a comparison of two items' `age`, then `name`. Items are
//! bound as template locals (`__kiln_item`, `__kiln_a`, `__kiln_b`) and the attribute, test
//! or filter is an expression over them, generated like any other expression.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{is_none_literal, match_args, Param, Pass};
use crate::ast::{Args, Expr, SExpr};
use crate::codegen::Generator;
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

const OK: &str = "::kiln::__private::core::result::Result::Ok";

/// Whether a filter is compiled here.
pub(super) fn is_closure_filter(name: &str) -> bool {
    matches!(
        name,
        "attr"
            | "map"
            | "select"
            | "reject"
            | "selectattr"
            | "rejectattr"
            | "sort"
            | "dictsort"
            | "min"
            | "max"
            | "unique"
            | "groupby"
            | "sum"
            | "batch"
            | "slice"
    )
}

fn ok() -> TokenStream {
    OK.parse().expect("a valid path")
}

/// `case_sensitive=false`, `attribute=none`.
const CASE_ATTRIBUTE: &[Param] = &[
    ("case_sensitive", Pass::Value, Some("false")),
    ("attribute", Pass::Value, Some("none")),
];

/// A string literal argument naming an attribute, a test or a filter.
fn literal<'a>(arg: &'a SExpr, what: &str) -> Result<&'a str, Diagnostic> {
    match &arg.node {
        Expr::Str(s) => Ok(s),
        _ => Err(
            Diagnostic::new(format!("{what} must be a string literal"), arg.span)
                .with_help("it is looked up when the template is compiled, not when it renders"),
        ),
    }
}

/// `value|default(default)`, for the `default=` parameters of `map` and `groupby`; the
/// filter's name is located at `name_span`.
fn or_default(value: SExpr, default: &SExpr, name_span: Span, span: Span) -> SExpr {
    Spanned::new(
        Expr::Filter(
            Box::new(value),
            Spanned::new("default".to_owned(), name_span),
            Args {
                positional: vec![default.clone()],
                keyword: Vec::new(),
            },
        ),
        span,
    )
}

/// `base.a.b` for the attribute path `"a.b"` (numbers select tuple fields: `"0"` is `.0`).
fn attribute_path(base: &SExpr, path: &str, span: Span) -> Result<SExpr, Diagnostic> {
    let mut expr = base.clone();
    for part in path.split('.') {
        // A field name (a keyword becomes a raw identifier) or a tuple index.
        let valid = (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            || crate::codegen::is_identifier(part);
        if !valid {
            return Err(
                Diagnostic::new(format!("`{path}` is not an attribute path"), span)
                    .with_help("write field names separated by dots: `\"address.city\"`"),
            );
        }
        expr = Spanned::new(
            Expr::Attr(Box::new(expr), Spanned::new(part.to_owned(), span)),
            span,
        );
    }
    Ok(expr)
}

/// The attribute argument, if given and not `none`.
fn attribute_arg(arg: Option<&SExpr>) -> Result<Option<(&str, Span)>, Diagnostic> {
    match arg {
        Some(arg) if !is_none_literal(arg) => Ok(Some((literal(arg, "the attribute")?, arg.span))),
        _ => Ok(None),
    }
}

fn var(name: &str, span: Span) -> SExpr {
    Spanned::new(Expr::Var(name.to_owned()), span)
}

impl Generator<'_> {
    /// Compiles the filters of this module; `None` for any other filter.
    pub(super) fn closure_filter(
        &mut self,
        value: &SExpr,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<Option<TokenStream>, Diagnostic> {
        let filter = name.node.as_str();
        if !is_closure_filter(filter) {
            // `join(attribute=…)` maps before it joins.
            if filter == "join" && args.keyword.iter().any(|(k, _)| k.node == "attribute") {
                return self.join_attribute(value, args, expr).map(Some);
            }
            return Ok(None);
        }
        if filter == "attr" {
            let params: &[Param] = &[("name", Pass::Value, None)];
            let given = match_args(filter, params, args, expr)?;
            let attribute = given[0].expect("required");
            let field = literal(attribute, "the attribute name")?;
            if field.contains('.') {
                return Err(Diagnostic::new(
                    "`attr` takes one attribute name, without dots",
                    attribute.span,
                ));
            }
            // The object may be a missing value (`users|first|attr("name")`): unwrapped
            // first, an error if it is missing, as in Jinja2. It is bound first (places
            // borrowed), so the field's reference does not outlive a temporary.
            let object = self.value_for_binding(value)?;
            let unwrapped = self.located(
                quote! {{
                    use ::kiln::filters::{NotMaybe as _, ViaMaybe as _};
                    (&::kiln::filters::AttrOf(&__kiln_attr_object)).kiln_attr_of()
                }},
                expr.span,
            );
            let (item, access) = self.with_items(&["__kiln_object"], expr.span, |g, items| {
                g.expr(&attribute_path(&items[0], field, attribute.span)?)
            })?;
            let item = &item[0];
            // A reference: the field cannot be moved out of the object.
            return Ok(Some(quote! {{
                let __kiln_attr_object = #object;
                let #item = #unwrapped;
                &(#access)
            }}));
        }
        // Sequence filters consume temporaries (a previous filter's `Vec`) and borrow places,
        // so a result can outlive the temporary it came from; maps are always borrowed.
        let input = if filter == "dictsort" {
            let input = self.expr(value)?;
            quote! { &(#input) }
        } else {
            self.value_for_binding(value)?
        };
        let span = expr.span;
        let call = match filter {
            "map" => self.map_filter(&input, args, expr)?,
            "select" | "reject" => {
                self.select_filter(&input, filter == "reject", false, args, expr)?
            }
            "selectattr" | "rejectattr" => {
                self.select_filter(&input, filter == "rejectattr", true, args, expr)?
            }
            "sort" => {
                let params: &[Param] = &[
                    ("reverse", Pass::Value, Some("false")),
                    ("case_sensitive", Pass::Value, Some("false")),
                    ("attribute", Pass::Value, Some("none")),
                ];
                let given = match_args(filter, params, args, expr)?;
                let reverse = self.optional(given[0], quote! { false })?;
                let cs = self.optional(given[1], quote! { false })?;
                let attributes = attribute_arg(given[2])?;
                let cmp = self.comparator(attributes, &cs, span)?;
                quote! { ::kiln::filters::sort(#input, #reverse, #cmp) }
            }
            "min" | "max" => {
                let given = match_args(filter, CASE_ATTRIBUTE, args, expr)?;
                let cs = self.optional(given[0], quote! { false })?;
                let attribute = attribute_arg(given[1])?;
                if let Some((path, at)) = attribute.filter(|(p, _)| p.contains(',')) {
                    return Err(Diagnostic::new(
                        format!("`{filter}` takes one attribute, not the list `{path}`"),
                        at,
                    ));
                }
                let cmp = self.comparator(attribute, &cs, span)?;
                let function = quote::format_ident!("{}", filter);
                quote! { ::kiln::filters::#function(#input, #cmp) }
            }
            "unique" => {
                let given = match_args(filter, CASE_ATTRIBUTE, args, expr)?;
                let cs = self.optional(given[0], quote! { false })?;
                let attribute = attribute_arg(given[1])?;
                let same = self.equality(attribute, &cs, span)?;
                quote! { ::kiln::filters::unique(#input, #same) }
            }
            "dictsort" => {
                let params: &[Param] = &[
                    ("case_sensitive", Pass::Value, Some("false")),
                    ("by", Pass::Value, Some("\"key\"")),
                    ("reverse", Pass::Value, Some("false")),
                ];
                let given = match_args(filter, params, args, expr)?;
                let cs = self.optional(given[0], quote! { false })?;
                let half = match given[1] {
                    None => "0",
                    Some(by) => match literal(by, "`by`")? {
                        "key" => "0",
                        "value" => "1",
                        _ => {
                            return Err(Diagnostic::new(
                                "`by` must be \"key\" or \"value\"",
                                by.span,
                            ))
                        }
                    },
                };
                let reverse = self.optional(given[2], quote! { false })?;
                let cmp = self.comparator(Some((half, span)), &cs, span)?;
                quote! { ::kiln::filters::dictsort(#input, #reverse, #cmp) }
            }
            "groupby" => self.groupby_filter(&input, args, expr)?,
            "sum" => {
                let params: &[Param] = &[
                    ("attribute", Pass::Value, Some("none")),
                    ("start", Pass::Value, Some("0")),
                ];
                let given = match_args(filter, params, args, expr)?;
                let attribute = attribute_arg(given[0])?;
                let start = self.optional_borrowed(given[1], quote! { 0 })?;
                let (item, term) = self.with_items(&["__kiln_item"], span, |g, items| {
                    let term = match attribute {
                        Some((path, at)) => attribute_path(&items[0], path, at)?,
                        None => items[0].clone(),
                    };
                    g.operand(&term)
                })?;
                let item = &item[0];
                let ok = ok();
                quote! {
                    ::kiln::filters::sum(#input, &(#start), |#item| #ok((#term).into_owned()))
                }
            }
            "batch" | "slice" => {
                let count = if filter == "batch" {
                    "linecount"
                } else {
                    "slices"
                };
                let params: &[Param] = &[
                    (count, Pass::Value, None),
                    ("fill_with", Pass::Value, Some("none")),
                ];
                let given = match_args(filter, params, args, expr)?;
                let n = self.value_for_binding(given[0].expect("required"))?;
                match given[1].filter(|f| !is_none_literal(f)) {
                    Some(fill) => {
                        let fill = self.value_for_binding(fill)?;
                        let function = quote::format_ident!("{}_fill", filter);
                        quote! { ::kiln::filters::#function(#input, #n, #fill) }
                    }
                    None => {
                        let function = quote::format_ident!("{}", filter);
                        quote! { ::kiln::filters::#function(#input, #n) }
                    }
                }
            }
            _ => unreachable!("checked by is_closure_filter"),
        };
        Ok(Some(self.located(call, span)))
    }

    /// An optional argument's value, or `default`.
    fn optional(
        &mut self,
        arg: Option<&SExpr>,
        default: TokenStream,
    ) -> Result<TokenStream, Diagnostic> {
        match arg {
            Some(arg) => self.expr(arg),
            None => Ok(default),
        }
    }

    /// An optional argument, borrowed if it is a place, or `default`.
    fn optional_borrowed(
        &mut self,
        arg: Option<&SExpr>,
        default: TokenStream,
    ) -> Result<TokenStream, Diagnostic> {
        match arg {
            Some(arg) => self.value_for_binding(arg),
            None => Ok(default),
        }
    }

    /// Runs `f` in a new scope where `names` are bound to fresh Rust locals, with
    /// expressions naming them; returns the locals and `f`'s result.
    fn with_items<T>(
        &mut self,
        names: &[&str],
        span: Span,
        f: impl FnOnce(&mut Self, &[SExpr]) -> Result<T, Diagnostic>,
    ) -> Result<(Vec<Ident>, T), Diagnostic> {
        self.with_scope(|g| {
            let idents = names
                .iter()
                .map(|n| g.bind(&Spanned::new((*n).to_owned(), span)))
                .collect();
            let vars: Vec<SExpr> = names.iter().map(|n| var(n, span)).collect();
            let out = f(g, &vars)?;
            Ok((idents, out))
        })
    }

    /// A closure comparing two items by the attributes of `attributes` (comma-separated,
    /// each dotted), or by themselves, with `compare_keys`.
    fn comparator(
        &mut self,
        attributes: Option<(&str, Span)>,
        case_sensitive: &TokenStream,
        span: Span,
    ) -> Result<TokenStream, Diagnostic> {
        let (items, steps) = self.with_items(&["__kiln_a", "__kiln_b"], span, |g, items| {
            let paths: Vec<Option<(&str, Span)>> = match attributes {
                Some((list, at)) => list.split(',').map(|p| Some((p.trim(), at))).collect(),
                None => vec![None],
            };
            let mut steps = Vec::new();
            for path in paths {
                let (a, b) = match path {
                    Some((path, at)) => (
                        attribute_path(&items[0], path, at)?,
                        attribute_path(&items[1], path, at)?,
                    ),
                    None => (items[0].clone(), items[1].clone()),
                };
                let (a, b) = (g.operand(&a)?, g.operand(&b)?);
                steps.push(quote! {
                    ::kiln::filters::compare_keys(#a, #b, __kiln_case_sensitive)?
                });
            }
            Ok(steps)
        })?;
        let (a, b) = (&items[0], &items[1]);
        let ok = ok();
        let (last, first) = steps.split_last().expect("at least one key");
        Ok(quote! {
            |#a, #b| {
                let __kiln_case_sensitive: bool = #case_sensitive;
                #(
                    let __kiln_order = #first;
                    if __kiln_order != ::kiln::__private::core::cmp::Ordering::Equal {
                        return #ok(__kiln_order);
                    }
                )*
                #ok(#last)
            }
        })
    }

    /// A closure telling whether two items have the same key (`unique`).
    fn equality(
        &mut self,
        attribute: Option<(&str, Span)>,
        case_sensitive: &TokenStream,
        span: Span,
    ) -> Result<TokenStream, Diagnostic> {
        let (items, (a, b)) = self.with_items(&["__kiln_a", "__kiln_b"], span, |g, items| {
            let (a, b) = match attribute {
                Some((path, at)) => (
                    attribute_path(&items[0], path, at)?,
                    attribute_path(&items[1], path, at)?,
                ),
                None => (items[0].clone(), items[1].clone()),
            };
            Ok((g.operand(&a)?, g.operand(&b)?))
        })?;
        let (x, y) = (&items[0], &items[1]);
        let ok = ok();
        Ok(quote! {
            |#x, #y| #ok(::kiln::filters::same_key(#a, #b, #case_sensitive))
        })
    }

    /// `map(attribute="…", default=…)` or `map("filter", args…)`.
    fn map_filter(
        &mut self,
        input: &TokenStream,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        let span = expr.span;
        let attribute = args.keyword.iter().find(|(k, _)| k.node == "attribute");
        let (item, body) = if let (Some((_, attribute)), true) =
            (attribute, args.positional.is_empty())
        {
            let path = literal(attribute, "the attribute")?;
            let default = args.keyword.iter().find(|(k, _)| k.node == "default");
            if let Some((kw, _)) = args
                .keyword
                .iter()
                .find(|(k, _)| k.node != "attribute" && k.node != "default")
            {
                return Err(Diagnostic::new(
                    format!("`map(attribute=…)` has no parameter `{}`", kw.node),
                    kw.span,
                )
                .with_help("the signature is `map(attribute, default=none)`"));
            }
            self.with_items(&["__kiln_item"], span, |g, items| {
                let mut value = attribute_path(&items[0], path, attribute.span)?;
                if let Some((kw, default)) = default {
                    value = or_default(value, default, kw.span, span);
                }
                g.value_for_binding(&value)
            })?
        } else {
            let Some((filter, rest)) = args.positional.split_first() else {
                return Err(
                    Diagnostic::new("`map` needs a filter name or `attribute=…`", span)
                        .with_help("write `map(\"upper\")` or `map(attribute=\"name\")`"),
                );
            };
            let filter_name = literal(filter, "the filter name")?;
            let nested = Args {
                positional: rest.to_vec(),
                keyword: args.keyword.clone(),
            };
            self.with_items(&["__kiln_item"], span, |g, items| {
                if filter_name == "safe" && nested.is_empty() {
                    // `safe` borrows its input, and a borrow of the closure's parameter
                    // cannot leave the closure: the item itself is wrapped instead.
                    let item = g.expr(&items[0])?;
                    return Ok(quote! { ::kiln::__private::Safe(#item) });
                }
                let call = Spanned::new(
                    Expr::Filter(
                        Box::new(items[0].clone()),
                        Spanned::new(filter_name.to_owned(), filter.span),
                        nested,
                    ),
                    span,
                );
                g.expr(&call)
            })?
        };
        let item = &item[0];
        let ok = ok();
        Ok(quote! { ::kiln::filters::map(#input, |#item| #ok(#body)) })
    }

    /// `select(test, args…)` / `reject` and `selectattr(attribute, test, args…)` /
    /// `rejectattr`: a closure testing each item (or its attribute); without a test, its
    /// truth.
    fn select_filter(
        &mut self,
        input: &TokenStream,
        negate: bool,
        by_attribute: bool,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        let span = expr.span;
        let mut positional = args.positional.iter();
        let attribute = if by_attribute {
            let Some(attribute) = positional.next() else {
                return Err(Diagnostic::new("this filter needs an attribute name", span)
                    .with_help(
                        "write `selectattr(\"active\")` or `selectattr(\"age\", \"gt\", 18)`",
                    ));
            };
            Some((literal(attribute, "the attribute")?, attribute.span))
        } else {
            None
        };
        let test = positional.next();
        let test_args = Args {
            positional: positional.cloned().collect(),
            keyword: args.keyword.clone(),
        };
        if test.is_none() && !test_args.is_empty() {
            let at = test_args.keyword.first().map_or(span, |(k, _)| k.span);
            return Err(Diagnostic::new("arguments given without a test name", at));
        }
        let (item, keep) = self.with_items(&["__kiln_item"], span, |g, items| {
            let value = match attribute {
                Some((path, at)) => attribute_path(&items[0], path, at)?,
                None => items[0].clone(),
            };
            match test {
                Some(test) => {
                    let name = literal(test, "the test name")?;
                    g.test_value(&value, name, test.span, &test_args, span)
                }
                None => g.condition(&value),
            }
        })?;
        let item = &item[0];
        let keep = if negate {
            quote! { !(#keep) }
        } else {
            keep
        };
        let ok = ok();
        Ok(quote! { ::kiln::filters::select(#input, |#item| #ok(#keep)) })
    }

    /// `groupby(attribute, default=none, case_sensitive=false)`.
    fn groupby_filter(
        &mut self,
        input: &TokenStream,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        let span = expr.span;
        let params: &[Param] = &[
            ("attribute", Pass::Value, None),
            ("default", Pass::Value, Some("none")),
            ("case_sensitive", Pass::Value, Some("false")),
        ];
        let given = match_args("groupby", params, args, expr)?;
        let attribute = given[0].expect("required");
        let path = literal(attribute, "the attribute")?;
        let default = given[1].filter(|d| !is_none_literal(d)).cloned();
        let cs = self.optional(given[2], quote! { false })?;
        let key = |base: &SExpr| -> Result<SExpr, Diagnostic> {
            let value = attribute_path(base, path, attribute.span)?;
            Ok(match &default {
                Some(default) => or_default(value, default, default.span, span),
                None => value,
            })
        };
        let (pair, (order, same)) =
            self.with_items(&["__kiln_a", "__kiln_b"], span, |g, items| {
                let (a, b) = (key(&items[0])?, key(&items[1])?);
                let (a, b) = (g.operand(&a)?, g.operand(&b)?);
                let (a2, b2) = (key(&items[0])?, key(&items[1])?);
                let (a2, b2) = (g.operand(&a2)?, g.operand(&b2)?);
                Ok((
                    quote! { ::kiln::filters::compare_keys(#a, #b, __kiln_case_sensitive)? },
                    quote! { ::kiln::filters::same_key(#a2, #b2, __kiln_case_sensitive) },
                ))
            })?;
        let (item, grouper) = self.with_items(&["__kiln_item"], span, |g, items| {
            g.value_for_binding(&key(&items[0])?)
        })?;
        let (a, b, item) = (&pair[0], &pair[1], &item[0]);
        let ok = ok();
        Ok(quote! {
            ::kiln::filters::groupby(
                #input,
                |#a, #b| {
                    let __kiln_case_sensitive: bool = #cs;
                    #ok(#order)
                },
                |#a, #b| {
                    let __kiln_case_sensitive: bool = #cs;
                    #ok(#same)
                },
                |#item| #ok(#grouper),
            )
        })
    }

    /// `join(d="", attribute=…)`: the attribute of each item, joined.
    fn join_attribute(
        &mut self,
        value: &SExpr,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        let params: &[Param] = &[
            ("d", Pass::Value, Some("\"\"")),
            ("attribute", Pass::Value, Some("none")),
        ];
        let given = match_args("join", params, args, expr)?;
        let separator = self.optional(given[0], quote! { "" })?;
        let span = expr.span;
        let Some((path, at)) = attribute_arg(given[1])? else {
            let input = self.expr(value)?;
            return Ok(self.located(
                quote! { ::kiln::filters::join(&(#input), #separator) },
                span,
            ));
        };
        let input = self.value_for_binding(value)?;
        let (item, body) = self.with_items(&["__kiln_item"], span, |g, items| {
            g.value_for_binding(&attribute_path(&items[0], path, at)?)
        })?;
        let item = &item[0];
        let ok = ok();
        let mapped = self.located(
            quote! { ::kiln::filters::map(#input, |#item| #ok(#body)) },
            span,
        );
        Ok(self.located(
            quote! { ::kiln::filters::join(&(#mapped), #separator) },
            span,
        ))
    }
}
