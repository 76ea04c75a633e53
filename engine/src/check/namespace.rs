//! `namespace()`: Jinja's object for carrying a value out of a loop (`{% set ns.found =
//! true %}`). Its attributes are known when the template compiles, from the call's keyword
//! arguments and every `set ns.attr` and `ns.attr` the template has; each holds a number, a
//! string, a `bool` or `none` (a `Val`).

use super::Checker;
use crate::ast::{Args, SExpr, SetAttr};
use crate::checked::{Expr, ExprKind, NamespaceId, Node};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

impl Checker<'_> {
    /// `namespace(a=1, …)`.
    pub(super) fn namespace(&mut self, args: &Args, span: Span) -> Result<Expr, Diagnostic> {
        if let Some(positional) = args.positional.first() {
            return Err(Diagnostic::new(
                "`namespace()` takes its attributes as keyword arguments",
                positional.span,
            )
            .with_help("write `namespace(found=false, count=0)`"));
        }
        let id = NamespaceId(u32::try_from(self.namespaces.len()).unwrap_or(u32::MAX));
        self.namespaces.push(Vec::new());
        let mut values = Vec::with_capacity(args.keyword.len());
        for (name, value) in &args.keyword {
            let checked = self.expr(value);
            let checked = self.or_none(checked, value.span);
            let index = self.attribute(id, &name.node);
            values.push((index, checked));
        }
        Ok(ExprKind::Namespace(id, values).at(span))
    }

    /// `ns.attr`, if `object` is a local that holds a namespace.
    pub(super) fn namespace_get(
        &mut self,
        object: &SExpr,
        attr: &Spanned<String>,
        span: Span,
    ) -> Option<Expr> {
        let crate::ast::Expr::Var(name) = &object.node else {
            return None;
        };
        let binding = self.lookup(name)?;
        let namespace = *self.namespace_of.get(&binding)?;
        let index = self.attribute(namespace, &attr.node);
        let object = ExprKind::Local(binding).at(object.span);
        Some(ExprKind::NamespaceGet(Box::new(object), index).at(span))
    }

    /// `{% set ns.attr = value %}`.
    pub(super) fn set_attr(&mut self, set: &SetAttr) -> Option<Node> {
        let value = self.expr(&set.value);
        let value = self.or_none(value, set.value.span);
        let name = &set.object.node;
        let binding = match self.lookup(name) {
            Some(binding) => binding,
            None => {
                let error = Diagnostic::new(format!("unknown namespace `{name}`"), set.object.span)
                    .with_help(format!(
                        "make one first: `{{% set {name} = namespace({}=…) %}}`",
                        set.attr.node
                    ));
                self.error(error);
                return None;
            }
        };
        let Some(&namespace) = self.namespace_of.get(&binding) else {
            self.error(
                Diagnostic::new(
                    format!("`{name}` is not a namespace: `set {name}.attr` needs one"),
                    set.object.span,
                )
                .with_help(format!(
                    "only a `namespace()` takes attributes: `{{% set {name} = namespace({}=…) %}}`",
                    set.attr.node
                )),
            );
            return None;
        };
        let index = self.attribute(namespace, &set.attr.node);
        Some(Node::SetAttr {
            object: ExprKind::Local(binding).at(set.object.span),
            index,
            value,
        })
    }

    /// The index of attribute `name` of `namespace`, added if it is new.
    fn attribute(&mut self, namespace: NamespaceId, name: &str) -> usize {
        let attributes = &mut self.namespaces[namespace.0 as usize];
        match attributes.iter().position(|a| a == name) {
            Some(index) => index,
            None => {
                attributes.push(name.to_owned());
                attributes.len() - 1
            }
        }
    }
}
