//! Dict literals, `{"a": 1}` and `dict(a=1)`: their entries in order, with a repeated
//! literal key merged as Python merges it (the first one's place, the last one's value).
//! What a dict holds is decided by the generator ([`crate::codegen`]), which also reads
//! `dict.key` as an item wherever it knows the value is a dict.

use super::Checker;
use crate::ast::{Args, SExpr};
use crate::checked::{Expr, ExprKind};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

impl Checker<'_> {
    /// `{key: value, …}`.
    pub(super) fn dict_literal(&mut self, pairs: &[(SExpr, SExpr)], span: Span) -> Expr {
        let entries = pairs
            .iter()
            .map(|(key, value)| {
                let key_checked = self.expr(key);
                let key_checked = self.or_none(key_checked, key.span);
                let value_checked = self.expr(value);
                (key_checked, self.or_none(value_checked, value.span))
            })
            .collect();
        ExprKind::Dict(merge(entries)).at(span)
    }

    /// `dict(a=1, …)`.
    pub(super) fn dict_call(&mut self, args: &Args, span: Span) -> Result<Expr, Diagnostic> {
        if let Some(positional) = args.positional.first() {
            return Err(Diagnostic::new(
                "`dict()` takes its entries as keyword arguments",
                positional.span,
            )
            .with_help("write `dict(a=1, b=\"x\")` or a literal, `{\"a\": 1, \"b\": \"x\"}`"));
        }
        let entries = args
            .keyword
            .iter()
            .map(|(name, value)| {
                let key = ExprKind::Str(name.node.clone()).at(name.span);
                let checked = self.expr(value);
                (key, self.or_none(checked, value.span))
            })
            .collect();
        Ok(ExprKind::Dict(merge(entries)).at(span))
    }
}

/// A literal key as Python compares it: numbers and `bool`s by value (`1`, `1.0` and
/// `True` are one key), strings by text.
#[derive(PartialEq)]
enum LiteralKey<'a> {
    Number(f64),
    Str(&'a str),
    None,
}

fn literal_key(key: &Expr) -> Option<LiteralKey<'_>> {
    // Integers beyond 2^53 may compare equal as floats when they are not; exactness does
    // not matter for keys written in a template.
    #[allow(clippy::cast_precision_loss)]
    Some(match &key.kind {
        ExprKind::Str(s) => LiteralKey::Str(s),
        ExprKind::Int(i) => LiteralKey::Number(*i as f64),
        ExprKind::Float(f) => LiteralKey::Number(*f),
        ExprKind::Bool(b) => LiteralKey::Number(f64::from(u8::from(*b))),
        ExprKind::None => LiteralKey::None,
        _ => return None,
    })
}

/// Merges repeated literal keys; other keys are left for the run time to merge.
fn merge(entries: Vec<(Expr, Expr)>) -> Vec<(Expr, Expr)> {
    let mut merged: Vec<(Expr, Expr)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let earlier = literal_key(&key).and_then(|literal| {
            merged
                .iter()
                .position(|(k, _)| literal_key(k).is_some_and(|other| other == literal))
        });
        match earlier {
            Some(index) => merged[index].1 = value,
            None => merged.push((key, value)),
        }
    }
    merged
}
