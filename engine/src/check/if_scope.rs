//! Jinja's `if` has no scope: a name a branch `set`s is visible after the `if` (undefined
//! where the branch did not run), and a `set` of a name the block already has changes it.
//!
//! Before its branches are checked, an `if` collects the names its branches set (through
//! nested `if`s, not into `for`, `with` or other blocks, which are scopes of their own) and
//! declares each in the enclosing scope: a new binding, unset if every path sets it, an
//! empty `Maybe` if some do not; or the existing binding of the block, marked reassigned.
//! A `set` in the branches then assigns instead of binding. The values go through
//! `__private::Arg`, so `1`, `n + 1` and a field share one type (`Val`).

use std::collections::HashSet;

use super::{macros, Checker};
use crate::ast::Target;
use crate::checked::{BindingId, BindingKind, Declare, Expr, ExprKind, Node};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::tree;

impl Checker<'_> {
    /// An `if`: its branches, after declaring the names they set.
    pub(super) fn if_node(&mut self, node: &tree::If) -> Option<Node> {
        let mut names = Vec::new();
        collect_sets(&node.branches, &mut names);
        let mut declare = Vec::new();
        let mut hoisted_here = Vec::new();
        let mut seen = HashSet::new();
        for (name, span) in names {
            if !seen.insert(name.clone()) || self.innermost().hoisted.contains_key(&name) {
                // Set twice, or already declared by an `if` around this one.
                continue;
            }
            let every_path = sets_on_every_path_of(&node.branches, &name);
            let id = match self.scopes.lookup_innermost(&name) {
                Some(id) => {
                    self.scopes.set_reassigned(id);
                    id
                }
                None => {
                    let outer = self.scopes.lookup(&name).is_some()
                        || self
                            .options
                            .fields
                            .is_some_and(|fields| fields.contains(&name));
                    if outer && !every_path {
                        self.error(
                            Diagnostic::new(
                                format!(
                                    "`{name}` is set in only some branches of this `if`, while \
                                     an outer `{name}` exists"
                                ),
                                span,
                            )
                            .with_help(format!(
                                "after the `if`, Jinja2 reads the branch's `{name}` or the \
                                 outer one, which Kiln cannot type; set it in every branch \
                                 (add an `else`), or before the `if`: `{{% set {name} = \
                                 {name} %}}`"
                            )),
                        );
                        continue;
                    }
                    let id = self.scopes.bind(&name, BindingKind::Set, span, true);
                    self.scopes.set_reassigned(id);
                    if every_path {
                        declare.push((id, Declare::Unset));
                    } else {
                        self.scopes.maybe.insert(id);
                        declare.push((id, Declare::Empty));
                    }
                    id
                }
            };
            self.innermost_mut().hoisted.insert(name.clone(), id);
            hoisted_here.push(name);
        }
        let branches = self.branches(node);
        for name in &hoisted_here {
            self.innermost_mut().hoisted.remove(name);
        }
        if branches.is_empty() {
            // No branch can run: what they set is undefined after the `if`.
            if declare.is_empty() {
                return None;
            }
            for (_, how) in &mut declare {
                *how = Declare::Undefined;
            }
        }
        // The temporaries the branches keep must live as long as the names: the outermost
        // `if` of this scope declares them.
        if self.innermost().hoisted.is_empty() {
            let keeps = std::mem::take(&mut self.innermost_mut().keeps);
            declare.extend(keeps.into_iter().map(|id| (id, Declare::Unset)));
        }
        Some(Node::If { declare, branches })
    }

    /// The branches of an `if`, in the enclosing scope. A condition known at compile time
    /// (`x is defined` on a name that exists nowhere) decides its branch: a branch that
    /// cannot run is not checked, so it may use what is undefined, as in Jinja2, where it
    /// is never evaluated.
    fn branches(&mut self, node: &tree::If) -> Vec<(Option<Expr>, Vec<Node>)> {
        let mut branches = Vec::with_capacity(node.branches.len());
        // Whether an earlier condition failing means a `call` block made the call
        // (`{% if not caller %}…{% else %}{{ caller() }}`).
        let mut after_caller_test = false;
        for (cond, body) in &node.branches {
            let cond = cond.as_ref().map(|c| {
                let checked = self.expr(c);
                self.or_none(checked, c.span)
            });
            let guarded =
                after_caller_test || cond.as_ref().is_some_and(macros::true_only_with_caller);
            after_caller_test |= cond.as_ref().is_some_and(macros::false_only_with_caller);
            match cond.as_ref().map_or(Some(true), super::const_truth) {
                Some(false) => continue,
                Some(true) => {
                    let span = cond.as_ref().map_or(node.span, |c| c.span);
                    let always = Expr::new(ExprKind::Bool(true), span);
                    let body = self.caller_guarded(guarded, |c| c.nodes(body));
                    branches.push((Some(always), body));
                    break;
                }
                None => {
                    let body = self.caller_guarded(guarded, |c| c.nodes(body));
                    branches.push((cond, body));
                }
            }
        }
        branches
    }

    /// The binding a `set` of `target` in an `if` branch assigns, if the `if` declared its
    /// names; `maybe` when it is a `Maybe`.
    pub(super) fn hoisted(&self, target: &Target) -> Option<Vec<BindingId>> {
        target
            .names()
            .iter()
            .map(|name| self.innermost().hoisted.get(&name.node).copied())
            .collect()
    }

    /// A hidden binding that keeps a temporary value assigned in an `if` branch.
    pub(super) fn keep(&mut self, span: Span) -> BindingId {
        let id = BindingId(u32::try_from(self.scopes.bindings.len()).unwrap_or(u32::MAX));
        self.scopes.bindings.push(crate::checked::Binding {
            name: "__kiln_keep".to_owned(),
            kind: BindingKind::Item,
            span,
            safe: false,
            reassigned: false,
        });
        self.innermost_mut().keeps.push(id);
        id
    }

    fn innermost(&self) -> &super::scope::Scope {
        self.scopes
            .stack
            .last()
            .expect("the checker always has a scope")
    }

    fn innermost_mut(&mut self) -> &mut super::scope::Scope {
        self.scopes
            .stack
            .last_mut()
            .expect("the checker always has a scope")
    }
}

/// The names `set` (or block `set`) in the branches, through nested `if`s, in order.
fn collect_sets(
    branches: &[(Option<crate::ast::SExpr>, Vec<tree::Node>)],
    out: &mut Vec<(String, Span)>,
) {
    for (_, body) in branches {
        for node in body {
            match node {
                tree::Node::Set(set) => {
                    out.extend(
                        set.target
                            .names()
                            .into_iter()
                            .map(|n| (n.node.clone(), n.span)),
                    );
                }
                tree::Node::SetBlock(set) => out.push((set.name.node.clone(), set.name.span)),
                tree::Node::If(inner) => collect_sets(&inner.branches, out),
                _ => {}
            }
        }
    }
}

/// Whether every path through an `if` with these branches sets `name`: it has an `else`,
/// and each branch sets it at its own level or in a nested `if` that does.
fn sets_on_every_path_of(
    branches: &[(Option<crate::ast::SExpr>, Vec<tree::Node>)],
    name: &str,
) -> bool {
    let has_else = branches.last().is_some_and(|(cond, _)| cond.is_none());
    has_else
        && branches.iter().all(|(_, body)| {
            body.iter().any(|node| match node {
                tree::Node::Set(set) => set.target.names().iter().any(|n| n.node == name),
                tree::Node::SetBlock(set) => set.name.node == name,
                tree::Node::If(inner) => sets_on_every_path_of(&inner.branches, name),
                _ => false,
            })
        })
}
