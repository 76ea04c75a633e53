//! The resolved tree: what [`resolve`](crate::resolve) makes of a template and the files it
//! names, and what the later stages walk.
//!
//! It has no `block`, `include` or `super()` nodes, so no later stage has to handle them:
//! resolution replaced each by the nodes it stands for, wrapped in an [`Inline`] that
//! says which file they come from. The tag structs are the parser's, holding these nodes.

use crate::ast::{self, impl_children, Child, Children, SExpr, Set, SetAttr};
use crate::source::{Span, Spanned};

/// `if` / `elif` / `else`.
pub type If = ast::If<Node>;
/// `for`.
pub type For = ast::For<Node>;
/// A block `set`.
pub type SetBlock = ast::SetBlock<Node>;
/// A `call` block.
pub type CallBlock = ast::CallBlock<Node>;
/// A `filter` block.
pub type FilterBlock = ast::FilterBlock<Node>;
/// A `with` block.
pub type With = ast::With<Node>;
/// An `autoescape` block.
pub type Autoescape = ast::Autoescape<Node>;
/// Nodes from another file or block.
pub type Inline = ast::Inline<Node>;
/// A macro, with its body resolved.
pub type Macro = ast::Macro<Node>;

/// A statement or piece of output, after resolution.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Literal text (whitespace control already applied).
    Text(Spanned<String>),
    /// `{{ expr }}`.
    Print(SExpr),
    /// `if` / `elif` / `else`.
    If(If),
    /// `for`.
    For(Box<For>),
    /// `break`.
    Break(Span),
    /// `continue`.
    Continue(Span),
    /// `do expr`.
    Do(SExpr),
    /// `set target = value`.
    Set(Set),
    /// `set ns.attr = value`.
    SetAttr(SetAttr),
    /// `set name %}…{% endset`.
    SetBlock(SetBlock),
    /// The body of a block's most derived definition, of a `super()`'s parent definition,
    /// or of an included template.
    Inline(Inline),
    /// `{% call(params) macro(args) %}…{% endcall %}`.
    CallBlock(CallBlock),
    /// `{% filter name(args)|… %}…{% endfilter %}`.
    FilterBlock(FilterBlock),
    /// `{% with a = 1 %}…{% endwith %}`.
    With(With),
    /// `{% autoescape false %}…{% endautoescape %}`.
    Autoescape(Autoescape),
}

impl_children!(Node {} {});
