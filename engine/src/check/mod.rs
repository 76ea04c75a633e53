//! The check stage: turns the resolved tree into the [`checked`](crate::checked) tree that
//! code generation translates, and finds every mistake a template can hold.
//!
//! It owns the scopes (each binding with its kind and span), binds every call's arguments
//! to parameters once (`bind`), decides what each name and call means, and lowers the
//! filters that take attributes, tests or filters by name into closures. Errors are
//! collected: a mistake in one expression does not stop the others from being checked, so
//! one build reports every independent mistake.
//!
//! Modules: `scope` (names), `bind` (arguments), `expr` (expressions, `loop`, calls),
//! `filters` and `jinja_tests` (filters, and tests such as `is odd`), `macros` (macros,
//! `call` blocks and `caller()`), this file (statements).

mod bind;
mod dict;
mod expr;
mod filters;
mod format;
mod if_scope;
mod jinja_tests;
mod macros;
mod namespace;
mod scope;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::Target;
use crate::checked::{
    BindingId, BindingKind, Checked, Escaping, Expr, ExprKind, For, Loop, LoopId, LoopUse,
    MacroDef, MacroId, NamespaceId, Node, Pattern, SetMode,
};
use crate::diagnostic::Diagnostic;
use crate::resolve::Scopes as MacroScopes;
use crate::source::{FileId, Files, Span, Spanned};
use crate::tree;

use self::macros::MacroFacts;
use self::scope::Scopes;

/// The [`Options::owner`] of data that is not a struct (JSON for `kiln render`): hints
/// then speak of entries, not fields.
pub const DATA_OWNER: &str = "the data";

/// What the check needs to know besides the tree.
pub struct Options<'a> {
    /// All sources, for messages.
    pub files: &'a Files,
    /// The escaping of each file.
    pub escaping: &'a dyn Fn(FileId) -> Escaping,
    /// The file the top-level nodes come from.
    pub root: FileId,
    /// The macros each file can call.
    pub macros: &'a MacroScopes,
    /// The blocks that expressions render as values (`super()`, `self.title()`).
    pub block_values: &'a crate::resolve::BlockValues,
    /// The named fields of the template struct, if it has named fields: every other name
    /// must be a local, or it is reported with a did-you-mean.
    pub fields: Option<&'a [String]>,
    /// What holds the fields, as the hint on an unknown name says it: "the struct",
    /// "the variant `Page::Home`".
    pub owner: &'a str,
    /// The custom filters that exist, when they are known (`kiln.toml`'s `filters`; none
    /// for `kiln check` without that list): any other name that is no built-in is an
    /// error. `None`: rustc finds custom filters in the `filters` module.
    pub custom_filters: Option<&'a [String]>,
}

/// Checks the resolved `nodes`; every independent error is reported.
pub fn check(nodes: &[tree::Node], options: &Options<'_>) -> Result<Checked, Vec<Diagnostic>> {
    let mut checker = Checker {
        options,
        scopes: Scopes::new(),
        loops: Vec::new(),
        loop_floor: 0,
        captures: 0,
        escaping: (options.escaping)(options.root),
        checked_loops: Vec::new(),
        macros: Vec::new(),
        facts: Vec::new(),
        macro_ids: HashMap::new(),
        top_level_reads: Vec::new(),
        checking: Vec::new(),
        macro_of: HashMap::new(),
        in_macro: None,
        caller_guards: 0,
        macro_calls: Vec::new(),
        namespaces: Vec::new(),
        rendered: Vec::new(),
        namespace_of: HashMap::new(),
        loop_of: HashMap::new(),
        errors: Vec::new(),
    };
    let nodes = checker.nodes(nodes);
    checker.macro_graph_errors();
    let mut errors = checker.errors;
    if !errors.is_empty() {
        errors.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        errors.dedup_by(|a, b| a.message == b.message && a.span == b.span);
        return Err(errors);
    }
    Ok(Checked {
        nodes,
        bindings: checker.scopes.bindings,
        loops: checker.checked_loops,
        macros: checker.macros,
        namespaces: checker.namespaces,
        rendered: checker.rendered,
    })
}

/// An enclosing `for` loop.
#[derive(Clone, Copy, Debug)]
struct LoopFrame {
    id: LoopId,
    recursive: bool,
    /// The checker's `captures` where the loop is: `loop(…)` must be where the output has
    /// the same type, since the loop's function takes that type.
    captures: usize,
}

/// One macro call site, for the checks that need every macro's facts.
struct CallSite {
    /// The macro whose body holds the call (`None`: the template itself).
    from: Option<MacroId>,
    /// The macro called.
    to: MacroId,
    /// Whether it is called with a `call` block.
    with_caller: bool,
    /// The call.
    span: Span,
}

struct Checker<'a> {
    options: &'a Options<'a>,
    scopes: Scopes,
    /// Enclosing loops, innermost last.
    loops: Vec<LoopFrame>,
    /// How many of `loops` `break` and `continue` may not leave: a `call` block's body and
    /// a recursive loop's `else` render as functions of their own.
    loop_floor: usize,
    /// How many captures (block `set`s, `filter` blocks, macros called as values) the
    /// current output is inside.
    captures: usize,
    /// The escaping where the nodes being checked are.
    escaping: Escaping,
    /// Every loop met, by `LoopId`.
    checked_loops: Vec<Loop>,
    /// Every macro called, by `MacroId` (a body is filled in once it is checked).
    macros: Vec<MacroDef>,
    /// What each macro's body does with `caller()`, by `MacroId`.
    facts: Vec<MacroFacts>,
    /// The ids of each macro met, by its file and name: one per set of template variables
    /// its body reads (see `top_level_reads`).
    macro_ids: HashMap<macros::MacroKey, Vec<MacroId>>,
    /// The template variables each macro's body reads (by `MacroId`), its own and those of
    /// the macros it calls: a later call that finds other bindings of them checks the
    /// body again.
    top_level_reads: Vec<Vec<(String, BindingId)>>,
    /// The macros whose bodies are being checked, innermost last.
    checking: Vec<MacroId>,
    /// The macro each local that holds one holds: an alias (`{% set m = lib.x %}`), or a
    /// macro's parameter given a macro by the call its body is checked for.
    macro_of: HashMap<BindingId, Arc<tree::Macro>>,
    /// The macro whose body is being checked (`caller()` is its caller).
    in_macro: Option<MacroId>,
    /// How many conditions that hold only with a `call` block (`{% if caller %}`) the
    /// code being checked is under, in the macro's body.
    caller_guards: usize,
    /// Every macro call site.
    macro_calls: Vec<CallSite>,
    /// The attributes of each `namespace()`, by `NamespaceId`.
    namespaces: Vec<Vec<String>>,
    /// The bodies of the blocks rendered as values, by index.
    rendered: Vec<Vec<Node>>,
    /// The namespace each local that holds one holds.
    namespace_of: HashMap<BindingId, NamespaceId>,
    /// The loop each local that holds a `loop` holds (`{% set row = loop %}`).
    loop_of: HashMap<BindingId, LoopId>,
    /// Errors found so far.
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Records an error and goes on.
    fn error(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// The result of a check that failed: the error is recorded, and `None` stands in.
    fn or_none(&mut self, result: Result<Expr, Diagnostic>, span: Span) -> Expr {
        result.unwrap_or_else(|error| {
            self.error(error);
            Expr::new(ExprKind::None, span)
        })
    }

    fn nodes(&mut self, nodes: &[tree::Node]) -> Vec<Node> {
        nodes.iter().filter_map(|node| self.node(node)).collect()
    }

    fn node(&mut self, node: &tree::Node) -> Option<Node> {
        Some(match node {
            tree::Node::Text(text) => Node::Text(text.node.clone()),
            tree::Node::Print(expr) => {
                if let Some(block) = self.caller_passed_on(expr) {
                    return self.call_block(&block);
                }
                let checked = self.print_expr(expr);
                Node::Print(self.or_none(checked, expr.span))
            }
            tree::Node::Do(expr) => {
                let checked = self.expr(expr);
                Node::Do(self.or_none(checked, expr.span))
            }
            tree::Node::If(node) => return self.if_node(node),
            tree::Node::For(node) => Node::For(Box::new(self.for_loop(node))),
            tree::Node::Break(span) | tree::Node::Continue(span) => {
                let is_break = matches!(node, tree::Node::Break(_));
                if self.loops.len() <= self.loop_floor {
                    let word = if is_break { "break" } else { "continue" };
                    let error = Diagnostic::new(format!("`{word}` outside of a `for` loop"), *span);
                    self.error(if self.loop_floor > 0 {
                        error.with_help(
                            "a `call` block's body, and the `else` of a recursive loop, render \
                             as functions of their own: they cannot leave a loop around them",
                        )
                    } else {
                        error
                    });
                    return None;
                }
                if is_break {
                    Node::Break
                } else {
                    Node::Continue
                }
            }
            tree::Node::Set(set) => {
                if let Some(node) = self.macro_alias(set) {
                    return node;
                }
                let value = self.expr(&set.value);
                let value = self.or_none(value, set.value.span);
                let safe = self.is_safe(&value);
                if let Some(ids) = self.hoisted(&set.target) {
                    // In an `if` branch: the names the `if` declared are assigned.
                    let mut ids = ids.into_iter();
                    let target = self.assigned(&set.target, &mut ids, safe);
                    let keep = needs_keep(&value).then(|| self.keep(set.value.span));
                    let maybe = self.is_maybe(&target);
                    return Some(Node::Set {
                        target,
                        value,
                        mode: SetMode::Assign { maybe, keep },
                    });
                }
                let target = self.pattern(&set.target, BindingKind::Set);
                if let Pattern::Name(id) = target {
                    self.scopes.set_safe(id, safe);
                    match value.kind {
                        ExprKind::Namespace(namespace, _) => {
                            self.namespace_of.insert(id, namespace);
                        }
                        ExprKind::Loop(loop_id) => {
                            self.loop_of.insert(id, loop_id);
                        }
                        _ => {}
                    }
                }
                Node::Set {
                    target,
                    value,
                    mode: SetMode::Let,
                }
            }
            tree::Node::SetAttr(set) => return self.set_attr(set),
            tree::Node::SetBlock(set) => {
                let body = self.captured(&set.body);
                let target = Target::Name(set.name.clone());
                if let Some(ids) = self.hoisted(&target) {
                    let binding = ids[0];
                    let keep = Some(self.keep(set.name.span));
                    let maybe = self.scopes.maybe.contains(&binding);
                    return Some(Node::Capture {
                        binding,
                        body,
                        mode: SetMode::Assign { maybe, keep },
                    });
                }
                // The captured output is already escaped, so it is safe markup, as in Jinja2.
                let binding =
                    self.scopes
                        .bind(&set.name.node, BindingKind::Capture, set.name.span, true);
                Node::Capture {
                    binding,
                    body,
                    mode: SetMode::Let,
                }
            }
            tree::Node::FilterBlock(block) => self.filter_block(block),
            tree::Node::With(with) => {
                let values: Vec<(Expr, bool)> = with
                    .assigns
                    .iter()
                    .map(|(_, value)| {
                        let checked = self.expr(value);
                        let checked = self.or_none(checked, value.span);
                        let safe = self.is_safe(&checked);
                        (checked, safe)
                    })
                    .collect();
                self.scopes.stack.push(scope::Scope::default());
                let assigns = with
                    .assigns
                    .iter()
                    .zip(values)
                    .map(|((name, _), (value, safe))| {
                        let id = self
                            .scopes
                            .bind(&name.node, BindingKind::With, name.span, safe);
                        (id, value)
                    })
                    .collect();
                let body = self.nodes(&with.body);
                self.scopes.end_scope();
                Node::With { assigns, body }
            }
            tree::Node::Autoescape(autoescape) => {
                let escaping = match (autoescape.enabled, self.escaping) {
                    (false, _) => Escaping::Text,
                    (true, Escaping::Text) => Escaping::Html,
                    (true, escaping) => escaping,
                };
                let outer = std::mem::replace(&mut self.escaping, escaping);
                // Its `set`s end with it, as in Jinja2; text may still merge across its
                // boundary when it binds nothing.
                let scoped = binds_directly(&autoescape.body);
                let body = if scoped {
                    self.scoped_nodes(&autoescape.body)
                } else {
                    self.nodes(&autoescape.body)
                };
                self.escaping = outer;
                Node::Autoescape {
                    enabled: autoescape.enabled,
                    scoped,
                    body,
                }
            }
            tree::Node::Inline(inline) => {
                let escaping = (self.options.escaping)(inline.file);
                let outer = std::mem::replace(&mut self.escaping, escaping);
                // An included template's `set`s stay inside it; text may still merge
                // across the boundary when it binds nothing.
                let scoped = binds_directly(&inline.body);
                let body = if scoped {
                    // Its top-level scope, which its macros read (`Scopes::top_level`).
                    let index = self.scopes.stack.len();
                    self.scopes.files.push((inline.file, index));
                    let body = self.scoped_nodes(&inline.body);
                    self.scopes.files.pop();
                    body
                } else {
                    self.nodes(&inline.body)
                };
                self.escaping = outer;
                Node::Inline {
                    file: inline.file,
                    scoped,
                    body,
                }
            }
            tree::Node::CallBlock(block) => return self.call_block(block),
        })
    }

    /// `nodes` in a scope of their own.
    fn scoped_nodes(&mut self, nodes: &[tree::Node]) -> Vec<Node> {
        self.scopes.stack.push(scope::Scope::default());
        let out = self.nodes(nodes);
        self.scopes.end_scope();
        out
    }

    /// `nodes` whose output is captured (a block `set`, a `filter` block's body), in a
    /// scope of their own.
    pub(super) fn captured(&mut self, nodes: &[tree::Node]) -> Vec<Node> {
        self.captures += 1;
        let body = self.scoped_nodes(nodes);
        self.captures -= 1;
        body
    }

    /// `{% filter upper|trim %}…{% endfilter %}`: the body is captured (already escaped, so
    /// safe markup, as in Jinja2) into a hidden binding, then printed through the filters.
    fn filter_block(&mut self, block: &tree::FilterBlock) -> Node {
        let body = self.captured(&block.body);
        self.scopes.stack.push(scope::Scope::default());
        let name = "__kiln_filter_block";
        let binding = self
            .scopes
            .bind(name, BindingKind::Capture, block.span, true);
        let mut expr = Spanned::new(crate::ast::Expr::Var(name.to_owned()), block.span);
        for (filter, args) in &block.filters {
            expr = Spanned::new(
                crate::ast::Expr::Filter(Box::new(expr), filter.clone(), args.clone()),
                block.span,
            );
        }
        let print = self.print_expr(&expr);
        let print = self.or_none(print, block.span);
        self.scopes.end_scope();
        Node::FilterBlock {
            binding,
            body,
            print,
        }
    }

    /// A `for` loop; a recursive loop's body and `else` run as a function of their own.
    fn for_loop(&mut self, node: &tree::For) -> For {
        let iter = self.expr(&node.iter);
        let iter = self.or_none(iter, node.iter.span);
        let id = LoopId(u32::try_from(self.checked_loops.len()).unwrap_or(u32::MAX));
        self.checked_loops.push(Loop {
            uses: LoopUse::default(),
            recursive: node.recursive,
        });
        let floor = if node.recursive {
            std::mem::replace(&mut self.loop_floor, self.loops.len())
        } else {
            self.loop_floor
        };
        self.scopes.stack.push(scope::Scope::default());
        let target = self.pattern(&node.target, BindingKind::LoopVar);
        // The filter sees the loop's variables but not its `loop`.
        let filter = node.filter.as_ref().map(|f| {
            let checked = self.expr(f);
            self.or_none(checked, f.span)
        });
        self.loops.push(LoopFrame {
            id,
            recursive: node.recursive,
            captures: self.captures,
        });
        let body = self.nodes(&node.body);
        self.loops.pop();
        self.scopes.end_scope();
        let else_body = self.scoped_nodes(&node.else_body);
        self.loop_floor = floor;
        For {
            id,
            target,
            iter,
            filter,
            body,
            else_body,
            span: node.span,
        }
    }

    /// Binds the names of a `for` or `set` target in the innermost scope.
    fn pattern(&mut self, target: &Target, kind: BindingKind) -> Pattern {
        match target {
            Target::Name(name) => {
                Pattern::Name(self.scopes.bind(&name.node, kind, name.span, false))
            }
            Target::Tuple(items) => {
                Pattern::Tuple(items.iter().map(|t| self.pattern(t, kind)).collect())
            }
        }
    }

    /// The pattern of a `set` in an `if` branch, over the bindings the `if` declared; each
    /// stays safe markup only if every value it is given is.
    fn assigned(
        &mut self,
        target: &Target,
        ids: &mut impl Iterator<Item = BindingId>,
        safe: bool,
    ) -> Pattern {
        match target {
            Target::Name(_) => {
                let id = ids.next().unwrap_or(BindingId(0));
                let was = self.scopes.get(id).safe;
                self.scopes.set_safe(id, was && safe);
                Pattern::Name(id)
            }
            Target::Tuple(items) => Pattern::Tuple(
                items
                    .iter()
                    .map(|item| self.assigned(item, ids, false))
                    .collect(),
            ),
        }
    }

    /// Whether the names of `target` are `Maybe`s declared by an `if`.
    fn is_maybe(&self, target: &Pattern) -> bool {
        match target {
            Pattern::Name(id) => self.scopes.maybe.contains(id),
            Pattern::Tuple(items) => items.iter().any(|item| self.is_maybe(item)),
        }
    }

    /// Marks what the innermost loop's body uses of `loop`.
    fn use_loop(&mut self, id: LoopId, mark: impl FnOnce(&mut LoopUse)) {
        if let Some(found) = self.checked_loops.get_mut(id.0 as usize) {
            mark(&mut found.uses);
        }
    }

    /// Whether a checked value is known to be safe markup: `|safe` and `|escape` results,
    /// block `set`s, macro output, and string filters or `~` applied to those.
    fn is_safe(&self, expr: &Expr) -> bool {
        use crate::builtins::Markup;
        use crate::checked::FilterKind;
        match &expr.kind {
            ExprKind::Local(id) => self.scopes.get(*id).safe,
            ExprKind::Macro(_) | ExprKind::Caller(_) | ExprKind::Rendered(_) => true,
            ExprKind::Filter(filter) => match &filter.kind {
                FilterKind::Builtin(spec, _) => match spec.markup {
                    Markup::Always => true,
                    Markup::Kept => filter.value_safe,
                    Markup::No => false,
                },
                FilterKind::Format { .. } => filter.value_safe,
                _ => false,
            },
            ExprKind::Concat { markup, .. } => *markup,
            _ => false,
        }
    }

    /// A binding for the compiler's own use (`__kiln_item`), in the innermost scope.
    fn bind_item(&mut self, name: &str, span: Span) -> BindingId {
        self.scopes.bind(name, BindingKind::Item, span, false)
    }
}

/// Whether a value assigned in an `if` branch is a temporary that must be kept for the
/// names to borrow: not a place (a field, a local), not a literal or arithmetic (which
/// become an owned `Val`).
fn needs_keep(value: &Expr) -> bool {
    !matches!(
        value.kind,
        ExprKind::Local(_)
            | ExprKind::Field(_)
            | ExprKind::Path(_)
            | ExprKind::Attr(..)
            | ExprKind::Str(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Undefined
            | ExprKind::Unary(..)
    ) && !matches!(&value.kind, ExprKind::Binary(op, ..) if op.is_arithmetic())
}

/// Whether `nodes` bind names at their own level (not inside a nested block).
fn binds_directly(nodes: &[tree::Node]) -> bool {
    nodes
        .iter()
        .any(|n| matches!(n, tree::Node::Set(_) | tree::Node::SetBlock(_)))
}

/// The truth of a condition when it is known at compile time: literals, Jinja's undefined,
/// and `not`, `and`, `or` of those.
pub(crate) fn const_truth(expr: &Expr) -> Option<bool> {
    use crate::ast::{BinaryOp, UnaryOp};
    match &expr.kind {
        ExprKind::Bool(b) => Some(*b),
        ExprKind::None | ExprKind::Undefined => Some(false),
        ExprKind::Int(i) => Some(*i != 0),
        ExprKind::Str(s) => Some(!s.is_empty()),
        ExprKind::Unary(UnaryOp::Not, inner) => const_truth(inner).map(|b| !b),
        ExprKind::Binary(BinaryOp::And, a, b) => match const_truth(a) {
            Some(false) => Some(false),
            Some(true) => const_truth(b),
            None => None,
        },
        ExprKind::Binary(BinaryOp::Or, a, b) => match const_truth(a) {
            Some(true) => Some(true),
            Some(false) => const_truth(b),
            None => None,
        },
        _ => None,
    }
}
