//! Filters: `value|name(args)` bound to a built-in filter's row, lowered to closures for
//! the filters that take an attribute, a test or a filter by name, or left to the user's
//! `filters` module.
//!
//! The name given to `map`, `select`, `sort`, … is known at compile time, so it becomes
//! code: `map(attribute="address.city")` is `|item| item.address.city`, `select("odd")` is
//! `|item| item is odd`, `sort(attribute="age,name")` compares two items' `age`, then
//! `name`. The items are bindings of their own ([`BindingKind::Item`]), and the attribute,
//! test or filter is a checked expression over them.

use super::bind::{self, Callee};
use super::Checker;
use crate::ast::{Args, Expr as AstExpr, SExpr};
use crate::builtins::{self, FilterSpec, ParamDefault, Shape};
use crate::checked::{
    BindingId, Closure, Closure2, Comparator, Expr, ExprKind, Filter, FilterKind,
};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

/// The most positional arguments a custom filter takes (the runtime has dispatch traits up
/// to this many).
const MAX_POSITIONAL: usize = 8;

impl Checker<'_> {
    /// `value|name(args)`.
    pub(super) fn filter(
        &mut self,
        value: &SExpr,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<Expr, Diagnostic> {
        let is_default = builtins::filter_named(&name.node).is_some_and(|f| f.name == "default");
        if !is_default {
            let checked = self.expr(value)?;
            return self.filter_on(checked, name, args, expr.span);
        }
        // `x|default(y)` on a name that exists nowhere is `y`: Jinja's undefined, known at
        // compile time.
        let checked = self.maybe_undefined(value)?;
        if checked.kind != ExprKind::Undefined {
            return self.filter_on(checked, name, args, expr.span);
        }
        let spec = builtins::filter_named("default").expect("`default` is a built-in filter");
        let mut bound = self.bind_filter(spec, name, args, expr.span)?;
        Ok(match bound.first_mut().and_then(Option::take) {
            Some(default) => default,
            None => ExprKind::Str(String::new()).at(expr.span),
        })
    }

    /// `name(args)` applied to the checked `value` (an item of a closure for `map`).
    pub(super) fn filter_on(
        &mut self,
        value: Expr,
        name: &Spanned<String>,
        args: &Args,
        span: Span,
    ) -> Result<Expr, Diagnostic> {
        let value_safe = self.is_safe(&value);
        let kind = match builtins::filter_named(&name.node) {
            None => self.custom_filter(name, args)?,
            Some(spec) if spec.shape == Shape::ByName => self.by_name(spec, name, args, span)?,
            // `join(attribute=…)` maps before it joins.
            Some(spec) if spec.name == "join" => self.by_name(spec, name, args, span)?,
            Some(spec) if spec.shape == Shape::Format => {
                if let Some((kw, _)) = args.keyword.first() {
                    return Err(Diagnostic::new(
                        "`format` takes positional arguments only",
                        kw.span,
                    ));
                }
                // Python's `%s` prints a list's repr; Kiln formats numbers, strings, bools
                // and `none`, and a literal collection is refused here, at its place,
                // rather than by rustc at the derive.
                if let Some(arg) = args.positional.iter().find(|a| {
                    matches!(
                        a.node,
                        AstExpr::List(_) | AstExpr::Tuple(_) | AstExpr::Dict(_)
                    )
                }) {
                    return Err(Diagnostic::new(
                        "`format` formats numbers, strings, booleans and `none`, not a list, tuple or dict",
                        arg.span,
                    )
                    .with_help("print the collection with `join`, or format its items one by one"));
                }
                let pieces = match &value.kind {
                    ExprKind::Str(text) => Some(super::format::parse(
                        self.options.files,
                        text,
                        value.span,
                        args.positional.len(),
                    )?),
                    _ => None,
                };
                FilterKind::Format {
                    args: self.exprs(&args.positional),
                    pieces,
                }
            }
            Some(spec) => {
                let bound = self.bind_filter(spec, name, args, span)?;
                FilterKind::Builtin(spec, bound)
            }
        };
        Ok(ExprKind::Filter(Box::new(Filter {
            value,
            kind,
            name: name.clone(),
            value_safe,
        }))
        .at(span))
    }

    /// Binds a built-in filter's arguments and checks the given ones.
    fn bind_filter(
        &mut self,
        spec: &'static FilterSpec,
        name: &Spanned<String>,
        args: &Args,
        span: Span,
    ) -> Result<Vec<Option<Expr>>, Diagnostic> {
        let given = self.bind_raw(spec, name, args, span)?;
        Ok(given
            .into_iter()
            .map(|arg| {
                arg.map(|arg| {
                    let checked = self.expr(arg);
                    self.or_none(checked, arg.span)
                })
            })
            .collect())
    }

    /// Binds a built-in filter's arguments, unchecked.
    fn bind_raw<'e>(
        &self,
        spec: &'static FilterSpec,
        name: &Spanned<String>,
        args: &'e Args,
        span: Span,
    ) -> Result<Vec<Option<&'e SExpr>>, Diagnostic> {
        let signature = spec.signature();
        let params: Vec<bind::Param<'_>> = spec
            .params
            .iter()
            .map(|p| bind::Param {
                name: p.name,
                required: p.default == ParamDefault::Required,
            })
            .collect();
        let callee = Callee {
            what: "filter",
            name: &name.node,
            signature: &signature,
            hint: "",
            span,
        };
        let bound = bind::bind(callee, &params, args)?;
        Ok(bound.into_iter().map(|b| b.map(|(_, arg)| arg)).collect())
    }

    /// A filter of the user's `filters` module (rustc finds it; a name one edit from a
    /// built-in is reported here, since rustc could not say where the template has it).
    fn custom_filter(
        &mut self,
        name: &Spanned<String>,
        args: &Args,
    ) -> Result<FilterKind, Diagnostic> {
        if name.node.chars().count() >= 4 {
            if let Some(close) =
                builtins::filter_names().find(|b| strsim::osa_distance(b, &name.node) == 1)
            {
                return Err(
                    Diagnostic::new(format!("unknown filter `{}`", name.node), name.span)
                        .with_help(format!("did you mean `{close}`?")),
                );
            }
        }
        if let Some(known) = self.options.custom_filters {
            if !known.contains(&name.node) {
                let mut names: Vec<&str> = known.iter().map(String::as_str).collect();
                for builtin in builtins::filter_names() {
                    names.push(builtin);
                }
                return Err(
                    Diagnostic::new(format!("unknown filter `{}`", name.node), name.span)
                        .suggest(&name.node, names.iter().copied())
                        .or_help(format!(
                            "a custom filter is a function in your `filters` module, listed in \
                             `kiln.toml`: `[general] filters = [\"{}\"]`",
                            name.node
                        )),
                );
            }
        }
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
        for (i, (kw, _)) in args.keyword.iter().enumerate() {
            if args.keyword[..i].iter().any(|(k, _)| k.node == kw.node) {
                return Err(Diagnostic::new(
                    format!("argument `{}` is given twice", kw.node),
                    kw.span,
                ));
            }
        }
        Ok(FilterKind::Custom {
            positional: self.exprs(&args.positional),
            keyword: args
                .keyword
                .iter()
                .map(|(k, v)| {
                    let checked = self.expr(v);
                    (k.node.clone(), self.or_none(checked, v.span))
                })
                .collect(),
        })
    }

    /// The filters whose arguments name an attribute, a test or a filter.
    fn by_name(
        &mut self,
        spec: &'static FilterSpec,
        name: &Spanned<String>,
        args: &Args,
        span: Span,
    ) -> Result<FilterKind, Diagnostic> {
        let filter = spec.name;
        Ok(match filter {
            "attr" => {
                let given = self.bind_raw(spec, name, args, span)?;
                let Some(attribute) = given[0] else {
                    return Err(Diagnostic::new("`attr` needs an attribute name", span));
                };
                let field = literal(attribute, "the attribute name")?;
                if field.contains('.') {
                    return Err(Diagnostic::new(
                        "`attr` takes one attribute name, without dots",
                        attribute.span,
                    ));
                }
                let object = self.item_scope(|c| c.bind_item("__kiln_object", span));
                let access = attribute_path(local(object, span), field, attribute.span)?;
                FilterKind::Attr { object, access }
            }
            "map" => self.map(args, span)?,
            "select" | "reject" => self.select(filter == "reject", false, args, span)?,
            "selectattr" | "rejectattr" => self.select(filter == "rejectattr", true, args, span)?,
            "sort" => {
                let given = self.bind_raw(spec, name, args, span)?;
                let reverse = self.optional(given[0]);
                let case_sensitive = self.optional(given[1]);
                let attributes_owned = attribute_arg(given[2])?;
                let attributes = attributes_owned.as_ref().map(|(a, s)| (&**a, *s));
                FilterKind::Sort {
                    reverse,
                    compare: self.comparator(attributes, case_sensitive, span)?,
                }
            }
            "min" | "max" => {
                let given = self.bind_raw(spec, name, args, span)?;
                let case_sensitive = self.optional(given[0]);
                let attribute_owned = attribute_arg(given[1])?;
                let attribute = attribute_owned.as_ref().map(|(a, s)| (&**a, *s));
                if let Some((path, at)) = attribute.filter(|(p, _)| p.contains(',')) {
                    return Err(Diagnostic::new(
                        format!("`{filter}` takes one attribute, not the list `{path}`"),
                        at,
                    ));
                }
                FilterKind::MinMax {
                    function: spec.name,
                    compare: self.comparator(attribute, case_sensitive, span)?,
                }
            }
            "unique" => {
                let given = self.bind_raw(spec, name, args, span)?;
                let case_sensitive = self.optional(given[0]);
                let attribute_owned = attribute_arg(given[1])?;
                let attribute = attribute_owned.as_ref().map(|(a, s)| (&**a, *s));
                let same = self.pair(span, |a, b| {
                    Ok(vec![match attribute {
                        Some((path, at)) => {
                            (attribute_path(a, path, at)?, attribute_path(b, path, at)?)
                        }
                        None => (a, b),
                    }])
                })?;
                FilterKind::Unique {
                    case_sensitive,
                    same,
                }
            }
            "dictsort" => {
                let given = self.bind_raw(spec, name, args, span)?;
                let case_sensitive = self.optional(given[0]);
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
                let reverse = self.optional(given[2]);
                FilterKind::DictSort {
                    reverse,
                    compare: self.comparator(Some((half, span)), case_sensitive, span)?,
                }
            }
            "groupby" => {
                let given = self.bind_raw(spec, name, args, span)?;
                let Some(attribute) = given[0] else {
                    return Err(Diagnostic::new("`groupby` needs an attribute", span));
                };
                let path = attribute_name(attribute)?;
                let path = &*path;
                let default = given[1].filter(|d| !is_none_literal(d));
                let default = default.map(|d| {
                    let checked = self.expr(d);
                    (self.or_none(checked, d.span), d.span)
                });
                let case_sensitive = self.optional(given[2]);
                let key = |base: Expr| -> Result<Expr, Diagnostic> {
                    let value = attribute_path(base, path, attribute.span)?;
                    Ok(match &default {
                        Some((default, at)) => or_default(value, default.clone(), *at, span),
                        None => value,
                    })
                };
                let pair = self.pair(span, |a, b| Ok(vec![(key(a)?, key(b)?)]))?;
                let item = self.item_scope(|c| c.bind_item("__kiln_item", span));
                let key = Closure {
                    params: vec![item],
                    body: key(local(item, span))?,
                };
                FilterKind::GroupBy {
                    case_sensitive,
                    pair,
                    key,
                }
            }
            "sum" => {
                let given = self.bind_raw(spec, name, args, span)?;
                let attribute_owned = attribute_arg(given[0])?;
                let attribute = attribute_owned.as_ref().map(|(a, s)| (&**a, *s));
                let start = self.optional(given[1]);
                let item = self.item_scope(|c| c.bind_item("__kiln_item", span));
                let term = match attribute {
                    Some((path, at)) => attribute_path(local(item, span), path, at)?,
                    None => local(item, span),
                };
                FilterKind::Sum {
                    start,
                    term: Closure {
                        params: vec![item],
                        body: term,
                    },
                }
            }
            "batch" | "slice" => {
                let given = self.bind_raw(spec, name, args, span)?;
                let Some(count) = given[0] else {
                    return Err(Diagnostic::new(format!("`{filter}` needs a count"), span));
                };
                let count = self.expr(count)?;
                let fill = given[1].filter(|f| !is_none_literal(f));
                FilterKind::Chunks {
                    function: spec.name,
                    count,
                    fill: self.optional(fill),
                }
            }
            // `join`: with an attribute, each item's attribute is joined.
            _ => {
                let given = self.bind_raw(spec, name, args, span)?;
                let separator = self.optional(given[0]);
                match attribute_arg(given[1])?.as_ref().map(|(a, s)| (&**a, *s)) {
                    None => FilterKind::Builtin(spec, vec![separator]),
                    Some((path, at)) => {
                        let item = self.item_scope(|c| c.bind_item("__kiln_item", span));
                        FilterKind::JoinAttribute {
                            separator,
                            item: Closure {
                                params: vec![item],
                                body: attribute_path(local(item, span), path, at)?,
                            },
                        }
                    }
                }
            }
        })
    }

    /// An optional argument, checked.
    fn optional(&mut self, arg: Option<&SExpr>) -> Option<Expr> {
        arg.map(|arg| {
            let checked = self.expr(arg);
            self.or_none(checked, arg.span)
        })
    }

    /// Runs `f` in a scope of its own, for the items of a closure.
    fn item_scope<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.stack.push(super::scope::Scope::default());
        let out = f(self);
        self.scopes.end_scope();
        out
    }

    /// A closure over two items `a` and `b`, with the operand pairs `keys` makes of them.
    fn pair(
        &mut self,
        span: Span,
        keys: impl FnOnce(Expr, Expr) -> Result<Vec<(Expr, Expr)>, Diagnostic>,
    ) -> Result<Closure2, Diagnostic> {
        let (a, b) =
            self.item_scope(|c| (c.bind_item("__kiln_a", span), c.bind_item("__kiln_b", span)));
        Ok(Closure2 {
            params: [a, b],
            keys: keys(local(a, span), local(b, span))?,
        })
    }

    /// A comparison of two items by the attributes of `attributes` (comma-separated, each
    /// dotted), or by themselves.
    fn comparator(
        &mut self,
        attributes: Option<(&str, Span)>,
        case_sensitive: Option<Expr>,
        span: Span,
    ) -> Result<Comparator, Diagnostic> {
        let keys = self.pair(span, |a, b| match attributes {
            Some((list, at)) => list
                .split(',')
                .map(|path| {
                    let path = path.trim();
                    Ok((
                        attribute_path(a.clone(), path, at)?,
                        attribute_path(b.clone(), path, at)?,
                    ))
                })
                .collect(),
            None => Ok(vec![(a, b)]),
        })?;
        Ok(Comparator {
            case_sensitive,
            keys,
        })
    }

    /// `map(attribute="…", default=…)` or `map("filter", args…)`.
    fn map(&mut self, args: &Args, span: Span) -> Result<FilterKind, Diagnostic> {
        let attribute = args.keyword.iter().find(|(k, _)| k.node == "attribute");
        if let (Some((_, attribute)), true) = (attribute, args.positional.is_empty()) {
            let path = attribute_name(attribute)?;
            let path = &*path;
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
            let default =
                args.keyword
                    .iter()
                    .find(|(k, _)| k.node == "default")
                    .map(|(kw, default)| {
                        let checked = self.expr(default);
                        (self.or_none(checked, default.span), kw.span)
                    });
            let item = self.item_scope(|c| c.bind_item("__kiln_item", span));
            let mut body = attribute_path(local(item, span), path, attribute.span)?;
            if let Some((default, at)) = default {
                body = or_default(body, default, at, span);
            }
            return Ok(FilterKind::Map(Closure {
                params: vec![item],
                body,
            }));
        }
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
        self.scopes.stack.push(super::scope::Scope::default());
        let item = self.bind_item("__kiln_item", span);
        let result = if filter_name == "safe" && nested.is_empty() {
            // `safe` borrows its input, and a borrow of the closure's parameter cannot
            // leave the closure: the item itself is wrapped instead.
            Ok(FilterKind::MapSafe(Closure {
                params: vec![item],
                body: local(item, span),
            }))
        } else {
            let name = Spanned::new(filter_name.to_owned(), filter.span);
            self.filter_on(local(item, span), &name, &nested, span)
                .map(|body| {
                    FilterKind::Map(Closure {
                        params: vec![item],
                        body,
                    })
                })
        };
        self.scopes.end_scope();
        result
    }

    /// `select(test, args…)` / `reject` and `selectattr(attribute, test, args…)` /
    /// `rejectattr`: a closure testing each item (or its attribute); without a test, its
    /// truth.
    fn select(
        &mut self,
        negate: bool,
        by_attribute: bool,
        args: &Args,
        span: Span,
    ) -> Result<FilterKind, Diagnostic> {
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
        self.scopes.stack.push(super::scope::Scope::default());
        let item = self.bind_item("__kiln_item", span);
        let keep = (|| {
            let value = match attribute {
                Some((path, at)) => attribute_path(local(item, span), path, at)?,
                None => local(item, span),
            };
            match test {
                Some(test) => {
                    let name = literal(test, "the test name")?;
                    self.test_on(
                        value,
                        false,
                        &Spanned::new(name.to_owned(), test.span),
                        &test_args,
                        span,
                    )
                }
                None => Ok(value),
            }
        })();
        self.scopes.end_scope();
        let keep = keep?;
        let keep = if negate {
            ExprKind::Unary(crate::ast::UnaryOp::Not, Box::new(keep)).at(span)
        } else {
            keep
        };
        Ok(FilterKind::Select(Closure {
            params: vec![item],
            body: keep,
        }))
    }
}

/// The local `id` as an expression.
fn local(id: BindingId, span: Span) -> Expr {
    ExprKind::Local(id).at(span)
}

/// A string literal argument naming an attribute, a test or a filter.
fn literal<'a>(arg: &'a SExpr, what: &str) -> Result<&'a str, Diagnostic> {
    match &arg.node {
        AstExpr::Str(s) => Ok(s),
        _ => Err(
            Diagnostic::new(format!("{what} must be a string literal"), arg.span)
                .with_help("it is looked up when the template is compiled, not when it renders"),
        ),
    }
}

/// Whether an argument is the literal `none` (which Jinja2 treats as not given).
fn is_none_literal(expr: &SExpr) -> bool {
    matches!(expr.node, AstExpr::None)
}

/// The attribute argument, if given and not `none`: a string, or an integer index as
/// Jinja2 takes it (`sum(attribute=1)` is `attribute="1"`).
fn attribute_arg(
    arg: Option<&SExpr>,
) -> Result<Option<(std::borrow::Cow<'_, str>, Span)>, Diagnostic> {
    match arg {
        Some(arg) if !is_none_literal(arg) => Ok(Some((attribute_name(arg)?, arg.span))),
        _ => Ok(None),
    }
}

/// An attribute name: a string literal, or an integer index as Jinja2 takes it
/// (`attribute=1` is `attribute="1"`).
fn attribute_name(arg: &SExpr) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
    match &arg.node {
        AstExpr::Int(i) if *i >= 0 => Ok(std::borrow::Cow::Owned(i.to_string())),
        _ => literal(arg, "the attribute").map(std::borrow::Cow::Borrowed),
    }
}

/// `base.a.b` for the attribute path `"a.b"` (numbers select tuple fields: `"0"` is `.0`).
fn attribute_path(base: Expr, path: &str, span: Span) -> Result<Expr, Diagnostic> {
    let mut expr = base;
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
        expr = ExprKind::Attr(Box::new(expr), Spanned::new(part.to_owned(), span)).at(span);
    }
    Ok(expr)
}

/// `value|default(default)`, for the `default=` parameters of `map` and `groupby`; the
/// filter's name is located at `name_span`.
fn or_default(value: Expr, default: Expr, name_span: Span, span: Span) -> Expr {
    let spec = builtins::filter_named("default").expect("`default` is a built-in filter");
    ExprKind::Filter(Box::new(Filter {
        value,
        kind: FilterKind::Builtin(spec, vec![Some(default), None]),
        name: Spanned::new("default".to_owned(), name_span),
        value_safe: false,
    }))
    .at(span)
}
