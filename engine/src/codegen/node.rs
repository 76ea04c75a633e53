//! Statements: text, output, `if`, `set`, captures, `with`, `autoescape`, inlined blocks and
//! includes. Loops are in `loops.rs`, macros and `call` blocks in `macros.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Escaping, Generator};
use crate::ast::BinaryOp;
use crate::checked::{Expr, ExprKind, FilterKind, Node, Pattern};

impl<'a> Generator<'a> {
    /// Generates a sequence of nodes that ends a Rust block: pending text is written.
    pub(super) fn nodes(&mut self, nodes: &'a [Node]) -> TokenStream {
        let mut out = self.emit(nodes);
        out.extend(self.flush());
        out
    }

    /// Generates a sequence of nodes, leaving trailing text pending so it can merge with
    /// what follows; a long one is cut into closures (see the `chunks` module).
    pub(super) fn emit(&mut self, nodes: &'a [Node]) -> TokenStream {
        match self.chunked(nodes) {
            Some(chunks) => chunks,
            None => self.emit_flat(nodes),
        }
    }

    /// [`Self::emit`] without cutting the sequence.
    pub(super) fn emit_flat(&mut self, nodes: &'a [Node]) -> TokenStream {
        let mut out = TokenStream::new();
        for node in nodes {
            if !is_static(node) {
                // Text queued so far comes before whatever this node writes.
                out.extend(self.flush());
            }
            out.extend(self.node(node));
        }
        out
    }

    fn node(&mut self, node: &'a Node) -> TokenStream {
        match node {
            Node::Text(text) => {
                self.push_text(text);
                TokenStream::new()
            }
            Node::Print(expr) => self.print(expr),
            Node::Do(expr) => {
                let value = self.expr(expr);
                quote! { let _ = #value; }
            }
            Node::If { declare, branches } => {
                // A condition known here (a macro's parameter that this call leaves
                // undefined) decides its branch: the others are not generated, so they
                // may use the parameter as the type it has in other calls.
                let mut out = self.declare(declare);
                let mut first = true;
                for (cond, body) in branches {
                    let known = match cond {
                        None => Some(true),
                        Some(cond) => self.const_condition(cond),
                    };
                    match (known, cond) {
                        (Some(false), _) => continue,
                        (Some(true), _) => {
                            let body = self.nodes(body);
                            out.extend(if first {
                                quote! { { #body } }
                            } else {
                                quote! { else { #body } }
                            });
                            break;
                        }
                        (None, Some(cond)) => {
                            let test = self.condition(cond);
                            let body = self.nodes(body);
                            out.extend(if first {
                                quote! { if #test { #body } }
                            } else {
                                quote! { else if #test { #body } }
                            });
                            first = false;
                        }
                        (None, None) => {}
                    }
                }
                out
            }
            Node::For(for_node) => self.for_node(for_node),
            Node::Break => {
                let flush = self.flush();
                quote! { #flush break; }
            }
            Node::Continue => {
                let flush = self.flush();
                quote! { #flush continue; }
            }
            Node::Set {
                target,
                value,
                mode,
            } => {
                let shape = self.shape(value);
                self.bind_shape(target, shape);
                self.set(target, value, *mode)
            }
            Node::SetAttr {
                object,
                index,
                value,
            } => {
                let object = self.expr(object);
                let value = self.namespace_value(value);
                quote! { #object.set(#index, #value); }
            }
            Node::Capture {
                binding,
                body,
                mode,
            } => {
                let captured = self.capture(body);
                self.set_captured(*binding, captured, *mode)
            }
            Node::FilterBlock {
                binding,
                body,
                print,
            } => {
                let captured = self.capture(body);
                let ident = self.local(*binding);
                let print = self.print(print);
                quote! { { let #ident = #captured; #print } }
            }
            Node::With { assigns, body } => {
                let shapes: Vec<_> = assigns.iter().map(|(_, value)| self.shape(value)).collect();
                for ((id, _), shape) in assigns.iter().zip(shapes) {
                    self.bind_shape_of(*id, shape);
                }
                let values: Vec<TokenStream> = assigns
                    .iter()
                    .map(|(_, value)| self.value_for_binding(value))
                    .collect();
                let names: Vec<_> = assigns.iter().map(|(id, _)| self.local(*id)).collect();
                let body = self.nodes(body);
                quote! {
                    {
                        #[allow(unused_variables)]
                        let (#(#names,)*) = (#(#values,)*);
                        #body
                    }
                }
            }
            Node::Autoescape {
                enabled,
                scoped,
                body,
            } => {
                let escaping = match (*enabled, self.file_escaping) {
                    (false, _) => Escaping::Text,
                    (true, Escaping::Text) => Escaping::Html,
                    (true, escaping) => escaping,
                };
                self.with_escaping(escaping, *scoped, body)
            }
            Node::Inline { file, scoped, body } => {
                let escaping = (self.options.escaping)(*file);
                self.with_escaping(escaping, *scoped, body)
            }
            Node::CallBlock { call, caller } => self.call_block(call, caller),
        }
    }

    /// `{{ expr }}`.
    pub(super) fn print(&mut self, expr: &Expr) -> TokenStream {
        match &expr.kind {
            // Known at compile time: becomes literal text.
            ExprKind::Str(s) => {
                let text = if self.file_escaping == Escaping::Html {
                    super::escape_html(s)
                } else {
                    s.clone()
                };
                self.push_text(&text);
                return TokenStream::new();
            }
            ExprKind::Int(i) => {
                self.push_text(&i.to_string());
                return TokenStream::new();
            }
            ExprKind::Bool(b) => {
                self.push_text(if *b { "True" } else { "False" });
                return TokenStream::new();
            }
            ExprKind::None => {
                self.push_text("None");
                return TokenStream::new();
            }
            // Jinja's undefined prints as nothing.
            ExprKind::Undefined => return TokenStream::new(),
            // Printed directly, inline `if` and `and`/`or` print an operand, as in Python;
            // each branch is printed on its own, so the operands may have different types.
            ExprKind::Cond {
                cond,
                then,
                otherwise,
            } => {
                match (self.const_condition(cond), otherwise) {
                    (Some(true), _) => return self.print(then),
                    (Some(false), Some(otherwise)) => return self.print(otherwise),
                    (Some(false), None) => return TokenStream::new(),
                    (None, _) => {}
                }
                let test = self.condition(cond);
                let then = self.print_branch(then);
                let otherwise = match otherwise {
                    Some(o) => self.print_branch(o),
                    None => TokenStream::new(),
                };
                return quote! { if #test { #then } else { #otherwise } };
            }
            ExprKind::Binary(op @ (BinaryOp::Or | BinaryOp::And), lhs, rhs) => {
                let test = self.condition(lhs);
                let left = self.print_branch(lhs);
                let right = self.print_branch(rhs);
                return if *op == BinaryOp::Or {
                    quote! { if #test { #left } else { #right } }
                } else {
                    quote! { if #test { #right } else { #left } }
                };
            }
            ExprKind::Recurse(id, children) => return self.print_recursion(*id, children),
            ExprKind::Macro(call) => return self.expand_macro(call, None),
            ExprKind::Caller(call) => return self.call_caller(call),
            ExprKind::Filter(filter) => {
                if let FilterKind::Builtin(spec, args) = &filter.kind {
                    if spec.streams {
                        self.size_hint = self.size_hint.saturating_add(8 * self.loop_weight);
                        return self.print_streamed(filter, spec, args, expr.span);
                    }
                }
            }
            _ => {}
        }
        let value = self.expr(expr);
        let writer = &self.writer;
        let escaper = self.escaper();
        self.size_hint = self.size_hint.saturating_add(8 * self.loop_weight);
        quote! {
            (&::kiln::__private::Wrap(&(#value))).kiln_write(#writer, #escaper)?;
        }
    }

    /// `body` escaped by `escaping`: an `autoescape` block, or nodes of another file. A
    /// `scoped` body's `set`s end with it, in a Rust block; otherwise its text may merge
    /// with the text around it.
    fn with_escaping(&mut self, escaping: Escaping, scoped: bool, body: &'a [Node]) -> TokenStream {
        let outer = std::mem::replace(&mut self.file_escaping, escaping);
        let body = if scoped {
            let body = self.nodes(body);
            quote! { { #body } }
        } else {
            self.emit(body)
        };
        self.file_escaping = outer;
        body
    }

    /// Prints one branch of a split `{{ a if c else b }}`.
    fn print_branch(&mut self, expr: &Expr) -> TokenStream {
        let code = self.print(expr);
        let flush = self.flush();
        quote! { #code #flush }
    }

    /// The Rust pattern for a target.
    pub(super) fn pattern(&self, target: &Pattern) -> TokenStream {
        match target {
            Pattern::Name(id) => {
                let ident = self.local(*id);
                quote! { #ident }
            }
            Pattern::Tuple(items) => {
                let items = items.iter().map(|t| self.pattern(t));
                quote! { (#(#items,)*) }
            }
        }
    }

    /// The output of `body`, captured as safe markup (it is already escaped, as Jinja2
    /// does): the value of a block `set` or of a `filter` block.
    pub(super) fn capture(&mut self, body: &'a [Node]) -> TokenStream {
        let buffer = self.fresh("capture");
        let outer_writer = std::mem::replace(&mut self.writer, buffer.clone());
        let outer_text = std::mem::take(&mut self.text);
        let body = self.nodes(body);
        self.writer = outer_writer;
        self.text = outer_text;
        quote! {
            {
                let mut #buffer = ::kiln::__private::std::string::String::new();
                {
                    let #buffer = &mut #buffer;
                    #body
                }
                ::kiln::__private::Safe(#buffer)
            }
        }
    }
}

/// Whether a node only adds literal text (so it needs no flush before it).
pub(super) fn is_static(node: &Node) -> bool {
    match node {
        Node::Text(_) => true,
        Node::Print(expr) => matches!(
            expr.kind,
            ExprKind::Str(_)
                | ExprKind::Int(_)
                | ExprKind::Bool(_)
                | ExprKind::None
                | ExprKind::Undefined
        ),
        _ => false,
    }
}
