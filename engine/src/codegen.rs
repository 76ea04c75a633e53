//! The checked tree to the Rust render function.
//!
//! The generator walks the [checked](crate::checked) tree once and reports no errors: the
//! check stage decided what every name, call and filter means. Literal text is collected
//! and written with one `push_str` when something dynamic comes next (`buffer.rs`);
//! statements become Rust statements (`node.rs`, loops in `loops.rs`); expressions become
//! Rust expressions over the struct's fields and the template's locals (`expr.rs`), with
//! Jinja's semantics supplied by `kiln::__private`; filters and tests become calls into the
//! runtime or the user's `filters` module (`filter.rs`, `closures.rs`, `test.rs`); macros
//! and recursive loops become closures (`macros.rs`, `recursive.rs`).

mod assign;
mod buffer;
mod chunks;
mod closures;
mod expr;
mod filter;
mod loops;
mod macros;
mod node;
mod recursive;
mod shape;
mod test;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;
mod unknown;

use std::collections::{HashMap, HashSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::checked::{BindingId, Checked, LoopId};
use crate::source::{FileId, Files, Span};

pub use crate::checked::Escaping;
pub(crate) use buffer::escape_html;

/// What the generator needs to know besides the tree.
pub struct Options<'a> {
    /// All sources, for error locations.
    pub files: &'a Files,
    /// The escaping of each file (by extension, or the attribute's `escape`).
    pub escaping: &'a dyn Fn(FileId) -> Escaping,
    /// The file the top-level nodes come from.
    pub root: FileId,
    /// Rust paths of the custom escapers of `kiln.toml`, for [`Escaping::Custom`].
    pub custom_escapers: &'a [syn::Path],
    /// The declared type of each named field of the struct: a field declared as a Rust map
    /// (`HashMap`, `BTreeMap`, or a list of them) is read like a dict.
    pub field_types: &'a [(String, syn::Type)],
}

/// The body of `render_into` and the size estimate.
pub struct Generated {
    /// Statements writing to `__kiln_w`.
    pub body: TokenStream,
    /// Estimated output length.
    pub size_hint: usize,
}

/// Generates the render function body for a checked template.
pub fn generate(checked: &Checked, options: &Options<'_>) -> Generated {
    let mut gen = Generator {
        options,
        checked,
        text: String::new(),
        writer: format_ident!("__kiln_w"),
        file_escaping: (options.escaping)(options.root),
        size_hint: 0,
        loop_weight: 1,
        counter: 0,
        loops: HashMap::new(),
        loop_slots: Vec::new(),
        macros: Vec::new(),
        undefined: HashSet::new(),
        shapes: shape::Shapes::default(),
    };
    let body = gen.nodes(&checked.nodes);
    Generated {
        body,
        size_hint: gen.size_hint,
    }
}

/// A loop being generated: the identifiers of its state, and of its function if it is
/// recursive.
#[derive(Clone)]
struct LoopGen {
    /// The `loop` state.
    state: Ident,
    /// A recursive loop's handle that renders it again, and its depth parameter.
    recursion: Option<(Ident, Ident)>,
}

struct Generator<'a> {
    options: &'a Options<'a>,
    checked: &'a Checked,
    /// Literal text not yet written.
    text: String,
    /// Where output goes: `__kiln_w`, or a capture buffer inside a block `set`.
    writer: Ident,
    /// Escaping of the file whose nodes are being generated.
    file_escaping: Escaping,
    /// Estimated output bytes.
    size_hint: usize,
    /// How many times the current text is expected to repeat (loops), for `size_hint`.
    loop_weight: usize,
    /// Source of fresh identifiers.
    counter: usize,
    /// The loops being generated. A loop in a macro's body is generated once per call,
    /// each time with fresh identifiers.
    loops: HashMap<LoopId, LoopGen>,
    /// State that `loop.changed(…)` calls keep across iterations, with the loop state it
    /// belongs to: declared before that loop once its body is generated.
    loop_slots: Vec<(Ident, TokenStream)>,
    /// Macros being expanded, innermost last.
    macros: Vec<macros::Expansion<'a>>,
    /// The locals that are Jinja's undefined where code is being generated: parameters of
    /// the macro expansion that its call leaves out.
    undefined: HashSet<BindingId>,
    /// What is known of the locals' values where code is being generated: which are dicts.
    shapes: shape::Shapes,
}

impl Generator<'_> {
    /// A fresh identifier `__kiln_<what><n>`.
    fn fresh(&mut self, what: &str) -> Ident {
        self.counter += 1;
        format_ident!("__kiln_{}{}", what, self.counter)
    }

    /// The Rust local of binding `id`: its template name and its id, so that locals never
    /// shadow one another by accident (an inlined `caller()` body sees the locals of its
    /// call site inside a macro's body).
    fn local(&self, id: BindingId) -> Ident {
        let name = &self.checked.binding(id).name;
        if is_identifier(name) {
            format_ident!("{}_{}", name, id.0)
        } else {
            format_ident!("__kiln_local_{}", id.0)
        }
    }

    /// `file:line:col` of a span, for run-time error messages.
    fn location(&self, span: Span) -> String {
        let (line, col) = self.options.files.line_col(span.file, span.start);
        format!("{}:{line}:{col}", self.options.files.get(span.file).display)
    }

    /// Wraps a fallible expression so its error names the template location.
    fn located(&self, tokens: TokenStream, span: Span) -> TokenStream {
        let location = self.location(span);
        quote! { ::kiln::__private::located(#tokens, #location)? }
    }

    /// Whether the macro expansion being generated was called by a `call` block.
    pub(super) fn has_caller(&self) -> bool {
        self.macros.last().is_some_and(|e| e.caller.is_some())
    }

    /// The truth of a condition when it is known where the code is being generated:
    /// literals and, in a macro's expansion, what tests its undefined parameters.
    pub(super) fn const_condition(&self, expr: &crate::checked::Expr) -> Option<bool> {
        use crate::ast::{BinaryOp, UnaryOp};
        use crate::builtins::TestKind;
        use crate::checked::ExprKind;
        let undefined = |e: &crate::checked::Expr| matches!(&e.kind, ExprKind::Local(id) if self.undefined.contains(id));
        match &expr.kind {
            _ if undefined(expr) => Some(false),
            ExprKind::CallerDefined => Some(self.has_caller()),
            // `caller` as a value: which branch is known per expansion.
            ExprKind::Cond {
                cond,
                then,
                otherwise,
            } => match (self.const_condition(cond)?, otherwise) {
                (true, _) => self.const_condition(then),
                (false, Some(otherwise)) => self.const_condition(otherwise),
                (false, None) => Some(false),
            },
            ExprKind::Test(test) if undefined(&test.value) => match test.spec.kind {
                TestKind::Undefined(undefined) => Some(undefined),
                TestKind::None => Some(false),
                _ => None,
            },
            ExprKind::Unary(UnaryOp::Not, inner) => self.const_condition(inner).map(|b| !b),
            ExprKind::Binary(BinaryOp::And, a, b) => match self.const_condition(a) {
                Some(false) => Some(false),
                Some(true) => self.const_condition(b),
                None => None,
            },
            ExprKind::Binary(BinaryOp::Or, a, b) => match self.const_condition(a) {
                Some(true) => Some(true),
                Some(false) => self.const_condition(b),
                None => None,
            },
            _ => crate::check::const_truth(expr),
        }
    }

    fn escaper(&self) -> TokenStream {
        match self.file_escaping {
            Escaping::Html => quote! { ::kiln::__private::Html },
            Escaping::Text => quote! { ::kiln::__private::Text },
            Escaping::Custom(i) => match self.options.custom_escapers.get(i) {
                Some(path) => quote! { #path },
                None => quote! { ::kiln::__private::Html },
            },
        }
    }
}

/// The Rust identifier for a template name: raw for Rust keywords, prefixed for the few that
/// cannot be raw.
pub(crate) fn rust_ident(name: &str) -> Ident {
    match name {
        "self" | "Self" | "super" | "crate" | "_" => format_ident!("__kiln_kw_{}", name),
        // Never reached with a name the grammar produced; kept so no input can panic here.
        _ if !is_identifier(name) => format_ident!("__kiln_invalid_name"),
        _ if syn::parse_str::<Ident>(name).is_ok() => format_ident!("{}", name),
        _ => Ident::new_raw(name, proc_macro2::Span::call_site()),
    }
}

/// Whether `name` is an ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`), checked by its
/// characters: `syn::parse_str` would skip a comment in it and accept `n//x` as `n`.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Wraps `{ … }` statements with the trait imports the generated code relies on.
pub(crate) fn with_prelude(body: TokenStream) -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use ::kiln::__private::{
            core::fmt::Write as _, AlwaysTrue as _, ViaPresence as _, ViaArgRef as _, ViaArgSafe as _, ViaArgVal as _, Iterable as _, MapMethods as _, ViaDisplay as _, ViaOperand as _,
            ViaOther as _, ViaRender as _, ViaTruthy as _, ViaKeepVal as _, ViaKeepAsIs as _, DictItem as _,
        };
        #[allow(unused_imports)]
        use ::kiln::__private::filters::{NotMaybe as _, ViaMaybe as _};
        #body
        ::kiln::__private::core::result::Result::Ok(())
    }
}
