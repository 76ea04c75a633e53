//! Resolved AST to the Rust render function.
//!
//! The generator walks the tree once. Literal text is collected in a buffer and written with
//! one `write_str` when something dynamic comes next (`buffer.rs`); statements become Rust
//! statements (`node.rs`); expressions become Rust expressions over the struct's fields and
//! the template's locals (`expr.rs`), with Jinja's semantics supplied by `kiln::__private`;
//! filters become calls into `kiln::filters` or the user's `filters` module (`filter.rs`).

mod buffer;
mod check;
mod expr;
mod filter;
mod macros;
mod node;
mod recursive;
mod test;
#[cfg(test)]
mod test_support;

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Files, Span};
use crate::tree::Node;

pub(crate) use buffer::escape_html;

/// How text of a file is escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escaping {
    /// MarkupSafe's HTML escaping.
    Html,
    /// None.
    Text,
    /// A custom escaper from `kiln.toml`: the index in [`Options::custom_escapers`].
    Custom(usize),
}

impl Escaping {
    /// Whether output is escaped at all (so `|safe` and markup rules matter).
    pub fn escapes(self) -> bool {
        self != Escaping::Text
    }
}

/// What the generator needs to know besides the tree.
pub struct Options<'a> {
    /// All sources, for error locations.
    pub files: &'a Files,
    /// The escaping of each file (by extension, or the attribute's `escape`).
    pub escaping: &'a dyn Fn(FileId) -> Escaping,
    /// The file the top-level nodes come from.
    pub root: FileId,
    /// The macros each file can call.
    pub scopes: &'a crate::resolve::Scopes,
    /// Rust paths of the custom escapers of `kiln.toml`, for [`Escaping::Custom`].
    pub custom_escapers: &'a [syn::Path],
    /// The named fields of the template struct, if it has named fields: every other name
    /// must be a local, or it is reported with a did-you-mean.
    pub fields: Option<&'a [String]>,
    /// What holds the fields, as the hint on an unknown name says it: "the struct",
    /// "the variant `Page::Home`".
    pub owner: &'a str,
}

/// The body of `render_into` and the size estimate.
pub struct Generated {
    /// Statements writing to `__kiln_w`.
    pub body: TokenStream,
    /// Estimated output length.
    pub size_hint: usize,
}

/// Generates the render function body for resolved `nodes`.
///
/// Errors that do not stop generation (unknown names) are collected, so one build reports
/// them all; the first error that does stop it is reported with them.
pub fn generate(nodes: &[Node], options: &Options<'_>) -> Result<Generated, Vec<Diagnostic>> {
    let mut gen = Generator {
        options,
        text: String::new(),
        writer: format_ident!("__kiln_w"),
        scopes: vec![Scope::default()],
        file_escaping: (options.escaping)(options.root),
        size_hint: 0,
        loop_weight: 1,
        counter: 0,
        loops: Vec::new(),
        loop_floor: 0,
        captures: 0,
        loop_slots: Vec::new(),
        recursions: Vec::new(),
        macros: Vec::new(),
        errors: Vec::new(),
        ended: HashMap::new(),
    };
    let body = gen.nodes(nodes);
    let mut errors = std::mem::take(&mut gen.errors);
    match body {
        Ok(body) if errors.is_empty() => Ok(Generated {
            body,
            size_hint: gen.size_hint,
        }),
        Ok(_) => Err(errors),
        Err(fatal) => {
            errors.push(fatal);
            errors.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
            Err(errors)
        }
    }
}

/// Names bound in one Rust block.
#[derive(Default, Clone)]
struct Scope {
    names: HashMap<String, Ident>,
    /// Where each name was bound, for messages.
    lines: HashMap<String, Span>,
    /// Names whose value is known at compile time to be safe markup (a block `set`, a
    /// `|safe` value), so string filters on them keep it safe, as Jinja2's `Markup` does.
    safe: std::collections::HashSet<String>,
}

/// What the body of one `for` loop uses of `loop`.
#[derive(Default, Clone, Copy)]
struct LoopUse {
    /// `loop.first`: a local bool, a constant in each copy of a peeled body.
    first: bool,
    index: bool,
    last: bool,
    length: bool,
    /// `loop.previtem` / `loop.nextitem`: each item comes with its neighbours.
    neighbours: bool,
}

struct Generator<'a> {
    options: &'a Options<'a>,
    /// Literal text not yet written.
    text: String,
    /// Where output goes: `__kiln_w`, or a capture buffer inside a block `set`.
    writer: Ident,
    /// Locals, innermost last.
    scopes: Vec<Scope>,
    /// Escaping of the file whose nodes are being generated.
    file_escaping: Escaping,
    /// Estimated output bytes.
    size_hint: usize,
    /// How many times the current text is expected to repeat (loops), for `size_hint`.
    loop_weight: usize,
    /// Source of fresh identifiers.
    counter: usize,
    /// Enclosing loops, innermost last, with the identifier of their `loop` state.
    loops: Vec<(LoopUse, Ident)>,
    /// How many of `loops` `break` and `continue` may not leave: in a `call` block's body,
    /// the call site's loops are visible (`loop.index`) but, as in Jinja2, not breakable.
    loop_floor: usize,
    /// How many captures (block `set`s, `filter` blocks, macro calls used as values) the
    /// current writer is inside: each writes to a `String` of its own, whose type differs
    /// from the writer around it.
    captures: usize,
    /// State that `loop.changed(…)` calls keep across iterations, with the loop it belongs
    /// to: declared before that loop once its body is generated.
    loop_slots: Vec<(Ident, TokenStream)>,
    /// Enclosing `recursive` loops, innermost last.
    recursions: Vec<recursive::Recursion>,
    /// Macros being expanded, innermost last.
    macros: Vec<macros::Expansion>,
    /// Errors found so far that did not stop generation.
    errors: Vec<Diagnostic>,
    /// Names whose scope has ended, with where they were bound, for a better
    /// message than "unknown" when one is used afterwards.
    ended: HashMap<String, Span>,
}

impl Generator<'_> {
    /// A fresh identifier `__kiln_<what><n>`.
    fn fresh(&mut self, what: &str) -> Ident {
        self.counter += 1;
        format_ident!("__kiln_{}{}", what, self.counter)
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

    fn escaper(&self) -> TokenStream {
        match self.file_escaping {
            Escaping::Html => quote! { ::kiln::__private::Html },
            Escaping::Text => quote! { ::kiln::__private::Text },
            Escaping::Custom(i) => {
                let path = &self.options.custom_escapers[i];
                quote! { #path }
            }
        }
    }

    /// Marks the most recent binding of `name` as safe markup (or not).
    fn mark_safe(&mut self, name: &str, safe: bool) {
        let scope = self.scopes.last_mut().expect("there is always a scope");
        if safe {
            scope.safe.insert(name.to_owned());
        } else {
            scope.safe.remove(name);
        }
    }

    /// Whether the innermost binding of `name` holds safe markup.
    fn is_safe_local(&self, name: &str) -> bool {
        self.scopes
            .iter()
            .rev()
            .find(|s| s.names.contains_key(name))
            .is_some_and(|s| s.safe.contains(name))
    }

    fn lookup(&self, name: &str) -> Option<&Ident> {
        self.scopes.iter().rev().find_map(|s| s.names.get(name))
    }

    /// Binds a template name to a fresh Rust local. Locals never shadow one another in the
    /// generated code, so an inlined `caller()` body still sees the locals of its call site
    /// inside a macro's body.
    fn bind(&mut self, name: &crate::source::Spanned<String>) -> Ident {
        self.counter += 1;
        let ident = format_ident!("{}_{}", name.node, self.counter);
        let scope = self.scopes.last_mut().expect("there is always a scope");
        scope.names.insert(name.node.clone(), ident.clone());
        scope.lines.insert(name.node.clone(), name.span);
        ident
    }

    fn with_scope<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.push(Scope::default());
        let out = f(self);
        if let Some(scope) = self.scopes.pop() {
            for (name, span) in scope.lines {
                self.ended.entry(name).or_insert(span);
            }
        }
        out
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
            core::fmt::Write as _, AlwaysTrue as _, ViaPresence as _, ViaArgRef as _, ViaArgVal as _, Iterable as _, MapMethods as _, ViaDisplay as _, ViaOperand as _,
            ViaOther as _, ViaRender as _, ViaTruthy as _,
        };
        #[allow(unused_imports)]
        use ::kiln::filters::{NotMaybe as _, ViaMaybe as _};
        #body
        ::kiln::__private::core::result::Result::Ok(())
    }
}
