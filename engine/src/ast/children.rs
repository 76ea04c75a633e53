//! The one traversal of the parsed and resolved trees: [`Children`] lists a node's
//! expressions and bodies, so a walk that does not care about a node's kind (finding
//! blocks, `break`s) needs no match over every kind.

use super::{CallBlock, Expr, FilterBlock, For, If, Node, SExpr, With};

/// One child of a tree node, as a walk sees it.
#[derive(Debug)]
pub enum Child<'a, N> {
    /// An expression of the node itself (a condition, a printed value, an argument).
    Expr(&'a SExpr),
    /// A body: a branch, a block, a captured `set`, a `call` block's body, an `else`.
    Body(&'a [N]),
    /// A `for` loop's body, where `loop`, `break` and `continue` are that loop's own.
    LoopBody(&'a [N]),
}

/// The one traversal of a tree: every walk that does not care about a node's kind (finding
/// blocks, `break`s, the uses of `loop`) goes through it instead of matching every kind.
pub trait Children: Sized {
    /// The node's expressions and bodies, in source order.
    fn children(&self) -> Vec<Child<'_, Self>>;

    /// The node's bodies, for walks that rewrite them in place.
    fn bodies_mut(&mut self) -> Vec<&mut Vec<Self>>;
}

impl<N> If<N> {
    pub(crate) fn push_children<'a>(&'a self, out: &mut Vec<Child<'a, N>>) {
        for (cond, body) in &self.branches {
            if let Some(cond) = cond {
                out.push(Child::Expr(cond));
            }
            out.push(Child::Body(body));
        }
    }

    pub(crate) fn bodies_mut(&mut self) -> impl Iterator<Item = &mut Vec<N>> {
        self.branches.iter_mut().map(|(_, body)| body)
    }
}

impl<N> For<N> {
    pub(crate) fn push_children<'a>(&'a self, out: &mut Vec<Child<'a, N>>) {
        out.push(Child::Expr(&self.iter));
        if let Some(filter) = &self.filter {
            out.push(Child::Expr(filter));
        }
        out.push(Child::LoopBody(&self.body));
        out.push(Child::Body(&self.else_body));
    }
}

impl<N> CallBlock<N> {
    pub(crate) fn push_children<'a>(&'a self, out: &mut Vec<Child<'a, N>>) {
        out.push(Child::Expr(&self.call));
        for param in &self.params {
            if let Some(default) = &param.default {
                out.push(Child::Expr(default));
            }
        }
        out.push(Child::Body(&self.body));
    }
}

impl<N> FilterBlock<N> {
    pub(crate) fn push_children<'a>(&'a self, out: &mut Vec<Child<'a, N>>) {
        for (_, args) in &self.filters {
            out.extend(args.values().map(Child::Expr));
        }
        out.push(Child::Body(&self.body));
    }
}

impl<N> With<N> {
    pub(crate) fn push_children<'a>(&'a self, out: &mut Vec<Child<'a, N>>) {
        out.extend(self.assigns.iter().map(|(_, value)| Child::Expr(value)));
        out.push(Child::Body(&self.body));
    }
}

/// Implements [`Children`] for a node enum from the shared kinds, plus `$extra` arms for
/// the kinds only that enum has.
macro_rules! impl_children {
    ($node:ident { $($extra:tt)* } { $($extra_mut:tt)* }) => {
        impl Children for $node {
            fn children(&self) -> Vec<Child<'_, Self>> {
                let mut out = Vec::new();
                match self {
                    $node::Print(expr) | $node::Do(expr) => out.push(Child::Expr(expr)),
                    $node::Set(set) => out.push(Child::Expr(&set.value)),
                    $node::SetAttr(set) => out.push(Child::Expr(&set.value)),
                    $node::If(node) => node.push_children(&mut out),
                    $node::For(node) => node.push_children(&mut out),
                    $node::CallBlock(node) => node.push_children(&mut out),
                    $node::FilterBlock(node) => node.push_children(&mut out),
                    $node::With(node) => node.push_children(&mut out),
                    $node::SetBlock(node) => out.push(Child::Body(&node.body)),
                    $node::Autoescape(node) => out.push(Child::Body(&node.body)),
                    $node::Inline(node) => out.push(Child::Body(&node.body)),
                    $node::Text(_) | $node::Break(_) | $node::Continue(_) => {}
                    $($extra)*
                }
                out
            }

            fn bodies_mut(&mut self) -> Vec<&mut Vec<Self>> {
                match self {
                    $node::If(node) => node.bodies_mut().collect(),
                    $node::For(node) => vec![&mut node.body, &mut node.else_body],
                    $node::CallBlock(node) => vec![&mut node.body],
                    $node::FilterBlock(node) => vec![&mut node.body],
                    $node::With(node) => vec![&mut node.body],
                    $node::SetBlock(node) => vec![&mut node.body],
                    $node::Autoescape(node) => vec![&mut node.body],
                    $node::Inline(node) => vec![&mut node.body],
                    $node::Print(_)
                    | $node::Do(_)
                    | $node::Set(_)
                    | $node::SetAttr(_)
                    | $node::Text(_)
                    | $node::Break(_)
                    | $node::Continue(_) => Vec::new(),
                    $($extra_mut)*
                }
            }
        }
    };
}
pub(crate) use impl_children;

impl_children!(Node {
    Node::Block(block) => return vec![Child::Body(&block.body)],
    Node::Include(_) | Node::Super(_) => {}
} {
    Node::Block(block) => vec![&mut block.body],
    Node::Include(_) | Node::Super(_) => Vec::new(),
});

impl Expr {
    /// The direct subexpressions, in source order.
    pub fn children(&self) -> Vec<&SExpr> {
        match self {
            Expr::List(items) | Expr::Tuple(items) => items.iter().collect(),
            Expr::Dict(pairs) => pairs.iter().flat_map(|(k, v)| [k, v]).collect(),
            Expr::Attr(obj, _) | Expr::Unary(_, obj) | Expr::Spread(obj) => vec![obj],
            Expr::Index(obj, key) | Expr::Binary(_, obj, key) => vec![obj, key],
            Expr::Slice {
                value,
                start,
                stop,
                step,
            } => [
                Some(&**value),
                start.as_deref(),
                stop.as_deref(),
                step.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect(),
            Expr::Call(callee, args) => std::iter::once(&**callee).chain(args.values()).collect(),
            Expr::Filter(value, _, args) | Expr::Test { value, args, .. } => {
                std::iter::once(&**value).chain(args.values()).collect()
            }
            Expr::Cond {
                cond,
                then,
                otherwise,
            } => [Some(&**then), Some(&**cond), otherwise.as_deref()]
                .into_iter()
                .flatten()
                .collect(),
            Expr::Str(_)
            | Expr::Int(_)
            | Expr::Float(_)
            | Expr::Bool(_)
            | Expr::None
            | Expr::Var(_)
            | Expr::Path(_) => Vec::new(),
        }
    }
}
