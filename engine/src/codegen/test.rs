//! Tests: `value is [not] name(args)` to a `bool`.

use proc_macro2::TokenStream;

use super::Generator;
use crate::ast::{Args, SExpr};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

impl Generator<'_> {
    /// `value is [not] name(args)`.
    pub(super) fn test(
        &mut self,
        _value: &SExpr,
        _negated: bool,
        name: &Spanned<String>,
        _args: &Args,
        _expr: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        Err(Diagnostic::new(
            format!("the `is {}` test is not supported yet", name.node),
            name.span,
        ))
    }
}
