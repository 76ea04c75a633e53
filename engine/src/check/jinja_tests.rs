//! Tests: `value is [not] name(args)`, bound to a built-in test's row.
//!
//! Comparison tests (`x is gt(3)`) become the operator; `is filter` / `is test` and
//! `is escaped` on a value known to be markup are decided here, as constants.

use super::bind::{self, Callee};
use super::Checker;
use crate::ast::{Args, Expr as AstExpr, SExpr, UnaryOp};
use crate::builtins::{self, TestKind};
use crate::checked::{Expr, ExprKind, Test};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

impl Checker<'_> {
    /// `value is [not] name(args)`.
    pub(super) fn test(
        &mut self,
        value: &SExpr,
        negated: bool,
        name: &Spanned<String>,
        args: &Args,
        expr: &SExpr,
    ) -> Result<Expr, Diagnostic> {
        if let Some(exists) = self.exists_test(value, &name.node)? {
            return Ok(ExprKind::Bool(exists != negated).at(expr.span));
        }
        // `x is defined` asks whether the name exists: one that does not is undefined,
        // known at compile time, not a mistake.
        let kind = builtins::test_named(&name.node).map(|t| t.kind);
        // `caller is defined` in a macro: whether this call has a `call` block, which each
        // expansion of the macro knows (`ExprKind::CallerDefined`).
        if let (Some(TestKind::Undefined(undefined)), AstExpr::Var(var)) = (kind, &value.node) {
            if var == "caller" && self.in_macro.is_some() && self.scopes.lookup(var).is_none() {
                let defined = ExprKind::CallerDefined.at(expr.span);
                return Ok(if undefined != negated {
                    ExprKind::Unary(crate::ast::UnaryOp::Not, Box::new(defined)).at(expr.span)
                } else {
                    defined
                });
            }
        }
        let asks_definedness = matches!(kind, Some(TestKind::Undefined(_) | TestKind::None));
        let value = if asks_definedness {
            self.maybe_undefined(value)?
        } else {
            self.expr(value)?
        };
        self.test_on(value, negated, name, args, expr.span)
    }

    /// `is filter` / `is test`: whether a built-in of the literal name exists.
    fn exists_test(&self, value: &SExpr, name: &str) -> Result<Option<bool>, Diagnostic> {
        let what = match builtins::test_named(name).map(|t| t.kind) {
            Some(TestKind::Exists(what)) => what,
            _ => return Ok(None),
        };
        let AstExpr::Str(named) = &value.node else {
            return Err(Diagnostic::new(
                format!(
                    "`is {what}` needs a string literal: the name is looked up at compile time"
                ),
                value.span,
            ));
        };
        Ok(Some(if what == "filter" {
            builtins::filter_named(named).is_some()
        } else {
            builtins::test_named(named).is_some()
        }))
    }

    /// The test `name(args)` of the checked `value`; `select("odd")` and `selectattr`
    /// test values of their own.
    pub(super) fn test_on(
        &mut self,
        value: Expr,
        negated: bool,
        name: &Spanned<String>,
        args: &Args,
        span: Span,
    ) -> Result<Expr, Diagnostic> {
        let not = |expr: Expr| {
            if negated {
                ExprKind::Unary(UnaryOp::Not, Box::new(expr)).at(span)
            } else {
                expr
            }
        };
        if name.node == "callable" {
            return Err(
                Diagnostic::new("the `callable` test is not supported", name.span).with_help(
                    "Rust values are not called by name at run time; a method call on a value \
                     that has no such method is a compile error",
                ),
            );
        }
        let Some(spec) = builtins::test_named(&name.node) else {
            let names: Vec<&str> = builtins::test_names()
                .filter(|n| n.bytes().all(|b| b.is_ascii_alphabetic()))
                .collect();
            return Err(
                Diagnostic::new(format!("unknown test `{}`", name.node), name.span)
                    .suggest(&name.node, builtins::test_names())
                    .or_help(format!("the tests are: {}", names.join(", "))),
            );
        };
        let signature = format!("{}({})", name.node, spec.params.join(", "));
        let hint = if spec.params.len() == 1 {
            format!(
                ": write `x is {0}(…)`, or `x is {0} …` with one literal or name",
                name.node
            )
        } else {
            String::new()
        };
        let params: Vec<bind::Param<'_>> = spec
            .params
            .iter()
            .map(|p| bind::Param {
                name: p,
                required: true,
            })
            .collect();
        let callee = Callee {
            what: "test",
            name: &name.node,
            signature: &signature,
            hint: &hint,
            span: name.span,
        };
        let bound = bind::bind(callee, &params, args)?;
        let mut values = Vec::with_capacity(bound.len());
        for (_, arg) in bound.into_iter().flatten() {
            values.push(self.expr(arg)?);
        }
        Ok(match spec.kind {
            // Undefined at compile time: defined, undefined and none are known.
            TestKind::Undefined(undefined) if value.kind == ExprKind::Undefined => {
                ExprKind::Bool(undefined != negated).at(span)
            }
            TestKind::None if value.kind == ExprKind::Undefined => ExprKind::Bool(negated).at(span),
            TestKind::Compare(op) => {
                let other = values.pop().unwrap_or_else(|| ExprKind::None.at(span));
                not(ExprKind::Binary(op, Box::new(value), Box::new(other)).at(span))
            }
            TestKind::Escaped if self.is_safe(&value) => ExprKind::Bool(!negated).at(span),
            _ => not(ExprKind::Test(Box::new(Test {
                value,
                spec,
                args: values,
            }))
            .at(span)),
        })
    }
}
