//! The checked tree: what [`check`](crate::check) makes of the resolved tree, and all that
//! code generation reads.
//!
//! Everything a name or a call could mean is decided here: a name is a local binding, a
//! field of the struct or a loop's state; a call is a macro, `caller()`, `range`, a method
//! or a value; a filter or test is a built-in row bound to its parameters, a lowered
//! closure, or the user's function. Code generation translates this tree and reports no
//! errors of its own.

use std::fmt;

use crate::ast::{BinaryOp, UnaryOp};
use crate::builtins::{FilterSpec, TestSpec};
use crate::source::{FileId, Span, Spanned};

/// A local binding: `set`, a loop variable, a macro parameter, … (an index into
/// [`Checked::bindings`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BindingId(pub u32);

/// A `for` loop (an index into [`Checked::loops`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LoopId(pub u32);

/// A `namespace()` (an index into [`Checked::namespaces`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NamespaceId(pub u32);

/// A macro (an index into [`Checked::macros`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MacroId(pub u32);

/// A checked template: the tree and the tables its ids index.
#[derive(Debug, Default)]
pub struct Checked {
    /// The nodes to render.
    pub nodes: Vec<Node>,
    /// Every local binding.
    pub bindings: Vec<Binding>,
    /// Every `for` loop.
    pub loops: Vec<Loop>,
    /// Every macro that is called, with its checked body.
    pub macros: Vec<MacroDef>,
    /// The attributes of each `namespace()`, in the order the template first names them.
    pub namespaces: Vec<Vec<String>>,
    /// The bodies of the blocks rendered as values ([`ExprKind::Rendered`]).
    pub rendered: Vec<Vec<Node>>,
}

impl Checked {
    /// The binding `id`.
    pub fn binding(&self, id: BindingId) -> &Binding {
        &self.bindings[id.0 as usize]
    }

    /// The loop `id`.
    pub fn loop_(&self, id: LoopId) -> &Loop {
        &self.loops[id.0 as usize]
    }

    /// The macro `id`.
    pub fn macro_(&self, id: MacroId) -> &MacroDef {
        &self.macros[id.0 as usize]
    }
}

/// What bound a local name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingKind {
    /// `{% set x = … %}`.
    Set,
    /// `{% set x %}…{% endset %}`: captured output.
    Capture,
    /// A `for` loop's target.
    LoopVar,
    /// `{% with x = … %}`.
    With,
    /// A macro's parameter.
    MacroParam,
    /// A parameter of a `call` block's `caller`.
    CallerParam,
    /// An item of a filter that takes an attribute, test or filter by name.
    Item,
}

impl BindingKind {
    /// The tag that makes such a binding, for messages: `for`, `macro`, `call`.
    pub fn tag(self) -> &'static str {
        match self {
            BindingKind::Set | BindingKind::Capture => "set",
            BindingKind::LoopVar => "for",
            BindingKind::With => "with",
            BindingKind::MacroParam => "macro",
            BindingKind::CallerParam => "call",
            BindingKind::Item => "filter",
        }
    }
}

/// A local name, as it was bound.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    /// The template's name for it.
    pub name: String,
    /// What bound it.
    pub kind: BindingKind,
    /// Where (the name in its tag).
    pub span: Span,
    /// Whether its value is known to be safe markup (a block `set`, a `|safe` value), so
    /// string filters on it keep it safe, as Jinja2's `Markup` does.
    pub safe: bool,
    /// Whether an `if` after its `set` sets it again: its `let` is `mut`, and each value it
    /// takes goes through `__private::Arg`, so that `1`, `n + 1` and a field share a type.
    pub reassigned: bool,
}

/// What a loop's body uses of `loop` (not counting nested loops, which have their own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoopUse {
    /// `loop.first`: a local bool, a constant in each copy of a peeled body.
    pub first: bool,
    /// A counter: `index`, `index0`, `cycle`.
    pub index: bool,
    /// Whether the current item is the last (one item of look-ahead).
    pub last: bool,
    /// The length: `length`, `revindex`, `revindex0` (the items are collected first).
    pub length: bool,
    /// `loop.previtem` / `loop.nextitem`: each item comes with its neighbours.
    pub neighbours: bool,
}

/// A `for` loop's facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Loop {
    /// What its body uses of `loop`.
    pub uses: LoopUse,
    /// Whether it is `recursive`.
    pub recursive: bool,
}

/// A macro with its checked body.
#[derive(Clone, Debug, PartialEq)]
pub struct MacroDef {
    /// Its name.
    pub name: String,
    /// The file that defines it.
    pub file: FileId,
    /// Its parameters' bindings, in order.
    pub params: Vec<BindingId>,
    /// What it renders.
    pub body: Vec<Node>,
}

/// A target of `for` or `set`: names, possibly in tuples.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// One name.
    Name(BindingId),
    /// A tuple of targets.
    Tuple(Vec<Pattern>),
}

/// A statement or piece of output.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Literal text.
    Text(String),
    /// `{{ expr }}`.
    Print(Expr),
    /// `if` / `elif` / `else`; the condition of a final `else` is `None`. Jinja's `if` has
    /// no scope: the names its branches `set` are declared before it (`declare`) and
    /// assigned in the branches.
    If {
        /// The names the branches set, declared before the `if`.
        declare: Vec<(BindingId, Declare)>,
        /// The branches.
        branches: Vec<(Option<Expr>, Vec<Node>)>,
    },
    /// `for`.
    For(Box<For>),
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `{% do expr %}`.
    Do(Expr),
    /// `{% set target = value %}`.
    Set {
        /// The names bound.
        target: Pattern,
        /// The value.
        value: Expr,
        /// A new binding, or an assignment in an `if` branch.
        mode: SetMode,
    },
    /// `{% set ns.attr = value %}`.
    SetAttr {
        /// The namespace (a local).
        object: Expr,
        /// Its attribute: an index into the namespace's attributes.
        index: usize,
        /// The value.
        value: Expr,
    },
    /// `{% set name %}…{% endset %}`: the body's output, captured as safe markup.
    Capture {
        /// The name bound.
        binding: BindingId,
        /// The body.
        body: Vec<Node>,
        /// A new binding, or an assignment in an `if` branch.
        mode: SetMode,
    },
    /// `{% filter … %}…{% endfilter %}`: the body captured into `binding`, then `print`
    /// (the filters applied to it) printed.
    FilterBlock {
        /// The hidden binding of the captured body.
        binding: BindingId,
        /// The body.
        body: Vec<Node>,
        /// The filters over the binding.
        print: Expr,
    },
    /// `{% with a = x %}…{% endwith %}`: each value computed, then bound.
    With {
        /// The names and their values.
        assigns: Vec<(BindingId, Expr)>,
        /// The body.
        body: Vec<Node>,
    },
    /// `{% autoescape … %}`; `scoped` when its body binds names, which end with it, as
    /// in Jinja2.
    Autoescape {
        /// Whether the body's prints are escaped.
        enabled: bool,
        /// Whether it binds names (a Rust block of its own).
        scoped: bool,
        /// The body.
        body: Vec<Node>,
    },
    /// Nodes from another file (a block's definition, an include), escaped by that file's
    /// rule; `scoped` when it binds names that must end with it.
    Inline {
        /// The file.
        file: FileId,
        /// Whether it binds names (a Rust block of its own).
        scoped: bool,
        /// The nodes.
        body: Vec<Node>,
    },
    /// `{% call(params) m(args) %}body{% endcall %}`.
    CallBlock {
        /// The macro call.
        call: MacroCall,
        /// What `caller()` renders.
        caller: Box<Caller>,
    },
}

/// How a `set` in an `if` branch's names were declared before the `if`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declare {
    /// Every path through the `if` sets it: declared without a value.
    Unset,
    /// Some paths do not set it: an empty `Maybe` (Jinja's undefined) until one does.
    Empty,
    /// No branch that can run sets it: Jinja's undefined.
    Undefined,
}

/// What a `set` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetMode {
    /// Binds new names.
    Let,
    /// Assigns names declared before (in an `if` branch: by the `if`, or by an earlier
    /// `set` of the same block), through `__private::Arg`.
    Assign {
        /// The names are `Maybe`s (some paths through the `if` do not set them).
        maybe: bool,
        /// Where a value that is a temporary is kept, so that the names may borrow it
        /// after the branch: a hidden binding the `if` declares.
        keep: Option<BindingId>,
    },
}

/// A `call` block's body: what `caller()` renders in the macro.
#[derive(Clone, Debug, PartialEq)]
pub struct Caller {
    /// Its parameters, with their defaults.
    pub params: Vec<(BindingId, Option<Expr>)>,
    /// The body.
    pub body: Vec<Node>,
    /// For each `caller(…)` call in the macro's body (by the span of the call), its
    /// arguments bound to `params`: an index into the call's arguments, or the default.
    pub calls: Vec<(Span, Vec<ArgSource>)>,
}

/// Where one parameter of a `caller(…)` call gets its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgSource {
    /// The call's `n`th argument (positional ones first, then keywords in order).
    Given(usize),
    /// The parameter's default.
    Default,
}

/// A `for` loop.
#[derive(Clone, Debug, PartialEq)]
pub struct For {
    /// The loop.
    pub id: LoopId,
    /// The loop variables.
    pub target: Pattern,
    /// What is iterated.
    pub iter: Expr,
    /// The `if` filter.
    pub filter: Option<Expr>,
    /// The body.
    pub body: Vec<Node>,
    /// Rendered when nothing was iterated.
    pub else_body: Vec<Node>,
    /// The `for` tag, for run-time errors.
    pub span: Span,
}

/// A call of a macro.
#[derive(Clone, Debug, PartialEq)]
pub struct MacroCall {
    /// The macro.
    pub id: MacroId,
    /// Its arguments in parameter order, defaults filled in.
    pub args: Vec<Expr>,
    /// The call, for run-time errors.
    pub span: Span,
}

/// A call of `caller(…)`.
#[derive(Clone, Debug, PartialEq)]
pub struct CallerCall {
    /// The arguments as written, positional first, then keywords; the `call` block that
    /// renders this call says which parameter each goes to ([`Caller::calls`]).
    pub args: Vec<Expr>,
    /// The call.
    pub span: Span,
}

/// An expression with its span.
#[derive(Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl Expr {
    /// An expression of `kind` at `span`.
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Self { kind, span }
    }
}

/// An attribute of `loop` that is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopAttr {
    /// `index`, `index0`, `revindex`, `revindex0`, `last`, `length`: a method of the state.
    Method(&'static str),
    /// `first`.
    First,
    /// `previtem`.
    PrevItem,
    /// `nextitem`.
    NextItem,
    /// `depth` (`1` unless the loop is recursive).
    Depth,
    /// `depth0`.
    Depth0,
}

/// What an expression is.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A string literal.
    Str(String),
    /// An integer literal.
    Int(i128),
    /// A float literal.
    Float(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `none`.
    None,
    /// Jinja's undefined: a macro parameter the call does not give, an inline `if` without
    /// `else` whose condition is false. (A name that exists nowhere is undefined at compile
    /// time: the check stage folds `is defined` and `default` on it to constants.)
    Undefined,
    /// A local.
    Local(BindingId),
    /// `namespace(a=1, …)`: the attributes given, by index.
    Namespace(NamespaceId, Vec<(usize, Expr)>),
    /// `ns.attr` of a namespace: its attribute by index; undefined until it is set.
    NamespaceGet(Box<Expr>, usize),
    /// A field of the template struct (`self.name`).
    Field(String),
    /// A Rust path (`crate::CONST`).
    Path(Vec<String>),
    /// `loop` as a value.
    Loop(LoopId),
    /// `loop.index` and the like.
    LoopAttr(LoopId, LoopAttr),
    /// `loop.cycle(a, b)`.
    LoopCycle(LoopId, Vec<Expr>),
    /// `loop.cycle(*items)`: the items of a sequence.
    LoopCycleOf(LoopId, Box<Expr>),
    /// `loop.changed(a, b)`.
    LoopChanged(LoopId, Vec<Expr>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `(a, b)`.
    Tuple(Vec<Expr>),
    /// `{"k": v}` or `dict(k=v)`: its entries in order; literal keys are distinct (a repeated
    /// one was merged as Python merges it).
    Dict(Vec<(Expr, Expr)>),
    /// `value.name`.
    Attr(Box<Expr>, Spanned<String>),
    /// `value[key]`.
    Index(Box<Expr>, Box<Expr>),
    /// `value[start:stop:step]`: the sliced value, then each part if given.
    Slice(Box<Expr>, [Option<Box<Expr>>; 3]),
    /// `value.name(args)`: a method of the value's Rust type.
    Method(Box<Expr>, Spanned<String>, Vec<Expr>),
    /// `name(args)`: a method of the template struct.
    SelfMethod(Spanned<String>, Vec<Expr>),
    /// `value(args)`: a call of a value (a closure field).
    CallValue(Box<Expr>, Vec<Expr>),
    /// `range(…)`, with one to three arguments.
    Range(Vec<Expr>),
    /// `cycler(a, b, …)`: the items.
    Cycler(Vec<Expr>),
    /// `joiner(sep)`: the separator, if given.
    Joiner(Option<Box<Expr>>),
    /// A macro called as a value: its output, as safe markup.
    Macro(MacroCall),
    /// A block rendered as a value (`super()`, `self.title()`): its output, as safe markup;
    /// an index into [`Checked::rendered`].
    Rendered(usize),
    /// `caller is defined` in a macro's body: whether the macro was called by a `call`
    /// block, which each expansion knows.
    CallerDefined,
    /// `caller(…)` as a value: its output, as safe markup.
    Caller(CallerCall),
    /// `value|filter(…)`.
    Filter(Box<Filter>),
    /// `value is test(…)`.
    Test(Box<Test>),
    /// `not x`, `-x`, `+x`.
    Unary(UnaryOp, Box<Expr>),
    /// An arithmetic, comparison or boolean operator, or `a..b`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `a ~ b ~ c`, flattened; `markup` when a part is safe markup in an escaped file, so
    /// the others are escaped and the result is safe (Jinja2's `markup_join`).
    Concat {
        /// The parts.
        parts: Vec<Expr>,
        /// Whether the result is safe markup.
        markup: bool,
    },
    /// `{{ loop(children) }}` in a recursive loop, printed: the loop again, one level
    /// deeper.
    Recurse(LoopId, Box<Expr>),
    /// `then if cond else otherwise`; without `otherwise`, the value is undefined when the
    /// condition is false.
    Cond {
        /// The condition.
        cond: Box<Expr>,
        /// The value when true.
        then: Box<Expr>,
        /// The value when false.
        otherwise: Option<Box<Expr>>,
    },
}

/// A filter applied to a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// The value filtered.
    pub value: Expr,
    /// The filter and its arguments.
    pub kind: FilterKind,
    /// The filter's name as written, for errors.
    pub name: Spanned<String>,
    /// Whether the value is known to be safe markup: a filter that keeps markup then
    /// returns safe markup, and `format` escapes its arguments.
    pub value_safe: bool,
}

/// A closure the compiler writes for a filter that takes an attribute, a test or a filter
/// by name: `|params| body`.
#[derive(Clone, Debug, PartialEq)]
pub struct Closure {
    /// The closure's parameters (the items).
    pub params: Vec<BindingId>,
    /// Its body.
    pub body: Expr,
}

/// A filter and its arguments, bound.
#[derive(Clone, Debug, PartialEq)]
pub enum FilterKind {
    /// A built-in filter called with its arguments in parameter order (`None`: the default).
    Builtin(&'static FilterSpec, Vec<Option<Expr>>),
    /// `format(args…)`; with the format string's pieces when it is written in the template
    /// (parsed, and its conversions counted against the arguments, at compile time).
    Format {
        /// The arguments.
        args: Vec<Expr>,
        /// The parsed format string, if it is a literal.
        pieces: Option<Vec<FormatPiece>>,
    },
    /// A filter of the user's `filters` module.
    Custom {
        /// Positional arguments.
        positional: Vec<Expr>,
        /// Keyword arguments: fields of the options struct.
        keyword: Vec<(String, Expr)>,
    },
    /// `attr("name")`: the field of the (unwrapped) object, borrowed.
    Attr {
        /// The object's binding in `access`.
        object: BindingId,
        /// The field access.
        access: Expr,
    },
    /// `map(…)`: each item through `f`.
    Map(Closure),
    /// `map("safe")`: each item wrapped as safe.
    MapSafe(Closure),
    /// `select` / `reject` / `selectattr` / `rejectattr`: the items for which `keep` is true.
    Select(Closure),
    /// `sort(reverse, case_sensitive, attribute)`.
    Sort {
        /// `reverse`.
        reverse: Option<Expr>,
        /// The comparison.
        compare: Comparator,
    },
    /// `min` / `max`.
    MinMax {
        /// `"min"` or `"max"`.
        function: &'static str,
        /// The comparison.
        compare: Comparator,
    },
    /// `unique`: items compared by `same` (which yields a `same_key` over the two operands).
    Unique {
        /// `case_sensitive`.
        case_sensitive: Option<Expr>,
        /// `|a, b|` and the two operands.
        same: Closure2,
    },
    /// `dictsort`.
    DictSort {
        /// `reverse`.
        reverse: Option<Expr>,
        /// The comparison of the pairs' keys or values.
        compare: Comparator,
    },
    /// `groupby(attribute, default, case_sensitive)`.
    GroupBy {
        /// `case_sensitive`.
        case_sensitive: Option<Expr>,
        /// The two items' keys, for ordering and grouping.
        pair: Closure2,
        /// One item's key, the grouper.
        key: Closure,
    },
    /// `sum(attribute, start)`.
    Sum {
        /// `start`.
        start: Option<Expr>,
        /// Each item's term (an operand).
        term: Closure,
    },
    /// `batch` / `slice`, with `fill_with` if given.
    Chunks {
        /// `"batch"` or `"slice"`.
        function: &'static str,
        /// The count.
        count: Expr,
        /// `fill_with`.
        fill: Option<Expr>,
    },
    /// `join(d, attribute=…)`: the attribute of each item, joined.
    JoinAttribute {
        /// The separator.
        separator: Option<Expr>,
        /// Each item's attribute.
        item: Closure,
    },
}

/// One conversion of a format string (`%-5.2f`), as the runtime's `FormatSpec`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatSpec {
    /// `-`.
    pub left: bool,
    /// `+`.
    pub plus: bool,
    /// ` `.
    pub space: bool,
    /// `0`.
    pub zero: bool,
    /// `#`.
    pub alternate: bool,
    /// The minimum width.
    pub width: usize,
    /// The precision.
    pub precision: Option<usize>,
    /// The conversion character.
    pub conversion: char,
}

/// A piece of a format string parsed at compile time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatPiece {
    /// Text (`%%` already `%`).
    Text(String),
    /// A conversion of the next argument.
    Arg(FormatSpec),
}

/// A closure over two items with a list of operand pairs (`|a, b| …`).
#[derive(Clone, Debug, PartialEq)]
pub struct Closure2 {
    /// The items.
    pub params: [BindingId; 2],
    /// The keys to compare, as operand pairs, in order.
    pub keys: Vec<(Expr, Expr)>,
}

/// A comparison of two items for `sort`, `min`, `max`, `dictsort`.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparator {
    /// `case_sensitive`.
    pub case_sensitive: Option<Expr>,
    /// The items and their keys, compared in order.
    pub keys: Closure2,
}

/// A test applied to a value. Comparison tests (`x is gt(3)`) are checked as the
/// operators, and `is filter` / `is test` and `is escaped` on known markup as constants.
#[derive(Clone, Debug, PartialEq)]
pub struct Test {
    /// The value tested.
    pub value: Expr,
    /// The test.
    pub spec: &'static TestSpec,
    /// Its arguments in parameter order.
    pub args: Vec<Expr>,
}

/// How text of a file is escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escaping {
    /// MarkupSafe's HTML escaping.
    Html,
    /// None.
    Text,
    /// A custom escaper from `kiln.toml`: its index among the configured escapers.
    Custom(usize),
}

impl Escaping {
    /// Whether output is escaped at all (so `|safe` and markup rules matter).
    pub fn escapes(self) -> bool {
        self != Escaping::Text
    }
}

impl Node {
    /// The node's bodies, in source order; `true` marks a `for` loop's body, where `break`,
    /// `continue` and `loop` are that loop's own. The one traversal of the checked tree.
    pub fn bodies(&self) -> Vec<(bool, &[Node])> {
        match self {
            Node::If { branches, .. } => branches.iter().map(|(_, b)| (false, &b[..])).collect(),
            Node::For(f) => vec![(true, &f.body[..]), (false, &f.else_body[..])],
            Node::Capture { body, .. }
            | Node::FilterBlock { body, .. }
            | Node::With { body, .. }
            | Node::Autoescape { body, .. }
            | Node::Inline { body, .. } => vec![(false, &body[..])],
            Node::CallBlock { caller, .. } => vec![(false, &caller.body[..])],
            Node::Text(_)
            | Node::Print(_)
            | Node::Break
            | Node::Continue
            | Node::Do(_)
            | Node::SetAttr { .. }
            | Node::Set { .. } => Vec::new(),
        }
    }
}
