//! Expressions: names, `loop`, operators and calls.
//!
//! Two positions are told apart. *Printed* (`{{ … }}` on its own, or a branch of a printed
//! inline `if`, `and` or `or`) may hold what only exists as output: `loop(children)`, an
//! inline `if` without `else`. Anywhere else is a *value*.

use super::bind::{self, Callee};
use super::macros::{self, Callee2};
use super::{const_truth, Checker};
use crate::ast::{Args, BinaryOp, Expr as AstExpr, SExpr};
use crate::checked::{BindingId, Expr, ExprKind, LoopAttr, LoopId, LoopUse};
use crate::diagnostic::{backticked, did_you_mean, Diagnostic};
use crate::source::{Span, Spanned};
use crate::tree;

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

impl Checker<'_> {
    /// An expression printed on its own.
    pub(super) fn print_expr(&mut self, expr: &SExpr) -> Result<Expr, Diagnostic> {
        match &expr.node {
            // Printed directly, inline `if` and `and`/`or` print one branch or the other, as
            // Python's operators return an operand; each branch is printed on its own.
            AstExpr::Cond {
                cond,
                then,
                otherwise,
            } => self.cond(cond, then, otherwise.as_deref(), expr, true),
            AstExpr::Binary(op @ (BinaryOp::Or | BinaryOp::And), lhs, rhs) => {
                let lhs = self.expr(lhs);
                let lhs = self.or_none(lhs, expr.span);
                // Known at compile time: only the branch that prints is checked.
                match (op, const_truth(&lhs)) {
                    (BinaryOp::And, Some(false)) | (BinaryOp::Or, Some(true)) => return Ok(lhs),
                    (_, Some(_)) => return self.print_expr(rhs),
                    (_, None) => {}
                }
                // `caller and caller()`: the right runs only if the left decides nothing.
                let guarded = match op {
                    BinaryOp::And => macros::true_only_with_caller(&lhs),
                    _ => macros::false_only_with_caller(&lhs),
                };
                let rhs = self.caller_guarded(guarded, |c| c.print_expr(rhs));
                let rhs = self.or_none(rhs, expr.span);
                Ok(ExprKind::Binary(*op, Box::new(lhs), Box::new(rhs)).at(expr.span))
            }
            AstExpr::Call(callee, args) if self.calls_loop(callee) => self.recurse(args, expr),
            // A macro or `caller()` printed writes straight into the output.
            AstExpr::Call(callee, args) => match self.callee(callee, expr.span.file)? {
                Some(target) => self.call_target(target, args, expr),
                None => self.expr(expr),
            },
            _ => self.expr(expr),
        }
    }

    /// An expression as a value.
    pub(super) fn expr(&mut self, expr: &SExpr) -> Result<Expr, Diagnostic> {
        let span = expr.span;
        Ok(match &expr.node {
            AstExpr::Str(s) => ExprKind::Str(s.clone()).at(span),
            AstExpr::Int(i) => ExprKind::Int(*i).at(span),
            AstExpr::Float(f) => ExprKind::Float(*f).at(span),
            AstExpr::Bool(b) => ExprKind::Bool(*b).at(span),
            AstExpr::None => ExprKind::None.at(span),
            AstExpr::Var(name) => self.var(name, expr)?,
            AstExpr::Path(segments) => ExprKind::Path(segments.clone()).at(span),
            AstExpr::List(items) => ExprKind::List(self.exprs(items)).at(span),
            AstExpr::Tuple(items) => ExprKind::Tuple(self.exprs(items)).at(span),
            AstExpr::Dict(pairs) => self.dict_literal(pairs, span),
            AstExpr::Attr(obj, attr) => {
                if let Some(id) = self.loop_var(obj) {
                    return self.loop_attr(id, attr, None);
                }
                if let Some(get) = self.namespace_get(obj, attr, span) {
                    return Ok(get);
                }
                if let Some(repr) = self.macro_repr(expr) {
                    return Ok(repr);
                }
                // `self.field`, askama's spelling of a field of the struct.
                if self.is_self(obj) {
                    let field = Spanned::new(AstExpr::Var(attr.node.clone()), attr.span);
                    return self.var(&attr.node, &field);
                }
                ExprKind::Attr(Box::new(self.expr(obj)?), attr.clone()).at(span)
            }
            AstExpr::Index(obj, key) => {
                let obj = self.expr(obj)?;
                let key = self.expr(key)?;
                ExprKind::Index(Box::new(obj), Box::new(key)).at(span)
            }
            AstExpr::Slice {
                value,
                start,
                stop,
                step,
            } => {
                let value = self.expr(value)?;
                let mut part = |part: &Option<Box<SExpr>>| {
                    part.as_ref().map(|p| {
                        let checked = self.expr(p);
                        Box::new(self.or_none(checked, p.span))
                    })
                };
                let parts = [part(start), part(stop), part(step)];
                ExprKind::Slice(Box::new(value), parts).at(span)
            }
            AstExpr::Call(callee, args) => self.call(callee, args, expr)?,
            AstExpr::Filter(value, name, args) => self.filter(value, name, args, expr)?,
            AstExpr::Test {
                value,
                negated,
                name,
                args,
            } => self.test(value, *negated, name, args, expr)?,
            AstExpr::Unary(op, operand) => {
                ExprKind::Unary(*op, Box::new(self.expr(operand)?)).at(span)
            }
            AstExpr::Binary(BinaryOp::Concat, lhs, rhs) => {
                let mut parts = Vec::new();
                flatten_concat(lhs, &mut parts);
                flatten_concat(rhs, &mut parts);
                let parts: Vec<Expr> = parts
                    .into_iter()
                    .map(|p| {
                        let checked = self.expr(p);
                        self.or_none(checked, p.span)
                    })
                    .collect();
                // As Jinja2's `markup_join`: if a part is safe markup, the others are
                // escaped and the result is safe.
                let markup = self.escaping.escapes() && parts.iter().any(|p| self.is_safe(p));
                ExprKind::Concat { parts, markup }.at(span)
            }
            AstExpr::Binary(op @ (BinaryOp::And | BinaryOp::Or), lhs, rhs) => {
                let lhs = self.expr(lhs);
                let lhs = self.or_none(lhs, span);
                // `x is defined and x.y`: a right side that cannot be reached is not
                // checked, as Jinja2 does not evaluate it.
                match (op, const_truth(&lhs)) {
                    (BinaryOp::And, Some(false)) => return Ok(ExprKind::Bool(false).at(span)),
                    (BinaryOp::Or, Some(true)) => return Ok(ExprKind::Bool(true).at(span)),
                    (_, Some(_)) => return self.expr(rhs),
                    (_, None) => {}
                }
                let rhs = self.expr(rhs);
                let rhs = self.or_none(rhs, span);
                ExprKind::Binary(*op, Box::new(lhs), Box::new(rhs)).at(span)
            }
            AstExpr::Binary(op, lhs, rhs) => {
                let lhs = self.expr(lhs);
                let rhs = self.expr(rhs);
                let lhs = self.or_none(lhs, span);
                let rhs = self.or_none(rhs, span);
                ExprKind::Binary(*op, Box::new(lhs), Box::new(rhs)).at(span)
            }
            AstExpr::Cond {
                cond,
                then,
                otherwise,
            } => self.cond(cond, then, otherwise.as_deref(), expr, false)?,
            AstExpr::Spread(_) => {
                return Err(Diagnostic::new(
                    "`*items` unpacks a sequence only in `loop.cycle(*items)`",
                    span,
                )
                .with_help(
                    "Kiln compiles each call with a fixed number of arguments; write them out",
                ))
            }
        })
    }

    /// `then if cond else otherwise`, printed (each branch printed on its own) or as a
    /// value. Without `otherwise`, the value is undefined when the condition is false. A
    /// condition known at compile time checks only the branch it takes.
    fn cond(
        &mut self,
        cond: &SExpr,
        then: &SExpr,
        otherwise: Option<&SExpr>,
        expr: &SExpr,
        printed: bool,
    ) -> Result<Expr, Diagnostic> {
        let span = expr.span;
        let branch = |checker: &mut Self, branch: &SExpr| {
            if printed {
                checker.print_expr(branch)
            } else {
                checker.expr(branch)
            }
        };
        let cond = self.expr(cond);
        let cond = self.or_none(cond, span);
        match const_truth(&cond) {
            Some(true) => return branch(self, then),
            Some(false) => {
                return match otherwise {
                    Some(otherwise) => branch(self, otherwise),
                    None => Ok(ExprKind::Undefined.at(span)),
                }
            }
            None => {}
        }
        let then = self.caller_guarded(macros::true_only_with_caller(&cond), |c| branch(c, then));
        let then = self.or_none(then, span);
        let otherwise = otherwise.map(|o| {
            let guarded = macros::false_only_with_caller(&cond);
            let checked = self.caller_guarded(guarded, |c| branch(c, o));
            Box::new(self.or_none(checked, span))
        });
        Ok(ExprKind::Cond {
            cond: Box::new(cond),
            then: Box::new(then),
            otherwise,
        }
        .at(span))
    }

    /// A name in a place where Jinja2 allows it to be undefined (`x is defined`,
    /// `x|default(…)`): a name that is no local, no `loop` and no field is Jinja's
    /// undefined, known at compile time.
    pub(super) fn maybe_undefined(&mut self, expr: &SExpr) -> Result<Expr, Diagnostic> {
        if let AstExpr::Var(name) = &expr.node {
            let known = self.lookup(name).is_some()
                || (name == "loop" && !self.loops.is_empty())
                || self.macro_value(expr).is_some()
                || match self.options.fields {
                    // Without a struct any name may be a field, but `loop` outside a
                    // loop is undefined all the same.
                    None => name != "loop",
                    Some(fields) => fields.iter().any(|f| f == name),
                };
            if !known {
                return Ok(ExprKind::Undefined.at(expr.span));
            }
        }
        self.expr(expr)
    }

    /// Each of `items` checked; a failed one is reported and stands as `none`.
    pub(super) fn exprs<'e>(&mut self, items: impl IntoIterator<Item = &'e SExpr>) -> Vec<Expr> {
        items
            .into_iter()
            .map(|item| {
                let checked = self.expr(item);
                self.or_none(checked, item.span)
            })
            .collect()
    }

    /// A macro used as a value (`{{ m }}`, `{{ lib.m }}`) prints as Python's repr of it.
    fn macro_repr(&self, expr: &SExpr) -> Option<Expr> {
        let macro_value = self.macro_value(expr)?;
        let repr = format!("<Macro '{}'>", macro_value.name.node);
        Some(ExprKind::Str(repr).at(expr.span))
    }

    /// A name: a local, `loop`, or a field of the struct.
    fn var(&mut self, name: &str, expr: &SExpr) -> Result<Expr, Diagnostic> {
        if let Some(repr) = self.macro_repr(expr) {
            return Ok(repr);
        }
        if let Some(id) = self.lookup(name) {
            return Ok(ExprKind::Local(id).at(expr.span));
        }
        if name == "caller" && self.in_macro.is_some() {
            return Ok(caller_value(expr.span));
        }
        if name == "loop" {
            let Some(frame) = self.loops.last().copied() else {
                return Err(Diagnostic::new(
                    "`loop` is only defined inside a `for` loop",
                    expr.span,
                ));
            };
            // The whole state is used: everything it can tell must be kept.
            self.use_loop(frame.id, |uses| {
                *uses = LoopUse {
                    first: true,
                    index: true,
                    last: true,
                    length: true,
                    neighbours: uses.neighbours,
                }
            });
            return Ok(ExprKind::Loop(frame.id).at(expr.span));
        }
        if let Some(fields) = self.options.fields {
            if name == "caller" && !fields.iter().any(|f| f == name) {
                return Err(Diagnostic::new(
                    "`caller` is only defined in a macro's body",
                    expr.span,
                )
                .with_help(
                    "it is the body of the `{% call %}` block that called the macro, \
                     undefined when a plain call did",
                ));
            }
            if !fields.iter().any(|f| f == name) {
                let mut in_scope = self.scopes.visible();
                if !self.loops.is_empty() {
                    in_scope.push("loop".to_owned());
                }
                in_scope.extend(fields.iter().cloned());
                in_scope.dedup();
                let error = self.scopes.unknown(
                    self.options.files,
                    name,
                    expr.span,
                    &in_scope,
                    self.options.owner,
                );
                self.error(error);
            }
        }
        Ok(ExprKind::Field(name.to_owned()).at(expr.span))
    }

    /// The innermost loop, if `expr` is `loop` (not a local of that name) inside a loop.
    fn loop_var(&self, expr: &SExpr) -> Option<LoopId> {
        match &expr.node {
            AstExpr::Var(name) if name == "loop" && self.scopes.lookup("loop").is_none() => {
                self.loops.last().map(|frame| frame.id)
            }
            // `{% set row = loop %}`: `row.index` is the loop's.
            AstExpr::Var(name) => self
                .scopes
                .lookup(name)
                .and_then(|binding| self.loop_of.get(&binding).copied()),
            _ => None,
        }
    }

    /// Whether `expr` is `self` (not a local of that name): the template's struct.
    fn is_self(&self, expr: &SExpr) -> bool {
        matches!(&expr.node, AstExpr::Var(name) if name == "self")
            && self.scopes.lookup("self").is_none()
    }

    /// Whether `callee` is `loop` (not a local of that name), so the call is `loop(…)`.
    fn calls_loop(&self, callee: &SExpr) -> bool {
        matches!(&callee.node, AstExpr::Var(name) if name == "loop")
            && self.scopes.lookup("loop").is_none()
    }

    /// `loop.name`, or `loop.name(args)` with `args`.
    fn loop_attr(
        &mut self,
        id: LoopId,
        attr: &Spanned<String>,
        args: Option<&Args>,
    ) -> Result<Expr, Diagnostic> {
        let name = attr.node.as_str();
        let span = attr.span;
        let kind = match (name, args) {
            ("cycle", Some(args))
                if matches!(
                    args.positional.as_slice(),
                    [SExpr {
                        node: AstExpr::Spread(_),
                        ..
                    }]
                ) =>
            {
                let [SExpr {
                    node: AstExpr::Spread(items),
                    ..
                }] = args.positional.as_slice()
                else {
                    unreachable!("matched above")
                };
                self.use_loop(id, |uses| uses.index = true);
                ExprKind::LoopCycleOf(id, Box::new(self.expr(items)?))
            }
            ("cycle" | "changed", Some(args)) => {
                if args.positional.is_empty() || !args.keyword.is_empty() {
                    return Err(Diagnostic::new(
                        format!("`loop.{name}` takes one or more values"),
                        span,
                    ));
                }
                let items = self.exprs(&args.positional);
                if name == "cycle" {
                    self.use_loop(id, |uses| uses.index = true);
                    ExprKind::LoopCycle(id, items)
                } else {
                    // Its state lives in a slot of its own, before the loop.
                    ExprKind::LoopChanged(id, items)
                }
            }
            ("changed", None) => {
                return Err(Diagnostic::new(
                    "`loop.changed` must be called: `loop.changed(item.date)`",
                    span,
                ))
            }
            ("cycle", None) => {
                return Err(Diagnostic::new(
                    "`loop.cycle` must be called: `loop.cycle(\"odd\", \"even\")`",
                    span,
                ))
            }
            (_, Some(_)) if LOOP_ATTRS.contains(&name) => {
                return Err(Diagnostic::new(
                    format!("`loop.{name}` is not a function"),
                    span,
                ))
            }
            ("previtem" | "nextitem", None) => {
                self.use_loop(id, |uses| uses.neighbours = true);
                ExprKind::LoopAttr(
                    id,
                    if name == "previtem" {
                        LoopAttr::PrevItem
                    } else {
                        LoopAttr::NextItem
                    },
                )
            }
            // A constant, or the depth parameter of a recursive loop's function.
            ("depth", None) => ExprKind::LoopAttr(id, LoopAttr::Depth),
            ("depth0", None) => ExprKind::LoopAttr(id, LoopAttr::Depth0),
            ("first", None) => {
                self.use_loop(id, |uses| uses.first = true);
                ExprKind::LoopAttr(id, LoopAttr::First)
            }
            ("index" | "index0" | "last" | "length" | "revindex" | "revindex0", None) => {
                let method = LOOP_ATTRS
                    .iter()
                    .copied()
                    .find(|a| *a == name)
                    .unwrap_or("index");
                self.use_loop(id, |uses| {
                    uses.index = true;
                    uses.last |= method == "last";
                    uses.length |= matches!(method, "length" | "revindex" | "revindex0");
                });
                ExprKind::LoopAttr(id, LoopAttr::Method(method))
            }
            _ => {
                return Err(
                    Diagnostic::new(format!("`loop` has no attribute `{name}`"), span)
                        .suggest(name, LOOP_ATTRS.iter().copied())
                        .or_help(format!("`loop` has {}", backticked(LOOP_ATTRS))),
                )
            }
        };
        Ok(kind.at(span))
    }

    /// `{{ loop(children) }}`: renders the innermost loop again, one level deeper.
    fn recurse(&mut self, args: &Args, call: &SExpr) -> Result<Expr, Diagnostic> {
        let Some(frame) = self.loops.last().copied() else {
            return Err(Diagnostic::new(
                "`loop` is only defined inside a `for` loop",
                call.span,
            ));
        };
        if !frame.recursive {
            return Err(Diagnostic::new(
                "`loop(…)` renders a recursive loop again, but this loop is not recursive",
                call.span,
            )
            .with_help(
                "mark the loop `recursive`: `{% for item in items recursive %}`; inside a \
                 nested loop, `loop` is that loop",
            ));
        }
        if frame.captures != self.captures {
            return Err(
                Diagnostic::new("`loop(…)` cannot be captured here", call.span).with_help(
                    "print it straight into the loop's output; a block `set`, a `filter` block \
                     or a macro called as a value around it is not supported",
                ),
            );
        }
        let callee = Callee {
            what: "function",
            name: "loop",
            signature: "loop(iterable)",
            hint: ": what to iterate at the next level, as in `{{ loop(item.children) }}`",
            span: call.span,
        };
        let param = bind::Param {
            name: "iterable",
            required: true,
        };
        let bound = bind::bind(callee, &[param], args)?;
        let Some(Some((_, children))) = bound.first() else {
            return Err(Diagnostic::new(
                "`loop(…)` needs what to iterate",
                call.span,
            ));
        };
        let children = self.expr(children)?;
        Ok(ExprKind::Recurse(frame.id, Box::new(children)).at(call.span))
    }

    /// `callee(args)` as a value.
    fn call(&mut self, callee: &SExpr, args: &Args, expr: &SExpr) -> Result<Expr, Diagnostic> {
        let span = expr.span;
        if self.calls_loop(callee) {
            return Err(Diagnostic::new(
                "`loop(…)` can only be printed on its own: `{{ loop(item.children) }}`",
                span,
            )
            .with_help(
                "Kiln renders the next level straight into the output, so it is not a value \
                 that filters, tests or `set` can take",
            ));
        }
        if let Some(target) = self.callee(callee, span.file)? {
            // A macro or `caller()` as a value renders into a `String` of its own.
            let caller = matches!(target, Callee2::Caller);
            self.captures += usize::from(caller);
            let call = self.call_target(target, args, expr);
            self.captures -= usize::from(caller);
            return call;
        }
        if let AstExpr::Attr(obj, attr) = &callee.node {
            if let Some(id) = self.loop_var(obj) {
                return self.loop_attr(id, attr, Some(args));
            }
        }
        if callee.node == AstExpr::Var("namespace".into())
            && self.scopes.lookup("namespace").is_none()
        {
            return self.namespace(args, span);
        }
        if callee.node == AstExpr::Var("dict".into()) && self.scopes.lookup("dict").is_none() {
            return self.dict_call(args, span);
        }
        if let Some(global) = self.stateful_global(callee, args, span)? {
            return Ok(global);
        }
        if let Some((name, _)) = args.keyword.first() {
            return Err(Diagnostic::new(
                "keyword arguments are only supported for filters, tests, macros, `dict()` and \
                 `namespace()`",
                name.span,
            )
            .with_help("a Rust method or function takes its arguments by position"));
        }
        if callee.node == AstExpr::Var("range".into()) && self.scopes.lookup("range").is_none() {
            // Python's `range(stop)` / `range(start, stop[, step])` binds by count.
            let count = args.positional.len();
            if !(1..=3).contains(&count) {
                return Err(Diagnostic::new(
                    format!("`range` takes 1 to 3 arguments, not {count}"),
                    span,
                ));
            }
            return Ok(ExprKind::Range(self.exprs(&args.positional)).at(span));
        }
        if let Some(block) = self.options.block_values.get(span) {
            // `super()` or `self.title()`: the block's output, captured.
            let node = tree::Node::Inline(block.clone());
            let body = self.captured(std::slice::from_ref(&node));
            self.rendered.push(body);
            return Ok(ExprKind::Rendered(self.rendered.len() - 1).at(span));
        }
        let values = self.exprs(&args.positional);
        Ok(match &callee.node {
            // `self.method()`, askama's spelling of a method of the struct.
            AstExpr::Attr(obj, method) if self.is_self(obj) => {
                ExprKind::SelfMethod(method.clone(), values).at(span)
            }
            AstExpr::Attr(obj, method) => {
                let obj = self.expr(obj)?;
                ExprKind::Method(Box::new(obj), method.clone(), values).at(span)
            }
            AstExpr::Var(name) if self.scopes.lookup(name).is_none() => {
                // Not a macro: a method of the struct. A name one typo away from a macro is
                // far more likely a misspelled macro, and rustc could not say where it is.
                let macros = self.options.macros.names_in(callee.span.file);
                if let Some(close) = did_you_mean(name, macros.iter().map(String::as_str)) {
                    return Err(
                        Diagnostic::new(format!("unknown macro `{name}`"), callee.span)
                            .with_help(format!("did you mean `{close}`?")),
                    );
                }
                ExprKind::SelfMethod(Spanned::new(name.clone(), callee.span), values).at(span)
            }
            _ => {
                self.note_called_param(callee);
                let callee = self.expr(callee)?;
                ExprKind::CallValue(Box::new(callee), values).at(span)
            }
        })
    }
}

impl Checker<'_> {
    /// The local `name` means here: a binding in scope, or in a macro's body, the
    /// template's top-level variable (as in Jinja2, before the struct's field: the macro's
    /// code runs where it is called and reads the variable there), recorded as read by
    /// the macros being checked.
    pub(super) fn lookup(&mut self, name: &str) -> Option<BindingId> {
        if let Some(id) = self.scopes.lookup(name) {
            return Some(id);
        }
        let file = self.macros[self.in_macro?.0 as usize].file;
        let id = self.scopes.top_level(name, file)?;
        for m in &self.checking {
            let reads = &mut self.top_level_reads[m.0 as usize];
            if !reads.iter().any(|(n, _)| n == name) {
                reads.push((name.to_owned(), id));
            }
        }
        Some(id)
    }

    /// Records a call of one of the macro's own parameters (`{{ f() }}`), for the check
    /// of what each call of the macro gives it (`literal_called`).
    fn note_called_param(&mut self, callee: &SExpr) {
        let (AstExpr::Var(name), Some(id)) = (&callee.node, self.in_macro) else {
            return;
        };
        let Some(binding) = self.scopes.lookup(name) else {
            return;
        };
        if self.scopes.bindings[binding.0 as usize].kind != crate::checked::BindingKind::MacroParam
        {
            return;
        }
        let called = &mut self.facts[id.0 as usize].called_params;
        if !called.iter().any(|(n, _)| n == name) {
            called.push((name.clone(), callee.span));
        }
    }
}

impl Checker<'_> {
    /// `cycler(…)` and `joiner(…)`, Jinja's globals that keep state across a render.
    fn stateful_global(
        &mut self,
        callee: &SExpr,
        args: &Args,
        span: Span,
    ) -> Result<Option<Expr>, Diagnostic> {
        let AstExpr::Var(name) = &callee.node else {
            return Ok(None);
        };
        if self.scopes.lookup(name).is_some() {
            return Ok(None);
        }
        match name.as_str() {
            "cycler" => {
                if let Some((keyword, _)) = args.keyword.first() {
                    return Err(Diagnostic::new(
                        "`cycler` takes its items as positional arguments",
                        keyword.span,
                    ));
                }
                Ok(Some(
                    ExprKind::Cycler(self.exprs(&args.positional)).at(span),
                ))
            }
            "joiner" => {
                let callee = Callee {
                    what: "function",
                    name: "joiner",
                    signature: "joiner(sep=\", \")",
                    hint: "",
                    span,
                };
                let param = bind::Param {
                    name: "sep",
                    required: false,
                };
                let bound = bind::bind(callee, &[param], args)?;
                let separator = match bound.first() {
                    Some(Some((_, sep))) => Some(Box::new(self.expr(sep)?)),
                    _ => None,
                };
                Ok(Some(ExprKind::Joiner(separator).at(span)))
            }
            _ => Ok(None),
        }
    }
}

/// `a ~ b ~ c` as a flat list of parts.
fn flatten_concat<'e>(expr: &'e SExpr, parts: &mut Vec<&'e SExpr>) {
    match &expr.node {
        AstExpr::Binary(BinaryOp::Concat, lhs, rhs) => {
            flatten_concat(lhs, parts);
            flatten_concat(rhs, parts);
        }
        _ => parts.push(expr),
    }
}

/// `caller` as a value in a macro's body: the `call` block's macro, printed as Jinja2
/// prints it, in an expansion called by a `call` block; undefined in any other, as in
/// Jinja2, so that `{% if caller %}` and `caller() if caller` choose per call.
fn caller_value(span: Span) -> Expr {
    ExprKind::Cond {
        cond: Box::new(ExprKind::CallerDefined.at(span)),
        then: Box::new(ExprKind::Str("<Macro anonymous>".to_owned()).at(span)),
        otherwise: None,
    }
    .at(span)
}
