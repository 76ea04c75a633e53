//! Expressions: template expressions to Rust expressions.
//!
//! Three shapes are produced. A *value* is the Rust value itself (a field, a local, a
//! method's result), printed or passed on. A *condition* is a `bool`, through `Truthy`.
//! An *operand* is a `Val` (numbers, strings) or an `Other` (any other type), which Jinja's
//! arithmetic and comparisons work on.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::Generator;
use crate::ast::{Args, BinaryOp, Expr, SExpr, UnaryOp};
use crate::diagnostic::{backticked, Diagnostic};

/// The attributes of `loop` that Kiln computes.
const LOOP_ATTRS: &[&str] = &[
    "index",
    "index0",
    "revindex",
    "revindex0",
    "first",
    "last",
    "length",
    "cycle",
    "depth",
    "depth0",
    "previtem",
    "nextitem",
    "changed",
];

impl Generator<'_> {
    /// The expression as a Rust value.
    pub(super) fn expr(&mut self, expr: &SExpr) -> Result<TokenStream, Diagnostic> {
        Ok(match &expr.node {
            Expr::Str(s) => quote! { #s },
            Expr::Int(i) => {
                // Unsuffixed literals default to `i32`; wider values say their type so they
                // are not truncated where nothing else decides it (a filter's input).
                let lit = if i32::try_from(*i).is_ok() {
                    Literal::i128_unsuffixed(*i)
                } else if let Ok(i) = i64::try_from(*i) {
                    Literal::i64_suffixed(i)
                } else {
                    Literal::i128_suffixed(*i)
                };
                quote! { #lit }
            }
            Expr::Float(f) => {
                let lit = Literal::f64_suffixed(*f);
                quote! { #lit }
            }
            Expr::Bool(b) => quote! { #b },
            Expr::None => quote! { ::kiln::__private::Val::None },
            Expr::Var(name) => self.var(name, expr)?,
            Expr::Path(segments) => {
                // `crate`, `self` and `super` are valid path segments, unlike variable names.
                let segments = segments.iter().map(|s| match s.as_str() {
                    "crate" | "self" | "super" | "Self" => format_ident!("{}", s),
                    _ => super::rust_ident(s),
                });
                quote! { #(#segments)::* }
            }
            Expr::List(items) => {
                let items = items
                    .iter()
                    .map(|i| self.expr(i))
                    .collect::<Result<Vec<_>, _>>()?;
                quote! { [#(#items),*] }
            }
            Expr::Tuple(items) => {
                let items = items
                    .iter()
                    .map(|i| self.expr(i))
                    .collect::<Result<Vec<_>, _>>()?;
                quote! { (#(#items,)*) }
            }
            Expr::Dict(_) => {
                return Err(
                    Diagnostic::new("dict literals are not supported", expr.span)
                        .with_help("pass a `BTreeMap` or `HashMap` field from Rust instead"),
                )
            }
            Expr::Attr(obj, attr) => {
                if self.is_loop_var(obj) {
                    return self.loop_attr(attr, None);
                }
                let obj = self.attr_object(obj)?;
                let attr = attr_ident(&attr.node);
                quote! { (#obj).#attr }
            }
            Expr::Index(obj, key) => {
                let obj = self.expr(obj)?;
                let key = self.expr(key)?;
                self.located(
                    quote! { ::kiln::__private::get_item(&(#obj), #key) },
                    expr.span,
                )
            }
            Expr::Call(callee, args) => self.call(callee, args, expr)?,
            Expr::Filter(value, name, args) => self.filter(value, name, args, expr)?,
            Expr::Test {
                value,
                negated,
                name,
                args,
            } => self.test(value, *negated, name, args, expr)?,
            Expr::Unary(UnaryOp::Not, _) | Expr::Binary(BinaryOp::And | BinaryOp::Or, ..) => {
                self.condition(expr)?
            }
            Expr::Binary(op, ..) if op.is_comparison() => self.condition(expr)?,
            // `-1` is a literal, so it keeps a literal's flexible type (a filter's `i128`
            // parameter, an `i64` comparison) instead of becoming a `Val`.
            Expr::Unary(UnaryOp::Neg, operand)
                if matches!(operand.node, Expr::Int(_) | Expr::Float(_)) =>
            {
                let value = self.expr(operand)?;
                quote! { -#value }
            }
            Expr::Unary(op, operand) => {
                let operand = self.operand(operand)?;
                let f = if *op == UnaryOp::Neg {
                    quote! { neg }
                } else {
                    quote! { pos }
                };
                self.located(quote! { ::kiln::__private::ops::#f(#operand) }, expr.span)
            }
            Expr::Binary(BinaryOp::Range, lhs, rhs) => {
                let (lhs, rhs) = (self.expr(lhs)?, self.expr(rhs)?);
                quote! { (#lhs)..(#rhs) }
            }
            Expr::Binary(BinaryOp::Concat, lhs, rhs) => {
                let mut parts = Vec::new();
                flatten_concat(lhs, &mut parts);
                flatten_concat(rhs, &mut parts);
                // As Jinja2's `markup_join`: if a part is safe markup, the others are escaped
                // and the result is safe.
                let markup = self.file_escaping.escapes() && parts.iter().any(|p| self.is_safe(p));
                let parts = parts
                    .into_iter()
                    .map(|p| self.expr(p))
                    .collect::<Result<Vec<_>, _>>()?;
                let escaper = if markup {
                    self.escaper()
                } else {
                    quote! { ::kiln::__private::Text }
                };
                let result = if markup {
                    quote! { ::kiln::__private::Safe(__kiln_concat) }
                } else {
                    quote! { __kiln_concat }
                };
                quote! {{
                    let mut __kiln_concat = ::kiln::__private::std::string::String::new();
                    #( (&::kiln::__private::Wrap(&(#parts))).kiln_write(&mut __kiln_concat, #escaper)?; )*
                    #result
                }}
            }
            Expr::Binary(op, lhs, rhs) => {
                let (lhs, rhs) = (self.operand(lhs)?, self.operand(rhs)?);
                let f = match op {
                    BinaryOp::Add => "add",
                    BinaryOp::Sub => "sub",
                    BinaryOp::Mul => "mul",
                    BinaryOp::Div => "div",
                    BinaryOp::FloorDiv => "floordiv",
                    BinaryOp::Rem => "rem",
                    _ => "pow",
                };
                let f = format_ident!("{}", f);
                self.located(quote! { ::kiln::__private::ops::#f(#lhs, #rhs) }, expr.span)
            }
            Expr::Cond {
                cond,
                then,
                otherwise,
            } => {
                let Some(otherwise) = otherwise else {
                    return Err(
                        Diagnostic::new("inline `if` needs an `else` here", expr.span).with_help(
                            "only `{{ x if cond }}` printed directly may leave out the `else`",
                        ),
                    );
                };
                let test = self.condition(cond)?;
                let (then, otherwise) = (self.expr(then)?, self.expr(otherwise)?);
                quote! { if #test { #then } else { #otherwise } }
            }
        })
    }

    /// The expression as a `bool`, with Jinja's truthiness.
    pub(super) fn condition(&mut self, expr: &SExpr) -> Result<TokenStream, Diagnostic> {
        Ok(match &expr.node {
            Expr::Bool(b) => quote! { #b },
            Expr::Unary(UnaryOp::Not, operand) => {
                let test = self.condition(operand)?;
                quote! { !(#test) }
            }
            Expr::Binary(BinaryOp::And, lhs, rhs) => {
                let (lhs, rhs) = (self.condition(lhs)?, self.condition(rhs)?);
                quote! { (#lhs && #rhs) }
            }
            Expr::Binary(BinaryOp::Or, lhs, rhs) => {
                let (lhs, rhs) = (self.condition(lhs)?, self.condition(rhs)?);
                quote! { (#lhs || #rhs) }
            }
            Expr::Binary(op @ (BinaryOp::Eq | BinaryOp::Ne), lhs, rhs) => {
                let (lhs, rhs) = (self.operand(lhs)?, self.operand(rhs)?);
                let f = if *op == BinaryOp::Eq {
                    quote! { eq }
                } else {
                    quote! { ne }
                };
                quote! { ::kiln::__private::ops::#f(#lhs, #rhs) }
            }
            Expr::Binary(
                op @ (BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge),
                lhs,
                rhs,
            ) => {
                let (lhs, rhs) = (self.operand(lhs)?, self.operand(rhs)?);
                let f = format_ident!(
                    "{}",
                    match op {
                        BinaryOp::Lt => "lt",
                        BinaryOp::Le => "le",
                        BinaryOp::Gt => "gt",
                        _ => "ge",
                    }
                );
                self.located(quote! { ::kiln::__private::ops::#f(#lhs, #rhs) }, expr.span)
            }
            Expr::Binary(op @ (BinaryOp::In | BinaryOp::NotIn), needle, haystack) => {
                let needle = self.operand(needle)?;
                let haystack = self.expr(haystack)?;
                let test = self.located(
                    quote! { ::kiln::__private::ops::contains(&(#haystack), #needle) },
                    expr.span,
                );
                if *op == BinaryOp::In {
                    test
                } else {
                    quote! { !(#test) }
                }
            }
            _ => {
                let value = self.expr(expr)?;
                quote! { (&&&::kiln::__private::Truth(&(#value))).kiln_true() }
            }
        })
    }

    /// The expression as an operand of arithmetic or comparison.
    pub(super) fn operand(&mut self, expr: &SExpr) -> Result<TokenStream, Diagnostic> {
        Ok(match &expr.node {
            Expr::Int(i) => {
                let lit = Literal::i128_suffixed(*i);
                quote! { ::kiln::__private::Val::Int(#lit) }
            }
            Expr::Float(f) => {
                let lit = Literal::f64_suffixed(*f);
                quote! { ::kiln::__private::Val::Float(#lit) }
            }
            Expr::Str(s) => {
                quote! { ::kiln::__private::Val::Str(::kiln::__private::std::borrow::Cow::Borrowed(#s)) }
            }
            Expr::Bool(b) => quote! { ::kiln::__private::Val::Bool(#b) },
            Expr::None => quote! { ::kiln::__private::Val::None },
            // A negative literal is a plain literal in value position; here it is a `Val`.
            Expr::Unary(UnaryOp::Neg, inner)
                if matches!(inner.node, Expr::Int(_) | Expr::Float(_)) =>
            {
                let value = self.operand(inner)?;
                self.located(quote! { ::kiln::__private::ops::neg(#value) }, expr.span)
            }
            // Arithmetic already yields a `Val`.
            Expr::Binary(
                BinaryOp::Add
                | BinaryOp::Sub
                | BinaryOp::Mul
                | BinaryOp::Div
                | BinaryOp::FloorDiv
                | BinaryOp::Rem
                | BinaryOp::Pow,
                ..,
            )
            | Expr::Unary(UnaryOp::Neg | UnaryOp::Pos, _) => self.expr(expr)?,
            _ => {
                let value = self.expr(expr)?;
                quote! { (&::kiln::__private::Op(&(#value))).kiln_op() }
            }
        })
    }

    /// The expression as something to iterate. Places and literals go through `Iterable`
    /// (Jinja's meaning: map keys, string characters; through any number of `&`). Other
    /// expressions (method calls, `range`, filters) produce iterators or collections and are
    /// iterated by value with `IntoIterator`.
    pub(super) fn iterable(&mut self, expr: &SExpr) -> Result<TokenStream, Diagnostic> {
        let value = self.expr(expr)?;
        let by_reference = self.is_place(expr)
            || matches!(expr.node, Expr::Str(_) | Expr::List(_) | Expr::Tuple(_));
        Ok(if by_reference {
            quote! { (#value).kiln_iter() }
        } else {
            value
        })
    }

    /// The expression as the value of `set`: places are borrowed, temporaries moved.
    pub(super) fn value_for_binding(&mut self, expr: &SExpr) -> Result<TokenStream, Diagnostic> {
        let value = self.expr(expr)?;
        Ok(if self.is_place(expr) {
            quote! { &(#value) }
        } else {
            value
        })
    }

    /// Whether the generated expression is a place (a field or local) rather than a
    /// temporary, so it must be borrowed, not moved.
    fn is_place(&self, expr: &SExpr) -> bool {
        match &expr.node {
            Expr::Var(name) => !(name == "loop" && self.lookup(name).is_none()),
            Expr::Path(_) => true,
            Expr::Attr(obj, _) => !self.is_loop_var(obj),
            _ => false,
        }
    }

    fn is_loop_var(&self, expr: &SExpr) -> bool {
        matches!(&expr.node, Expr::Var(name) if name == "loop" && self.lookup("loop").is_none() && !self.loops.is_empty())
    }

    fn var(&mut self, name: &str, expr: &SExpr) -> Result<TokenStream, Diagnostic> {
        if let Some(ident) = self.lookup(name) {
            return Ok(quote! { #ident });
        }
        if name == "loop" {
            if self.loops.is_empty() {
                return Err(Diagnostic::new(
                    "`loop` is only defined inside a `for` loop",
                    expr.span,
                ));
            }
            let state = &self.loops.last().expect("checked above").1;
            return Ok(quote! { #state });
        }
        self.check_field(name, expr.span);
        let ident = super::rust_ident(name);
        Ok(quote! { self.#ident })
    }

    fn loop_attr(
        &mut self,
        attr: &crate::source::Spanned<String>,
        args: Option<&Args>,
    ) -> Result<TokenStream, Diagnostic> {
        let name = attr.node.as_str();
        match (name, args) {
            ("cycle", Some(args)) => {
                if args.positional.is_empty() || !args.keyword.is_empty() {
                    return Err(Diagnostic::new(
                        "`loop.cycle` takes one or more values",
                        attr.span,
                    ));
                }
                // As operands, literals and fields of different string types share one type.
                let items = args
                    .positional
                    .iter()
                    .map(|a| self.operand(a))
                    .collect::<Result<Vec<_>, _>>()?;
                let state = self.loop_state();
                Ok(quote! { #state.cycle(&[#(#items),*]) })
            }
            ("changed", Some(args)) => {
                if args.positional.is_empty() || !args.keyword.is_empty() {
                    return Err(Diagnostic::new(
                        "`loop.changed` takes one or more values",
                        attr.span,
                    ));
                }
                // One slot per value, declared before the loop, keeps an owned copy of the
                // value at this call's previous iteration. Every value is compared (no
                // short-circuit), so that each slot stays current. A slot is a `Cell`: the
                // call may be in a closure (a `call` block's body, a recursive loop's
                // `else`) that can only borrow it shared.
                let state = self.loop_state();
                let mut calls = Vec::new();
                for arg in &args.positional {
                    let value = self.expr(arg)?;
                    let slot = self.fresh("changed");
                    self.loop_slots.push((
                        state.clone(),
                        quote! { let #slot = ::kiln::__private::core::cell::Cell::new(::kiln::__private::core::option::Option::None); },
                    ));
                    calls.push(quote! { ::kiln::__private::changed(&#slot, &(#value)) });
                }
                Ok(quote! { ::kiln::__private::any_changed([#(#calls),*]) })
            }
            ("changed", None) => Err(Diagnostic::new(
                "`loop.changed` must be called: `loop.changed(item.date)`",
                attr.span,
            )),
            ("previtem" | "nextitem", None) => {
                let (prev, next) = super::node::neighbour_idents(&self.loop_state());
                Ok(if name == "previtem" {
                    quote! { #prev }
                } else {
                    quote! { #next }
                })
            }
            ("cycle", None) => Err(Diagnostic::new(
                "`loop.cycle` must be called: `loop.cycle(\"odd\", \"even\")`",
                attr.span,
            )),
            ("depth", None) => Ok(match self.innermost_recursion() {
                Some(r) => {
                    let depth = &r.depth;
                    quote! { #depth }
                }
                // Only a recursive loop nests in itself.
                None => quote! { 1usize },
            }),
            ("depth0", None) => Ok(match self.innermost_recursion() {
                Some(r) => {
                    let depth = &r.depth;
                    quote! { (#depth - 1) }
                }
                None => quote! { 0usize },
            }),
            (_, Some(_)) if LOOP_ATTRS.contains(&name) => Err(Diagnostic::new(
                format!("`loop.{name}` is not a function"),
                attr.span,
            )),
            ("first", None) => {
                let first = super::node::first_ident(&self.loop_state());
                Ok(quote! { #first })
            }
            (_, None) if LOOP_ATTRS.contains(&name) => {
                let method = format_ident!("{}", name);
                let state = self.loop_state();
                Ok(quote! { #state.#method() })
            }
            _ => Err(
                Diagnostic::new(format!("`loop` has no attribute `{name}`"), attr.span)
                    .suggest(name, LOOP_ATTRS.iter().copied())
                    .or_help(format!("`loop` has {}", backticked(LOOP_ATTRS))),
            ),
        }
    }

    /// The object of `.attr` or `.method()`. A filter's result or a local may be a `Maybe`
    /// (`(users|first).name`): it is unwrapped, failing as Jinja2 does when it is missing.
    /// Fields are used directly.
    fn attr_object(&mut self, obj: &SExpr) -> Result<TokenStream, Diagnostic> {
        let value = self.expr(obj)?;
        let may_be_missing = match &obj.node {
            Expr::Filter(..) => true,
            Expr::Attr(inner, attr) if self.is_loop_var(inner) => {
                matches!(attr.node.as_str(), "previtem" | "nextitem")
            }
            Expr::Var(name) => self.lookup(name).is_some(),
            _ => false,
        };
        Ok(if may_be_missing {
            self.located(
                quote! { (&::kiln::filters::AttrOf(&(#value))).kiln_attr_of() },
                obj.span,
            )
        } else {
            value
        })
    }

    /// The identifier of the innermost loop's state (callers check there is a loop).
    fn loop_state(&self) -> proc_macro2::Ident {
        self.loops.last().map_or_else(
            || format_ident!("__kiln_no_loop"),
            |(_, ident)| ident.clone(),
        )
    }

    fn call(
        &mut self,
        callee: &SExpr,
        args: &Args,
        expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        if self.calls_loop(callee) {
            return Err(self.recursion_as_value(expr));
        }
        if let Some(target) = self.callee(callee, expr.span.file)? {
            return self.value_call(target, args, expr);
        }
        if let Expr::Attr(obj, attr) = &callee.node {
            if self.is_loop_var(obj) {
                return self.loop_attr(attr, Some(args));
            }
        }
        if let Some((name, _)) = args.keyword.first() {
            return Err(Diagnostic::new(
                "keyword arguments are only supported for filters",
                name.span,
            ));
        }
        if callee.node == Expr::Var("range".into()) && self.lookup("range").is_none() {
            let values = args
                .positional
                .iter()
                .map(|a| self.expr(a))
                .collect::<Result<Vec<_>, _>>()?;
            let none = quote! { ::kiln::__private::core::option::Option::None::<&i64> };
            let call = match values.as_slice() {
                [stop] => quote! { ::kiln::__private::range(&(#stop), #none, #none) },
                [start, stop] => {
                    quote! { ::kiln::__private::range(&(#start), Some(&(#stop)), #none) }
                }
                [start, stop, step] => {
                    quote! { ::kiln::__private::range(&(#start), Some(&(#stop)), Some(&(#step))) }
                }
                _ => {
                    return Err(Diagnostic::new(
                        format!("`range` takes 1 to 3 arguments, not {}", values.len()),
                        expr.span,
                    ))
                }
            };
            return Ok(self.located(call, expr.span));
        }
        if callee.node == Expr::Var("super".into()) {
            return Err(Diagnostic::new(
                "`super()` can only be printed on its own: `{{ super() }}`",
                expr.span,
            ));
        }
        let values = args
            .positional
            .iter()
            .map(|a| self.expr(a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(match &callee.node {
            Expr::Attr(obj, method) => {
                let obj = self.attr_object(obj)?;
                let method = attr_ident(&method.node);
                quote! { (#obj).#method(#(#values),*) }
            }
            Expr::Var(name) if self.lookup(name).is_none() => {
                // Not a macro: a method of the struct. A name one typo away from a macro is
                // far more likely a misspelled macro, and rustc could not say where it is.
                let macros = self.options.scopes.names_in(callee.span.file);
                if let Some(close) =
                    crate::diagnostic::did_you_mean(name, macros.iter().map(String::as_str))
                {
                    return Err(
                        Diagnostic::new(format!("unknown macro `{name}`"), callee.span)
                            .with_help(format!("did you mean `{close}`?")),
                    );
                }
                let method = super::rust_ident(name);
                quote! { self.#method(#(#values),*) }
            }
            _ => {
                let callee = self.expr(callee)?;
                quote! { (#callee)(#(#values),*) }
            }
        })
    }
}

impl Generator<'_> {
    /// Whether the value is known at compile time to be safe markup: `|safe` and `|escape`
    /// results, block `set`s, and string filters or `~` applied to those.
    pub(super) fn is_safe(&self, expr: &SExpr) -> bool {
        match &expr.node {
            Expr::Var(name) => self.lookup(name).is_some() && self.is_safe_local(name),
            // A macro's output is markup, escaped as it was rendered.
            Expr::Call(callee, _) => matches!(self.callee(callee, expr.span.file), Ok(Some(_))),
            Expr::Filter(value, name, _) => match name.node.as_str() {
                "safe" | "e" | "escape" => true,
                other if super::filter::returns_markup(other) => true,
                other => super::filter::keeps_markup(other) && self.is_safe(value),
            },
            Expr::Binary(BinaryOp::Concat, ..) => {
                let mut parts = Vec::new();
                flatten_concat(expr, &mut parts);
                self.file_escaping.escapes() && parts.iter().any(|p| self.is_safe(p))
            }
            _ => false,
        }
    }
}

/// `a ~ b ~ c` as a flat list of parts.
fn flatten_concat<'e>(expr: &'e SExpr, parts: &mut Vec<&'e SExpr>) {
    match &expr.node {
        Expr::Binary(BinaryOp::Concat, lhs, rhs) => {
            flatten_concat(lhs, parts);
            flatten_concat(rhs, parts);
        }
        _ => parts.push(expr),
    }
}

/// A field or method name; a number is a tuple field (`pair.0`).
fn attr_ident(name: &str) -> TokenStream {
    if name.bytes().all(|b| b.is_ascii_digit()) {
        let index = syn::Index::from(name.parse::<usize>().unwrap_or(0));
        quote! { #index }
    } else {
        let ident = super::rust_ident(name);
        quote! { #ident }
    }
}
