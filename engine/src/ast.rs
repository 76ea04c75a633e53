//! The template syntax tree. Every node keeps the [`Span`] it was parsed from.

use crate::source::{FileId, Span, Spanned};

mod children;

pub(crate) use self::children::impl_children;
pub use self::children::{Child, Children};

/// An expression with its span.
pub type SExpr = Spanned<Expr>;

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `"text"` (escapes already decoded).
    Str(String),
    /// An integer literal, exactly as written in Rust syntax (`1_000`, `0xff`).
    Int(i128),
    /// A float literal.
    Float(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `none`.
    None,
    /// A name: a local, `loop`, or a field of the template struct.
    Var(String),
    /// A Rust path such as `crate::CONST` (extension).
    Path(Vec<String>),
    /// `[a, b]`.
    List(Vec<SExpr>),
    /// `(a, b)`.
    Tuple(Vec<SExpr>),
    /// `{k: v}`.
    Dict(Vec<(SExpr, SExpr)>),
    /// `value.name`.
    Attr(Box<SExpr>, Spanned<String>),
    /// `value[key]`.
    Index(Box<SExpr>, Box<SExpr>),
    /// `value[start:stop:step]`, each part optional.
    Slice {
        /// The sliced value.
        value: Box<SExpr>,
        /// The first index.
        start: Option<Box<SExpr>>,
        /// The index to stop before.
        stop: Option<Box<SExpr>>,
        /// The step.
        step: Option<Box<SExpr>>,
    },
    /// `callee(args)`.
    Call(Box<SExpr>, Args),
    /// `value|name(args)`.
    Filter(Box<SExpr>, Spanned<String>, Args),
    /// `value is [not] name(args)`.
    Test {
        /// The tested value.
        value: Box<SExpr>,
        /// `is not`.
        negated: bool,
        /// The test's name.
        name: Spanned<String>,
        /// Its arguments.
        args: Args,
    },
    /// A prefix operator.
    Unary(UnaryOp, Box<SExpr>),
    /// A binary operator.
    Binary(BinaryOp, Box<SExpr>, Box<SExpr>),
    /// `then if cond else otherwise`.
    Cond {
        /// The condition.
        cond: Box<SExpr>,
        /// Value when true.
        then: Box<SExpr>,
        /// Value when false; Jinja2 gives undefined (prints nothing) when omitted.
        otherwise: Option<Box<SExpr>>,
    },
    /// `*items` as a call's argument: the items of a sequence as positional arguments
    /// (only `loop.cycle(*items)` takes it).
    Spread(Box<SExpr>),
}

/// Call, filter or test arguments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    /// Positional arguments, in order.
    pub positional: Vec<SExpr>,
    /// `name=value` arguments, in order.
    pub keyword: Vec<(Spanned<String>, SExpr)>,
}

impl Args {
    /// Whether there are no arguments.
    pub fn is_empty(&self) -> bool {
        self.positional.is_empty() && self.keyword.is_empty()
    }

    /// Every argument's value, positional ones first.
    pub fn values(&self) -> impl Iterator<Item = &SExpr> {
        self.positional
            .iter()
            .chain(self.keyword.iter().map(|(_, value)| value))
    }
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not`.
    Not,
    /// `-`.
    Neg,
    /// `+`.
    Pos,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
    /// `a..b` (extension).
    Range,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `~`.
    Concat,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `//`.
    FloorDiv,
    /// `%`.
    Rem,
    /// `**`.
    Pow,
}

impl BinaryOp {
    /// Whether it compares (and so chains: `a < b < c`) and yields a `bool`.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge
                | BinaryOp::In
                | BinaryOp::NotIn
        )
    }

    /// Whether it is arithmetic (`+ - * / // % **`), yielding a number.
    pub fn is_arithmetic(self) -> bool {
        matches!(
            self,
            BinaryOp::Add
                | BinaryOp::Sub
                | BinaryOp::Mul
                | BinaryOp::Div
                | BinaryOp::FloorDiv
                | BinaryOp::Rem
                | BinaryOp::Pow
        )
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Range => "..",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Concat => "~",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::FloorDiv => "//",
            BinaryOp::Rem => "%",
            BinaryOp::Pow => "**",
        }
    }
}

/// What a `-` or `+` marker next to a delimiter asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Trim {
    /// No marker: the configured default (keep, unless `trim_blocks`/`lstrip_blocks`).
    #[default]
    Default,
    /// `-`: strip all whitespace on this side.
    Strip,
    /// `+`: keep whitespace even where the configuration would strip it.
    Keep,
}

/// The whitespace markers of one tag: before (`{%-`) and after (`-%}`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ws {
    /// The marker after the opening delimiter, acting on text before the tag.
    pub before: Trim,
    /// The marker before the closing delimiter, acting on text after the tag.
    pub after: Trim,
}

/// An assignment or loop target.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// One name.
    Name(Spanned<String>),
    /// Names destructuring a tuple.
    Tuple(Vec<Target>),
}

impl Target {
    /// Every name the target binds, in order.
    pub fn names(&self) -> Vec<&Spanned<String>> {
        match self {
            Target::Name(name) => vec![name],
            Target::Tuple(items) => items.iter().flat_map(Target::names).collect(),
        }
    }
}

/// A statement or piece of output.
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
    /// `do expr`: the expression is evaluated and its value dropped.
    Do(SExpr),
    /// `set target = value`.
    Set(Set),
    /// `set ns.attr = value`.
    SetAttr(SetAttr),
    /// `set name %}…{% endset`.
    SetBlock(SetBlock),
    /// `block name`.
    Block(Block),
    /// `include`.
    Include(Include),
    /// The content of a resolved `include`, or of a block after inheritance is resolved.
    Inline(Inline),
    /// `{{ super() }}`: replaced by the parent block's body during resolution.
    Super(Span),
    /// `{% call(params) macro(args) %}…{% endcall %}`.
    CallBlock(CallBlock),
    /// `{% filter name(args)|… %}…{% endfilter %}`.
    FilterBlock(FilterBlock),
    /// `{% with a = 1 %}…{% endwith %}`.
    With(With),
    /// `{% autoescape false %}…{% endautoescape %}`.
    Autoescape(Autoescape),
}

/// `{% with name = value, … %}…{% endwith %}`: the values are computed first, in the
/// enclosing scope (so `with a = 1, b = a` reads the outer `a`, as in Jinja2), then bound for
/// the block only, like everything the block `set`s.
#[derive(Clone, Debug, PartialEq)]
pub struct With<N = Node> {
    /// The names and their values, in order.
    pub assigns: Vec<(Spanned<String>, SExpr)>,
    /// The block.
    pub body: Vec<N>,
    /// The opening tag.
    pub span: Span,
}

/// `{% autoescape true %}…{% endautoescape %}`: the block's prints are escaped (`true`) or
/// not (`false`), whatever the file's escaping.
#[derive(Clone, Debug, PartialEq)]
pub struct Autoescape<N = Node> {
    /// Whether the block escapes.
    pub enabled: bool,
    /// The block.
    pub body: Vec<N>,
    /// The opening tag.
    pub span: Span,
}

/// `{% filter upper|replace("a", "b") %}…{% endfilter %}`.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterBlock<N = Node> {
    /// The filters, applied in order.
    pub filters: Vec<(Spanned<String>, Args)>,
    /// The block whose output they filter.
    pub body: Vec<N>,
    /// The opening tag.
    pub span: Span,
}

/// A parameter of a macro or of a `call` block's caller.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Its name.
    pub name: Spanned<String>,
    /// Its default value, evaluated where the macro is called.
    pub default: Option<SExpr>,
}

/// `{% macro name(params) %}…{% endmacro %}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Macro<N = Node> {
    /// The macro's name.
    pub name: Spanned<String>,
    /// Its parameters, in order.
    pub params: Vec<Param>,
    /// What it renders.
    pub body: Vec<N>,
    /// The opening tag.
    pub span: Span,
}

/// `{% call(params) macro(args) %}…{% endcall %}`.
#[derive(Clone, Debug, PartialEq)]
pub struct CallBlock<N = Node> {
    /// The macro call.
    pub call: SExpr,
    /// Parameters of `caller(…)`.
    pub params: Vec<Param>,
    /// What `caller()` renders.
    pub body: Vec<N>,
    /// The opening tag.
    pub span: Span,
}

/// `{% import "x" as name %}` or `{% from "x" import a, b as c %}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The imported template's name.
    pub template: Spanned<String>,
    /// What is bound here.
    pub what: ImportKind,
    /// The tag.
    pub span: Span,
}

/// What an import binds.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportKind {
    /// `import "x" as alias`: the template's macros as `alias.name`.
    Module(Spanned<String>),
    /// `from "x" import name as alias, …`: `(macro name, local name)` pairs.
    Names(Vec<(Spanned<String>, Spanned<String>)>),
}

/// `if` with its `elif`s and `else`.
#[derive(Clone, Debug, PartialEq)]
pub struct If<N = Node> {
    /// `(condition, body)`; the condition of a final `else` is `None`.
    pub branches: Vec<(Option<SExpr>, Vec<N>)>,
    /// The `if` tag.
    pub span: Span,
}

/// `for target in iter [if filter] [recursive] … [else …] endfor`.
#[derive(Clone, Debug, PartialEq)]
pub struct For<N = Node> {
    /// Loop variables.
    pub target: Target,
    /// What is iterated.
    pub iter: SExpr,
    /// The `if` filter.
    pub filter: Option<SExpr>,
    /// `recursive`: the body may render the loop again with `loop(children)`.
    pub recursive: bool,
    /// Loop body.
    pub body: Vec<N>,
    /// Rendered when there was nothing to iterate.
    pub else_body: Vec<N>,
    /// The `for` tag.
    pub span: Span,
}

/// `set target = value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Set {
    /// What is assigned.
    pub target: Target,
    /// The value.
    pub value: SExpr,
    /// The tag.
    pub span: Span,
}

/// `set ns.attr = value`: an attribute of a `namespace()`.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAttr {
    /// The namespace's name.
    pub object: Spanned<String>,
    /// The attribute.
    pub attr: Spanned<String>,
    /// The value.
    pub value: SExpr,
    /// The tag.
    pub span: Span,
}

/// `{% set name %}…{% endset %}`: captures rendered output.
#[derive(Clone, Debug, PartialEq)]
pub struct SetBlock<N = Node> {
    /// The variable.
    pub name: Spanned<String>,
    /// The captured template.
    pub body: Vec<N>,
    /// The opening tag.
    pub span: Span,
}

/// `{% block name %}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block<N = Node> {
    /// The block's name.
    pub name: Spanned<String>,
    /// Its content as written in this template.
    pub body: Vec<N>,
    /// The opening tag.
    pub span: Span,
}

/// `{% include … %}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Include {
    /// Candidate templates: the first that exists is included.
    pub names: Vec<Spanned<String>>,
    /// `ignore missing`.
    pub ignore_missing: bool,
    /// The tag.
    pub span: Span,
}

/// Nodes from another file or block, spliced in by resolution.
#[derive(Clone, Debug, PartialEq)]
pub struct Inline<N = Node> {
    /// The file they come from.
    pub file: FileId,
    /// The nodes.
    pub body: Vec<N>,
}

/// A parsed template file.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// The file.
    pub file: FileId,
    /// `{% extends "…" %}`, if any.
    pub extends: Option<Spanned<String>>,
    /// What comes before `extends`: Jinja2 outputs it before the parent.
    pub before_extends: Vec<Node>,
    /// Top-level nodes.
    pub nodes: Vec<Node>,
    /// Macros defined anywhere in the file (they output nothing where they are defined).
    pub macros: Vec<Macro>,
    /// Imports anywhere in the file (they bind names for the whole file).
    pub imports: Vec<Import>,
}
