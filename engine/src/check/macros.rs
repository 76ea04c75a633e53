//! Macros: `{% macro %}` definitions called as `name(args)` or `module.name(args)`, or with
//! a `{% call %}` block whose body is `caller()`.
//!
//! A macro's body is checked once, the first time it is called (a macro nobody calls is
//! not checked, as it is not compiled): it sees its parameters and the struct's fields.
//! What the body does with `caller()` is recorded ([`MacroFacts`]), so each `call` block
//! can bind the body's `caller(…)` arguments to its own parameters, and calls without a
//! `call` block can be refused where the macro needs one.

use std::sync::Arc;

use super::bind::{self, Callee};
use super::{scope, CallSite, Checker};
use crate::ast::{Args, BinaryOp, Expr as AstExpr, Param, SExpr, UnaryOp};
use crate::checked::{
    ArgSource, BindingKind, Caller, CallerCall, Expr, ExprKind, MacroCall, MacroDef, MacroId, Node,
};
use crate::diagnostic::{backticked, Diagnostic};
use crate::source::{FileId, Span};
use crate::tree;

/// What a macro's body does with `caller()`.
#[derive(Debug, Default)]
pub(super) struct MacroFacts {
    /// Each `caller(…)` call: its span, its arguments as written.
    pub caller_calls: Vec<(Span, Args)>,
    /// The most captures a `caller()` call is inside, relative to the body (a value call
    /// counts as one): a `call` block's body is checked as if that deep.
    pub caller_captures: usize,
    /// The first `caller(…)` call that runs whether or not there is a `call` block (one
    /// not under `{% if caller %}` or the like): a plain call of the macro is an error.
    pub unguarded_caller: Option<Span>,
    /// The parameters the body calls as functions (`{{ f() }}`), each with its first call:
    /// a call of the macro that gives one of them a literal is an error there.
    pub called_params: Vec<(String, Span)>,
}

/// A macro as its body is checked: its file and name, and the macros its parameters are
/// given by the calls that share this check (a parameter that holds a macro is called as
/// that macro, so the body is checked, and generated, once per such choice).
pub(super) type MacroKey = (FileId, String, Vec<(usize, FileId, String)>);

/// The parameters a macro's body reads as `varargs` and `kwargs`, which collect the extra
/// positional and keyword arguments of a call, as in Jinja2.
#[derive(Clone, Copy, Debug, Default)]
struct Extras {
    varargs: bool,
    kwargs: bool,
}

/// What a call expression calls.
pub(super) enum Callee2 {
    Macro(Arc<tree::Macro>),
    Caller,
}

impl Checker<'_> {
    /// If `callee` names a macro (or `caller`) in the file of the call, what it calls.
    pub(super) fn callee(
        &self,
        callee: &SExpr,
        file: FileId,
    ) -> Result<Option<Callee2>, Diagnostic> {
        let macros = self.options.macros;
        match &callee.node {
            AstExpr::Var(name) if self.scopes.lookup(name).is_some() => Ok(self
                .scopes
                .lookup(name)
                .and_then(|binding| self.macro_of.get(&binding).cloned())
                .map(Callee2::Macro)),
            AstExpr::Var(name) => {
                if name == "caller" {
                    return Ok(Some(Callee2::Caller));
                }
                Ok(macros.macro_named(file, name).map(Callee2::Macro))
            }
            AstExpr::Attr(module, name) => match &module.node {
                AstExpr::Var(alias)
                    if self.scopes.lookup(alias).is_none() && macros.is_module(file, alias) =>
                {
                    match macros.module_macro(file, alias, &name.node) {
                        Ok(m) => Ok(Some(Callee2::Macro(m))),
                        Err(known) => Err(Diagnostic::new(
                            format!("`{alias}` has no macro `{}`", name.node),
                            name.span,
                        )
                        .suggest(&name.node, known.iter().map(String::as_str))
                        .or_help(format!("its macros are {}", backticked(&known)))),
                    }
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// The macro `expr` names without calling it (`lib.x`, `x`, a local that holds one),
    /// if it names one.
    pub(super) fn macro_value(&self, expr: &SExpr) -> Option<Arc<tree::Macro>> {
        let file = expr.span.file;
        match &expr.node {
            AstExpr::Var(name) => match self.scopes.lookup(name) {
                Some(binding) => self.macro_of.get(&binding).cloned(),
                None if name == "caller" => None,
                None => self.options.macros.macro_named(file, name),
            },
            AstExpr::Attr(module, name) => match &module.node {
                AstExpr::Var(alias)
                    if self.scopes.lookup(alias).is_none()
                        && self.options.macros.is_module(file, alias) =>
                {
                    self.options
                        .macros
                        .module_macro(file, alias, &name.node)
                        .ok()
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// `{% set m = lib.x %}`: `m` names the macro from here on (`Some(None)`: no node).
    pub(super) fn macro_alias(&mut self, set: &crate::ast::Set) -> Option<Option<Node>> {
        let crate::ast::Target::Name(name) = &set.target else {
            return None;
        };
        let m = self.macro_value(&set.value)?;
        if self.hoisted(&set.target).is_some() {
            return None;
        }
        let id = self
            .scopes
            .bind(&name.node, BindingKind::Set, name.span, false);
        self.macro_of.insert(id, m);
        Some(None)
    }

    /// A call of `callee`, as a value or printed (the checked tree is the same; code
    /// generation prints a macro's output straight into the page).
    pub(super) fn call_target(
        &mut self,
        callee: Callee2,
        args: &Args,
        call: &SExpr,
    ) -> Result<Expr, Diagnostic> {
        Ok(match callee {
            Callee2::Macro(m) => {
                ExprKind::Macro(self.macro_call(&m, args, call.span, false)?).at(call.span)
            }
            Callee2::Caller => ExprKind::Caller(self.caller_call(args, call.span)?).at(call.span),
        })
    }

    /// The id of macro `m` with the macros `given` to its parameters (by index), checking
    /// its body the first time they are met.
    fn macro_id(
        &mut self,
        m: &tree::Macro,
        given: &[(usize, Arc<tree::Macro>)],
        extras: Extras,
    ) -> MacroId {
        let key = (
            m.span.file,
            m.name.node.clone(),
            given
                .iter()
                .map(|(i, g)| (*i, g.span.file, g.name.node.clone()))
                .collect(),
        );
        // A body checked before serves if the template variables it read are still the
        // ones this call finds (`{% set n = n + 1 %}` between two calls binds a new `n`).
        if let Some(ids) = self.macro_ids.get(&key) {
            let current = ids.iter().copied().find(|id| {
                self.top_level_reads[id.0 as usize]
                    .iter()
                    .all(|(name, read)| self.scopes.top_level(name, m.span.file) == Some(*read))
            });
            if let Some(id) = current {
                return id;
            }
        }
        let id = MacroId(u32::try_from(self.macros.len()).unwrap_or(u32::MAX));
        self.macro_ids.entry(key).or_default().push(id);
        self.top_level_reads.push(Vec::new());
        self.macros.push(MacroDef {
            name: m.name.node.clone(),
            file: m.span.file,
            params: Vec::new(),
            body: Vec::new(),
        });
        self.facts.push(MacroFacts::default());

        // The body sees only its parameters (and the struct's fields), not the call's loops.
        self.scopes.enter_macro();
        let loops = std::mem::take(&mut self.loops);
        let floor = std::mem::take(&mut self.loop_floor);
        let captures = std::mem::take(&mut self.captures);
        let escaping = std::mem::replace(&mut self.escaping, (self.options.escaping)(m.span.file));
        let in_macro = self.in_macro.replace(id);
        let caller_guards = std::mem::take(&mut self.caller_guards);
        let mut params: Vec<_> = m
            .params
            .iter()
            .map(|p| {
                self.scopes
                    .bind(&p.name.node, BindingKind::MacroParam, p.name.span, false)
            })
            .collect();
        for (index, macro_given) in given {
            if let Some(&param) = params.get(*index) {
                self.macro_of.insert(param, macro_given.clone());
            }
        }
        for (used, name) in [(extras.varargs, "varargs"), (extras.kwargs, "kwargs")] {
            if used {
                params.push(
                    self.scopes
                        .bind(name, BindingKind::MacroParam, m.name.span, false),
                );
            }
        }
        self.checking.push(id);
        let body = self.nodes(&m.body);
        self.checking.pop();
        self.scopes.leave_macro();
        self.loops = loops;
        self.loop_floor = floor;
        self.captures = captures;
        self.escaping = escaping;
        self.in_macro = in_macro;
        self.caller_guards = caller_guards;
        let def = &mut self.macros[id.0 as usize];
        def.params = params;
        def.body = body;
        id
    }

    /// A macro call: its arguments bound to the macro's parameters, defaults filled in
    /// (each default is checked where the call is).
    fn macro_call(
        &mut self,
        m: &tree::Macro,
        args: &Args,
        span: Span,
        with_caller: bool,
    ) -> Result<MacroCall, Diagnostic> {
        let extras = extras_of(m);
        // Extra arguments go to `varargs` and `kwargs` when the body reads them.
        let mut declared = Args::default();
        let mut extra_positional = Vec::new();
        let mut extra_keyword = Vec::new();
        for (i, arg) in args.positional.iter().enumerate() {
            if extras.varargs && i >= m.params.len() {
                extra_positional.push(arg);
            } else {
                declared.positional.push(arg.clone());
            }
        }
        for (name, arg) in &args.keyword {
            if extras.kwargs && !m.params.iter().any(|p| p.name.node == name.node) {
                extra_keyword.push((name, arg));
            } else {
                declared.keyword.push((name.clone(), arg.clone()));
            }
        }
        let signature = signature(&m.name.node, &m.params);
        let params = bind_params(&m.params);
        let callee = Callee {
            what: "macro",
            name: &m.name.node,
            signature: &signature,
            hint: "",
            span,
        };
        let bound = bind::bind(callee, &params, &declared)?;
        // `caller` is the `call` block's body, which only `caller=caller` hands on (it is
        // not a value a parameter can hold and call).
        let passes_caller = |arg: &SExpr| {
            matches!(&arg.node, AstExpr::Var(name) if name == "caller")
                && self.in_macro.is_some()
                && self.scopes.lookup("caller").is_none()
        };
        if let Some((_, arg)) = bound.iter().flatten().find(|(_, arg)| passes_caller(arg)) {
            return Err(Diagnostic::new(
                "`caller` can only be passed on as `caller=caller`",
                arg.span,
            )
            .with_help(format!(
                "write `{{{{ {}(…, caller=caller) }}}}`: `caller()` in `{}` then renders this \
                 macro's `call` block",
                m.name.node, m.name.node
            )));
        }
        // A parameter given a macro holds it: the body is checked for that macro.
        let given: Vec<(usize, Arc<tree::Macro>)> = bound
            .iter()
            .enumerate()
            .filter_map(|(i, b)| Some((i, self.macro_value(b.as_ref()?.1)?)))
            .collect();
        let id = self.macro_id(m, &given, extras);
        self.literal_called(m, id, &bound)?;
        self.macro_calls.push(CallSite {
            from: self.in_macro,
            to: id,
            with_caller,
            span,
        });
        let mut values = Vec::with_capacity(bound.len() + 2);
        for (index, (param, given_arg)) in m.params.iter().zip(bound).enumerate() {
            if given.iter().any(|(i, _)| *i == index) {
                // Called as the macro it names; the value itself is never read.
                values.push(ExprKind::None.at(span));
                continue;
            }
            let given = given_arg;
            let arg = match given {
                Some((_, arg)) => arg,
                None => match &param.default {
                    Some(default) => default,
                    // As in Jinja2, a parameter the call leaves out is undefined.
                    None => {
                        values.push(ExprKind::Undefined.at(span));
                        continue;
                    }
                },
            };
            let checked = self.expr(arg);
            values.push(self.or_none(checked, arg.span));
        }
        if extras.varargs {
            let items = self.exprs(extra_positional);
            values.push(ExprKind::List(items).at(span));
        }
        if extras.kwargs {
            let entries = extra_keyword
                .into_iter()
                .map(|(name, arg)| {
                    let key = ExprKind::Str(name.node.clone()).at(name.span);
                    let checked = self.expr(arg);
                    (key, self.or_none(checked, arg.span))
                })
                .collect();
            values.push(ExprKind::Dict(entries).at(span));
        }
        Ok(MacroCall {
            id,
            args: values,
            span,
        })
    }

    /// `caller(args)` in a macro's body.
    fn caller_call(&mut self, args: &Args, span: Span) -> Result<CallerCall, Diagnostic> {
        let Some(id) = self.in_macro else {
            return Err(Diagnostic::new(
                "`caller()` is only defined in a macro called with `{% call %}`",
                span,
            ));
        };
        let values: Vec<Expr> = args
            .values()
            .map(|arg| {
                let checked = self.expr(arg);
                self.or_none(checked, arg.span)
            })
            .collect();
        let guarded = self.caller_guards > 0;
        let facts = &mut self.facts[id.0 as usize];
        if !guarded && facts.unguarded_caller.is_none() {
            facts.unguarded_caller = Some(span);
        }
        facts.caller_calls.push((span, args.clone()));
        facts.caller_captures = facts.caller_captures.max(self.captures);
        Ok(CallerCall { args: values, span })
    }

    /// `{{ m(…, caller=caller) }}` in a macro's body: `m`'s `caller()` is this macro's
    /// caller, as Jinja2 passes it on. The same as `{% call m(…) %}{{ caller() }}{% endcall %}`,
    /// whose body's `caller()` is this macro's; the block is returned to be checked as one.
    pub(super) fn caller_passed_on(&self, expr: &SExpr) -> Option<tree::CallBlock> {
        let AstExpr::Call(callee, args) = &expr.node else {
            return None;
        };
        let passes = |(name, value): &(crate::source::Spanned<String>, SExpr)| {
            name.node == "caller" && value.node == AstExpr::Var("caller".into())
        };
        if self.in_macro.is_none()
            || self.scopes.lookup("caller").is_some()
            || !args.keyword.iter().any(passes)
        {
            return None;
        }
        let mut rest = args.clone();
        rest.keyword.retain(|kw| !passes(kw));
        let call = SExpr::new(AstExpr::Call(callee.clone(), rest), expr.span);
        let caller = SExpr::new(
            AstExpr::Call(
                Box::new(SExpr::new(AstExpr::Var("caller".into()), expr.span)),
                Args::default(),
            ),
            expr.span,
        );
        Some(tree::CallBlock {
            call,
            params: Vec::new(),
            body: vec![tree::Node::Print(caller)],
            span: expr.span,
        })
    }

    /// `{% call(params) m(args) %}body{% endcall %}`.
    pub(super) fn call_block(&mut self, block: &tree::CallBlock) -> Option<Node> {
        let AstExpr::Call(callee, args) = &block.call.node else {
            self.error(Diagnostic::new(
                "`call` needs a macro call",
                block.call.span,
            ));
            return None;
        };
        let file = block.call.span.file;
        let m = match self.callee(callee, file) {
            Ok(Some(Callee2::Macro(m))) => m,
            Ok(_) => {
                let error = self.not_a_macro(callee, file);
                self.error(error);
                return None;
            }
            Err(error) => {
                self.error(error);
                return None;
            }
        };
        let call = match self.macro_call(&m, args, block.call.span, true) {
            Ok(call) => call,
            Err(error) => {
                self.error(error);
                return None;
            }
        };
        // The body belongs to the call site: its locals and loops (which it cannot `break`),
        // inside as many captures as the deepest `caller()` of the macro.
        let extra = self.facts[call.id.0 as usize].caller_captures;
        let params: Vec<(crate::checked::BindingId, Option<Expr>)> = {
            let defaults: Vec<Option<Expr>> = block
                .params
                .iter()
                .map(|p| {
                    p.default.as_ref().map(|d| {
                        let checked = self.expr(d);
                        self.or_none(checked, d.span)
                    })
                })
                .collect();
            self.scopes.stack.push(scope::Scope::default());
            block
                .params
                .iter()
                .zip(defaults)
                .map(|(p, default)| {
                    let id = self.scopes.bind(
                        &p.name.node,
                        BindingKind::CallerParam,
                        p.name.span,
                        false,
                    );
                    (id, default)
                })
                .collect()
        };
        let floor = std::mem::replace(&mut self.loop_floor, self.loops.len());
        self.captures += extra;
        let body = self.nodes(&block.body);
        self.captures -= extra;
        self.loop_floor = floor;
        self.scopes.end_scope();

        // Each `caller(…)` of the macro, bound to this block's parameters.
        let signature = signature("caller", &block.params);
        let param_list = bind_params(&block.params);
        let mut calls = Vec::new();
        let caller_calls = std::mem::take(&mut self.facts[call.id.0 as usize].caller_calls);
        for (span, args) in &caller_calls {
            let callee = Callee {
                what: "the `call` block's",
                name: "caller",
                signature: &signature,
                hint: "",
                span: *span,
            };
            match bind::bind(callee, &param_list, args) {
                Ok(bound) => calls.push((
                    *span,
                    bound
                        .iter()
                        .map(|b| b.map_or(ArgSource::Default, |(i, _)| ArgSource::Given(i)))
                        .collect(),
                )),
                Err(error) => self.error(error),
            }
        }
        self.facts[call.id.0 as usize].caller_calls = caller_calls;
        Some(Node::CallBlock {
            call,
            caller: Box::new(Caller {
                params,
                body,
                calls,
            }),
        })
    }

    /// The error for `{% call x() %}` where `x` is not a macro.
    fn not_a_macro(&self, callee: &SExpr, file: FileId) -> Diagnostic {
        let name = match &callee.node {
            AstExpr::Var(name) => name.clone(),
            AstExpr::Attr(_, name) => name.node.clone(),
            _ => "this".to_owned(),
        };
        let known = self.options.macros.names_in(file);
        Diagnostic::new(format!("unknown macro `{name}`"), callee.span)
            .suggest(&name, known.iter().map(String::as_str))
            .or_help(if known.is_empty() {
                "no macros are defined or imported in this template".to_owned()
            } else {
                format!("the macros here are {}", backticked(&known))
            })
    }

    /// The checks that need every macro's facts: a macro that uses `caller()` must be
    /// called with a `call` block (unless each use is under a test of `caller`), and a `call` block cannot call a macro that (directly or
    /// through others) calls the macro the block is in, since the block's body would be
    /// rendered by another `caller()` than its own.
    pub(super) fn macro_graph_errors(&mut self) {
        for site in &self.macro_calls {
            if site.with_caller {
                continue;
            }
            let facts = &self.facts[site.to.0 as usize];
            if let Some(first) = facts.unguarded_caller {
                let name = &self.macros[site.to.0 as usize].name;
                let (line, _) = self.options.files.line_col(first.file, first.start);
                self.errors.push(
                    Diagnostic::new(
                        format!(
                            "macro `{name}` uses `caller()` but is not called with `{{% call %}}`"
                        ),
                        site.span,
                    )
                    .with_help(format!(
                        "write `{{% call {name}(…) %}}…{{% endcall %}}`: its body is what \
                         `caller()` on line {line} renders; or, to allow plain calls, put \
                         that `caller()` under `{{% if caller %}}`"
                    )),
                );
            }
        }
        for site in &self.macro_calls {
            let Some(from) = site.from else { continue };
            if site.with_caller && self.reaches(site.to, from) {
                let name = &self.macros[site.to.0 as usize].name;
                self.errors.push(Diagnostic::new(
                    format!("macro `{name}` cannot call itself with a `call` block"),
                    site.span,
                ));
            }
        }
    }

    /// Whether a call of macro `from` may run macro `to` (itself included).
    fn reaches(&self, from: MacroId, to: MacroId) -> bool {
        let mut seen = vec![false; self.macros.len()];
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            if id == to {
                return true;
            }
            if std::mem::replace(&mut seen[id.0 as usize], true) {
                continue;
            }
            stack.extend(
                self.macro_calls
                    .iter()
                    .filter(|s| s.from == Some(id))
                    .map(|s| s.to),
            );
        }
        false
    }
}

/// Whether `m`'s body reads `varargs` or `kwargs` (names its parameters do not take).
fn extras_of(m: &tree::Macro) -> Extras {
    use crate::ast::{Child, Children};
    fn scan_expr(expr: &SExpr, extras: &mut Extras) {
        if let AstExpr::Var(name) = &expr.node {
            extras.varargs |= name == "varargs";
            extras.kwargs |= name == "kwargs";
        }
        for child in expr.node.children() {
            scan_expr(child, extras);
        }
    }
    fn scan(nodes: &[tree::Node], extras: &mut Extras) {
        for node in nodes {
            for child in node.children() {
                match child {
                    Child::Expr(expr) => scan_expr(expr, extras),
                    Child::Body(body) | Child::LoopBody(body) => scan(body, extras),
                }
            }
        }
    }
    let mut extras = Extras::default();
    scan(&m.body, &mut extras);
    let declared = |name: &str| m.params.iter().any(|p| p.name.node == name);
    extras.varargs &= !declared("varargs");
    extras.kwargs &= !declared("kwargs");
    extras
}

/// The parameters of a macro or `caller`, for the binder: none is required, since a
/// parameter a call leaves out is undefined, as in Jinja2.
fn bind_params(params: &[Param]) -> Vec<bind::Param<'_>> {
    params
        .iter()
        .map(|p| bind::Param {
            name: &p.name.node,
            required: false,
        })
        .collect()
}

/// `name(a, b=…)`, for messages.
fn signature(name: &str, params: &[Param]) -> String {
    let list: Vec<String> = params
        .iter()
        .map(|p| match p.default {
            Some(_) => format!("{}=…", p.name.node),
            None => p.name.node.clone(),
        })
        .collect();
    format!("{name}({})", list.join(", "))
}

impl ExprKind {
    /// This kind of expression at `span`.
    pub(super) fn at(self, span: Span) -> Expr {
        Expr::new(self, span)
    }
}

impl Checker<'_> {
    /// An error if this call of `m` gives a literal to a parameter its body calls
    /// (`{% macro o(f) %}{{ f() }}…{{ o(1) }}`), which rustc would otherwise refuse at the
    /// derive. Other values may be callable (a `joiner`, a `cycler`'s `next`), so only
    /// literals are refused.
    fn literal_called(
        &self,
        m: &tree::Macro,
        id: MacroId,
        bound: &[Option<(usize, &SExpr)>],
    ) -> Result<(), Diagnostic> {
        for (name, call) in &self.facts[id.0 as usize].called_params {
            let Some(index) = m.params.iter().position(|p| &p.name.node == name) else {
                continue;
            };
            let arg = match bound.get(index).copied().flatten() {
                Some((_, arg)) => arg,
                None => match &m.params[index].default {
                    Some(default) => default,
                    None => continue,
                },
            };
            let literal = matches!(
                arg.node,
                AstExpr::Str(_)
                    | AstExpr::Int(_)
                    | AstExpr::Float(_)
                    | AstExpr::Bool(_)
                    | AstExpr::None
                    | AstExpr::List(_)
                    | AstExpr::Tuple(_)
                    | AstExpr::Dict(_)
            );
            if literal {
                let (line, _) = self.options.files.line_col(call.file, call.start);
                return Err(Diagnostic::new(
                    format!(
                        "`{}` calls its parameter `{name}` (`{name}()` on line {line}), but \
                         this call gives it a value that is not a macro",
                        m.name.node
                    ),
                    arg.span,
                )
                .with_help(format!("give `{name}` a macro, named without calling it")));
            }
        }
        Ok(())
    }
}

impl Checker<'_> {
    /// Runs `check` on code that runs only in an expansion called by a `call` block, if
    /// `guarded`: a `caller()` there does not need one at every call.
    pub(super) fn caller_guarded<R>(
        &mut self,
        guarded: bool,
        check: impl FnOnce(&mut Self) -> R,
    ) -> R {
        self.caller_guards += usize::from(guarded);
        let result = check(self);
        self.caller_guards -= usize::from(guarded);
        result
    }
}

/// Whether `cond` is true only in an expansion called by a `call` block: `caller`,
/// `caller is defined`, or an `and` with one of them.
pub(super) fn true_only_with_caller(cond: &Expr) -> bool {
    match &cond.kind {
        ExprKind::CallerDefined => true,
        // An inline `if` without `else` is undefined, so false, when its test fails.
        ExprKind::Cond {
            cond,
            otherwise: None,
            ..
        } => true_only_with_caller(cond),
        ExprKind::Binary(BinaryOp::And, a, b) => {
            true_only_with_caller(a) || true_only_with_caller(b)
        }
        ExprKind::Unary(UnaryOp::Not, inner) => false_only_with_caller(inner),
        _ => false,
    }
}

/// Whether `cond` is false only in an expansion called by a `call` block: `not caller`,
/// or an `or` with it.
pub(super) fn false_only_with_caller(cond: &Expr) -> bool {
    match &cond.kind {
        ExprKind::Binary(BinaryOp::Or, a, b) => {
            false_only_with_caller(a) || false_only_with_caller(b)
        }
        ExprKind::Unary(UnaryOp::Not, inner) => true_only_with_caller(inner),
        _ => false,
    }
}
