//! Statements: text, output, `if`, `for`, `set`, inlined blocks and includes.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Escaping, Generator, LoopUse};
use crate::ast::{BinaryOp, Child, Children, Expr, SExpr, Set, Target};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;
use crate::tree::{Autoescape, FilterBlock, For, If, Inline, Node, SetBlock, With};

/// Expected repetitions of a loop body, for `SIZE_HINT`.
const LOOP_WEIGHT: usize = 8;

impl Generator<'_> {
    /// Generates a sequence of nodes that ends a Rust block: pending text is written.
    pub(super) fn nodes(&mut self, nodes: &[Node]) -> Result<TokenStream, Diagnostic> {
        let mut out = self.emit(nodes)?;
        out.extend(self.flush());
        Ok(out)
    }

    /// Generates a sequence of nodes, leaving trailing text pending so it can merge with
    /// what follows.
    fn emit(&mut self, nodes: &[Node]) -> Result<TokenStream, Diagnostic> {
        let mut out = TokenStream::new();
        for node in nodes {
            if !is_static(node) {
                // Text queued so far comes before whatever this node writes.
                out.extend(self.flush());
            }
            out.extend(self.node(node)?);
        }
        Ok(out)
    }

    fn node(&mut self, node: &Node) -> Result<TokenStream, Diagnostic> {
        match node {
            Node::Text(text) => {
                self.push_text(&text.node);
                Ok(TokenStream::new())
            }
            Node::Print(expr) => self.print(expr),
            Node::Do(expr) => {
                let value = self.expr(expr)?;
                Ok(quote! { let _ = #value; })
            }
            Node::If(if_node) => self.if_node(if_node),
            Node::For(for_node) => self.for_node(for_node),
            Node::Break(span) | Node::Continue(span) => {
                let is_break = matches!(node, Node::Break(_));
                if self.loops.len() <= self.loop_floor {
                    let word = if is_break { "break" } else { "continue" };
                    let error = Diagnostic::new(format!("`{word}` outside of a `for` loop"), *span);
                    return Err(if self.loop_floor > 0 {
                        error.with_help(
                            "a `call` block's body, and the `else` of a recursive loop, \
                             render as functions of their own: they cannot leave a loop \
                             around them",
                        )
                    } else {
                        error
                    });
                }
                let flush = self.flush();
                Ok(if is_break {
                    quote! { #flush break; }
                } else {
                    quote! { #flush continue; }
                })
            }
            Node::Set(set) => self.set(set),
            Node::SetBlock(set) => self.set_block(set),
            Node::Inline(inline) => self.inline(inline),
            Node::CallBlock(block) => self.call_block(block),
            Node::FilterBlock(block) => self.filter_block(block),
            Node::With(with) => self.with(with),
            Node::Autoescape(autoescape) => self.autoescape(autoescape),
        }
    }

    /// `{{ expr }}`.
    fn print(&mut self, expr: &SExpr) -> Result<TokenStream, Diagnostic> {
        match &expr.node {
            // Known at compile time: becomes literal text.
            Expr::Str(s) => {
                let text = if self.file_escaping == Escaping::Html {
                    super::escape_html(s)
                } else {
                    s.clone()
                };
                self.push_text(&text);
                return Ok(TokenStream::new());
            }
            Expr::Int(i) => {
                self.push_text(&i.to_string());
                return Ok(TokenStream::new());
            }
            Expr::Bool(b) => {
                self.push_text(if *b { "True" } else { "False" });
                return Ok(TokenStream::new());
            }
            Expr::None => {
                self.push_text("None");
                return Ok(TokenStream::new());
            }
            // Printed directly, inline `if` and `and`/`or` yield an operand, as in Python;
            // each branch is printed on its own, so the operands may have different types.
            Expr::Cond {
                cond,
                then,
                otherwise,
            } => {
                let test = self.condition(cond)?;
                let then = self.print_branch(then)?;
                let otherwise = match otherwise {
                    Some(o) => self.print_branch(o)?,
                    None => TokenStream::new(),
                };
                return Ok(quote! { if #test { #then } else { #otherwise } });
            }
            Expr::Binary(op @ (BinaryOp::Or | BinaryOp::And), lhs, rhs) => {
                let test = self.condition(lhs)?;
                let left = self.print_branch(lhs)?;
                let right = self.print_branch(rhs)?;
                return Ok(if *op == BinaryOp::Or {
                    quote! { if #test { #left } else { #right } }
                } else {
                    quote! { if #test { #right } else { #left } }
                });
            }
            Expr::Call(callee, args) => {
                if self.calls_loop(callee) {
                    return self.print_recursion(args, expr);
                }
                if let Some(target) = self.callee(callee, expr.span.file)? {
                    return self.print_call(target, args, expr);
                }
            }
            Expr::Filter(value, name, args) => {
                if let Some(code) = self.print_streamed(value, name, args, expr)? {
                    self.size_hint = self.size_hint.saturating_add(8 * self.loop_weight);
                    return Ok(code);
                }
            }
            _ => {}
        }
        let value = self.expr(expr)?;
        let writer = &self.writer;
        let escaper = self.escaper();
        self.size_hint = self.size_hint.saturating_add(8 * self.loop_weight);
        Ok(quote! {
            (&::kiln::__private::Wrap(&(#value))).kiln_write(#writer, #escaper)?;
        })
    }

    /// Prints one branch of a split `{{ a if c else b }}`.
    fn print_branch(&mut self, expr: &SExpr) -> Result<TokenStream, Diagnostic> {
        let code = self.print(expr)?;
        let flush = self.flush();
        Ok(quote! { #code #flush })
    }

    fn if_node(&mut self, if_node: &If) -> Result<TokenStream, Diagnostic> {
        let mut out = TokenStream::new();
        for (i, (cond, body)) in if_node.branches.iter().enumerate() {
            let body = self.with_scope(|g| g.nodes(body))?;
            match cond {
                Some(cond) => {
                    let test = self.condition(cond)?;
                    if i == 0 {
                        out.extend(quote! { if #test { #body } });
                    } else {
                        out.extend(quote! { else if #test { #body } });
                    }
                }
                None => out.extend(quote! { else { #body } }),
            }
        }
        Ok(out)
    }

    fn for_node(&mut self, for_node: &For) -> Result<TokenStream, Diagnostic> {
        if for_node.recursive {
            return self.recursive_for(for_node);
        }
        let iterable = self.iterable(&for_node.iter)?;
        self.for_loop(for_node, iterable, None)
    }

    /// A `for` loop over `iterable`; `recursion` is the handle and depth of a recursive
    /// loop's function, whose body this is.
    pub(super) fn for_loop(
        &mut self,
        for_node: &For,
        iterable: TokenStream,
        recursion: Option<(Ident, Ident)>,
    ) -> Result<TokenStream, Diagnostic> {
        let uses = loop_uses(&for_node.body);

        let (filter, pattern, body, state) = self.with_scope(|g| -> Result<_, Diagnostic> {
            let pattern = g.pattern(&for_node.target);
            // The condition may fail (`x > 1` on strings); its error is kept and returned
            // after the loop, since a filter closure cannot return it.
            let filter = match &for_node.filter {
                Some(cond) => {
                    let test = g.condition(cond)?;
                    Some(quote! {
                        let __kiln_iter = ::kiln::__private::core::iter::Iterator::filter(
                            __kiln_iter,
                            |__kiln_item| {
                                let __kiln_test = || -> ::kiln::Result<bool> {
                                    let #pattern = __kiln_item;
                                    ::kiln::__private::core::result::Result::Ok(#test)
                                };
                                match __kiln_test() {
                                    ::kiln::__private::core::result::Result::Ok(keep) => keep,
                                    ::kiln::__private::core::result::Result::Err(err) => {
                                        __kiln_filter_error.set(::kiln::__private::core::option::Option::Some(err));
                                        false
                                    }
                                }
                            },
                        );
                    })
                }
                None => None,
            };
            let state = g.fresh("loop");
            g.loops.push((uses, state.clone()));
            if let Some((handle, depth)) = &recursion {
                g.recursions.push(super::recursive::Recursion {
                    state: state.clone(),
                    handle: handle.clone(),
                    depth: depth.clone(),
                    captures: g.captures,
                });
            }
            let outer_weight = g.loop_weight;
            g.loop_weight = g.loop_weight.saturating_mul(LOOP_WEIGHT);
            let body = g.loop_body(&for_node.body);
            g.loop_weight = outer_weight;
            if recursion.is_some() {
                g.recursions.pop();
            }
            g.loops.pop();
            Ok((filter, pattern, body?, state))
        })?;
        let else_body = self.with_scope(|g| g.nodes(&for_node.else_body))?;
        let has_else = !else_body.is_empty();
        let (slots, others): (Vec<_>, Vec<_>) = std::mem::take(&mut self.loop_slots)
            .into_iter()
            .partition(|(owner, _)| *owner == state);
        self.loop_slots = others;
        let slots = slots.into_iter().map(|(_, slot)| slot);
        // `loop.previtem` / `nextitem`: the items of the (filtered) loop come with their
        // neighbours, as `Maybe`s, Jinja2's undefined at either end.
        let (neighbours, pattern) = if uses.neighbours {
            let (prev, next) = neighbour_idents(&state);
            (
                quote! { let __kiln_iter = ::kiln::__private::Neighbours::new(__kiln_iter); },
                quote! { (#prev, #pattern, #next) },
            )
        } else {
            (TokenStream::new(), pattern)
        };

        let collect = if uses.length {
            quote! {
                let __kiln_items = ::kiln::__private::collect(__kiln_iter);
                let __kiln_len = __kiln_items.len();
                let __kiln_iter = ::kiln::__private::core::iter::IntoIterator::into_iter(__kiln_items);
            }
        } else {
            quote! { let __kiln_len = 0usize; }
        };
        // A peeled loop knows `loop.first` in each copy of its body; others ask the state.
        let peeled = matches!(&body, LoopBody::Rotated { middle, .. } if is_small(middle));
        let first = first_ident(&state);
        let ask_first = (uses.first && !peeled).then(|| quote! { let #first = #state.first(); });
        let (items, item) = if uses.index || uses.last || uses.length || ask_first.is_some() {
            let last = uses.last;
            (
                quote! {
                    #neighbours
                    #collect
                    let mut __kiln_items = ::kiln::__private::LoopIter::<_, #last>::new(__kiln_iter, __kiln_len);
                },
                quote! { (#pattern, #state) },
            )
        } else {
            (
                quote! {
                    #neighbours
                    let mut __kiln_items = __kiln_iter;
                },
                pattern,
            )
        };
        let writer = self.writer.clone();
        let started = self.fresh("started");
        let reserve = |bytes: usize| (bytes > 0).then(|| quote! { #writer.reserve(#bytes); });
        let looped = match body {
            LoopBody::Rotated {
                first: first_text,
                between,
                last,
                middle,
                reserve: bytes,
            } if peeled => {
                // Peeled: the first iteration is written out before the loop, so the later
                // ones need no flag to tell them apart, nor a counter for `loop.first`.
                let reserve = reserve(bytes);
                let (is_first, is_later) = if uses.first {
                    (
                        quote! { let #first = true; },
                        quote! { let #first = false; },
                    )
                } else {
                    Default::default()
                };
                quote! {
                    #items
                    if let ::kiln::__private::core::option::Option::Some(#item) =
                        ::kiln::__private::core::iter::Iterator::next(&mut __kiln_items)
                    {
                        #is_first
                        #reserve
                        #writer.write_str(#first_text)?;
                        #middle
                        for #item in __kiln_items {
                            #is_later
                            #reserve
                            #writer.write_str(#between)?;
                            #middle
                        }
                        #writer.write_str(#last)?;
                    } else {
                        #else_body
                    }
                }
            }
            body => {
                let (decl_empty, mark, run_else) = if has_else {
                    (
                        quote! { let mut __kiln_empty = true; },
                        quote! { __kiln_empty = false; },
                        quote! { if __kiln_empty { #else_body } },
                    )
                } else {
                    Default::default()
                };
                let (before, body, after) = match body {
                    LoopBody::Plain {
                        body,
                        reserve: bytes,
                    } => {
                        let reserve = reserve(bytes);
                        (
                            TokenStream::new(),
                            quote! { #reserve #body },
                            TokenStream::new(),
                        )
                    }
                    LoopBody::Rotated {
                        first: first_text,
                        between,
                        last,
                        middle,
                        reserve: bytes,
                    } => {
                        let reserve = reserve(bytes);
                        (
                            quote! { let mut #started = false; },
                            quote! {
                                #reserve
                                if #started {
                                    #writer.write_str(#between)?;
                                } else {
                                    #writer.write_str(#first_text)?;
                                    #started = true;
                                }
                                #middle
                            },
                            quote! {
                                if #started {
                                    #writer.write_str(#last)?;
                                }
                            },
                        )
                    }
                };
                quote! {
                    #items
                    #decl_empty
                    #before
                    for #item in __kiln_items {
                        #ask_first
                        #mark
                        #body
                    }
                    #after
                    #run_else
                }
            }
        };
        if filter.is_some() {
            return Ok(quote! {
                {
                    let __kiln_filter_error = ::kiln::__private::core::cell::Cell::new(::kiln::__private::core::option::Option::None);
                    {
                        let __kiln_iter = ::kiln::__private::core::iter::IntoIterator::into_iter(#iterable);
                        #(#slots)*
                        #filter
                        #looped
                    }
                    if let ::kiln::__private::core::option::Option::Some(err) = __kiln_filter_error.take() {
                        return ::kiln::__private::core::result::Result::Err(err);
                    }
                }
            });
        }
        Ok(quote! {
            {
                let __kiln_iter = ::kiln::__private::core::iter::IntoIterator::into_iter(#iterable);
                #(#slots)*
                #looped
            }
        })
    }

    /// Generates a loop body. When it starts with literal text `A` and ends with literal
    /// text `B`, the loop is rotated: each iteration after the first writes `BA` as one
    /// piece (`</td><td>`), and `B` is written once after the last. That saves a write per
    /// iteration. A body that may `break` or `continue` is left as it is: those skip `B`.
    fn loop_body(&mut self, nodes: &[Node]) -> Result<LoopBody, Diagnostic> {
        let leading = nodes.iter().take_while(|n| is_static(n)).count();
        let trailing = nodes[leading..]
            .iter()
            .rev()
            .take_while(|n| is_static(n))
            .count();
        let middle = &nodes[leading..nodes.len() - trailing];
        if leading == 0 || trailing == 0 || has_loop_control(middle) {
            let (bytes, writes) = leading_writes(nodes);
            return Ok(LoopBody::Plain {
                body: self.nodes(nodes)?,
                reserve: if writes > 1 { bytes } else { 0 },
            });
        }
        debug_assert!(self.text.is_empty(), "text before a loop is flushed first");
        self.emit(&nodes[..leading])?;
        let first = std::mem::take(&mut self.text);
        let (bytes, writes) = leading_writes(middle);
        let middle = self.nodes(middle)?;
        self.emit(&nodes[nodes.len() - trailing..])?;
        let last = std::mem::take(&mut self.text);
        let between = format!("{last}{first}");
        let repeated = between.len().saturating_mul(self.loop_weight);
        self.size_hint = self.size_hint.saturating_add(repeated);
        let reserve = if writes > 0 {
            between.len().max(first.len()) + bytes
        } else {
            0
        };
        Ok(LoopBody::Rotated {
            first,
            between,
            last,
            middle,
            reserve,
        })
    }

    /// The Rust pattern for a target, binding its names in the current scope.
    fn pattern(&mut self, target: &Target) -> TokenStream {
        match target {
            Target::Name(name) => {
                let ident = self.bind(name);
                quote! { #ident }
            }
            Target::Tuple(items) => {
                let items: Vec<TokenStream> = items.iter().map(|t| self.pattern(t)).collect();
                quote! { (#(#items,)*) }
            }
        }
    }

    fn set(&mut self, set: &Set) -> Result<TokenStream, Diagnostic> {
        let value = self.value_for_binding(&set.value)?;
        let safe = self.is_safe(&set.value);
        let pattern = self.pattern(&set.target);
        if let Target::Name(name) = &set.target {
            self.mark_safe(&name.node, safe);
        }
        Ok(quote! {
            #[allow(unused_variables)]
            let #pattern = #value;
        })
    }

    fn set_block(&mut self, set: &SetBlock) -> Result<TokenStream, Diagnostic> {
        let buffer = self.fresh("capture");
        let outer_writer = std::mem::replace(&mut self.writer, buffer.clone());
        let outer_text = std::mem::take(&mut self.text);
        self.captures += 1;
        let body = self.with_scope(|g| g.nodes(&set.body));
        self.captures -= 1;
        self.writer = outer_writer;
        self.text = outer_text;
        let body = body?;
        let ident = self.bind(&set.name);
        self.mark_safe(&set.name.node, true);
        // The captured output is already escaped, so it is marked safe, as Jinja2 does.
        Ok(quote! {
            #[allow(unused_variables)]
            let #ident = {
                let mut #buffer = ::kiln::__private::std::string::String::new();
                {
                    let #buffer = &mut #buffer;
                    #body
                }
                ::kiln::__private::Safe(#buffer)
            };
        })
    }

    /// `{% filter upper|trim %}…{% endfilter %}`: the body is captured (already escaped, so
    /// safe markup, as in Jinja2), then printed through the filters.
    fn filter_block(&mut self, block: &FilterBlock) -> Result<TokenStream, Diagnostic> {
        let name = "__kiln_filter_block";
        let capture = self.set_block(&SetBlock {
            name: Spanned::new(name.to_owned(), block.span),
            body: block.body.clone(),
            span: block.span,
        })?;
        let mut expr = Spanned::new(Expr::Var(name.to_owned()), block.span);
        for (filter, args) in &block.filters {
            let span = block.span;
            expr = Spanned::new(
                Expr::Filter(Box::new(expr), filter.clone(), args.clone()),
                span,
            );
        }
        let print = self.print(&expr)?;
        Ok(quote! { { #capture #print } })
    }

    /// `{% with a = x, b = y %}`: both values are computed before either name is bound,
    /// so each reads the enclosing scope, as in Jinja2; the names, and whatever the block
    /// `set`s, end with the block.
    fn with(&mut self, with: &With) -> Result<TokenStream, Diagnostic> {
        let values = with
            .assigns
            .iter()
            .map(|(_, value)| {
                let safe = self.is_safe(value);
                self.value_for_binding(value).map(|tokens| (tokens, safe))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.with_scope(|g| {
            let names: Vec<TokenStream> = with
                .assigns
                .iter()
                .zip(&values)
                .map(|((name, _), (_, safe))| {
                    let ident = g.bind(name);
                    g.mark_safe(&name.node, *safe);
                    quote! { #ident }
                })
                .collect();
            let values = values.iter().map(|(tokens, _)| tokens);
            let body = g.nodes(&with.body)?;
            Ok(quote! {
                {
                    #[allow(unused_variables)]
                    let (#(#names,)*) = (#(#values,)*);
                    #body
                }
            })
        })
    }

    /// `{% autoescape true|false %}`: the block's prints are escaped as the file's are (HTML
    /// for a file that does not escape), or not at all.
    fn autoescape(&mut self, autoescape: &Autoescape) -> Result<TokenStream, Diagnostic> {
        let escaping = match (autoescape.enabled, self.file_escaping) {
            (false, _) => Escaping::Text,
            (true, Escaping::Text) => Escaping::Html,
            (true, escaping) => escaping,
        };
        let outer = std::mem::replace(&mut self.file_escaping, escaping);
        let body = self.emit(&autoescape.body);
        self.file_escaping = outer;
        body
    }

    fn inline(&mut self, inline: &Inline) -> Result<TokenStream, Diagnostic> {
        let escaping = (self.options.escaping)(inline.file);
        let outer = std::mem::replace(&mut self.file_escaping, escaping);
        // An included template's `set`s stay inside it; text may still merge across the
        // boundary when it binds nothing.
        let binds = inline
            .body
            .iter()
            .any(|n| matches!(n, Node::Set(_) | Node::SetBlock(_)));
        let body = if binds {
            self.with_scope(|g| g.nodes(&inline.body))
                .map(|b| quote! { { #b } })
        } else {
            self.emit(&inline.body)
        };
        self.file_escaping = outer;
        body
    }
}

/// A generated loop body.
enum LoopBody {
    /// Written as it is, each iteration.
    Plain {
        body: TokenStream,
        /// Bytes to reserve before each iteration (0: none).
        reserve: usize,
    },
    /// Rotated: `first` starts the first iteration, `between` each later one, and `last`
    /// ends the loop; `middle` is the rest of the body.
    Rotated {
        first: String,
        between: String,
        last: String,
        middle: TokenStream,
        /// Bytes to reserve before each iteration (0: none).
        reserve: usize,
    },
}

/// The largest body (in tokens) that a rotated loop copies to peel its first iteration:
/// bigger ones keep a flag, so the generated code stays small. A print or two is peeled
/// (big-table's cells); at 200 tokens, bodies like teams' rows were peeled as well, which
/// saved 8 % of that workload's instructions but made a release build of 50 templates
/// take 35 % longer (4.2 s against 3.1 s).
const PEEL_TOKENS: usize = 60;

/// Whether `code` is at most [`PEEL_TOKENS`] tokens.
fn is_small(code: &TokenStream) -> bool {
    fn count(code: &TokenStream, budget: &mut usize) -> bool {
        for tree in code.clone() {
            if *budget == 0 {
                return false;
            }
            *budget -= 1;
            if let proc_macro2::TokenTree::Group(group) = tree {
                if !count(&group.stream(), budget) {
                    return false;
                }
            }
        }
        true
    }
    let mut budget = PEEL_TOKENS;
    count(code, &mut budget)
}

/// The most bytes a body reserves at once.
const MAX_RESERVE: usize = 512;

/// The bytes written by the literal text and prints that start `nodes`, counting 8 per
/// print (a number below 10^8, written as one word), and how many writes that is. A loop
/// reserves them once per iteration, so that those writes need no checks of their own;
/// a guess too small or too large costs speed, never correctness.
fn leading_writes(nodes: &[Node]) -> (usize, usize) {
    let (mut bytes, mut writes, mut in_text) = (0usize, 0, false);
    count_leading_writes(nodes, &mut bytes, &mut writes, &mut in_text);
    (bytes.min(MAX_RESERVE), writes)
}

/// Adds the writes that start `nodes` to the counts; returns whether all of `nodes` was
/// counted (so that the nodes after them start with writes too).
fn count_leading_writes(
    nodes: &[Node],
    bytes: &mut usize,
    writes: &mut usize,
    in_text: &mut bool,
) -> bool {
    for node in nodes {
        match node {
            // An included template's text is written in place.
            Node::Inline(inline) => {
                if !count_leading_writes(&inline.body, bytes, writes, in_text) {
                    return false;
                }
            }
            Node::Text(text) => {
                *bytes += text.node.len();
                *writes += usize::from(!*in_text);
                *in_text = true;
            }
            Node::Print(_) if is_static(node) => {
                *bytes += 8;
                *writes += usize::from(!*in_text);
                *in_text = true;
            }
            Node::Print(_) => {
                *bytes += 8;
                *writes += 1;
                *in_text = false;
            }
            _ => return false,
        }
    }
    true
}

/// Whether `break` or `continue` in `nodes` may leave the current iteration early. Nested
/// loops' bodies are skipped (their `break` is their own), their `else` bodies are not; a
/// `call` block's body is inlined into a macro and searched too.
fn has_loop_control(nodes: &[Node]) -> bool {
    nodes.iter().any(|node| {
        matches!(node, Node::Break(_) | Node::Continue(_))
            || node
                .children()
                .into_iter()
                .any(|child| matches!(child, Child::Body(body) if has_loop_control(body)))
    })
}

/// Whether a node only adds literal text (so it needs no flush before it).
fn is_static(node: &Node) -> bool {
    match node {
        Node::Text(_) => true,
        Node::Print(expr) => matches!(
            expr.node,
            Expr::Str(_) | Expr::Int(_) | Expr::Bool(_) | Expr::None
        ),
        _ => false,
    }
}

/// The local that `loop.first` reads in the loop whose state is `state`.
pub(super) fn first_ident(state: &Ident) -> Ident {
    format_ident!("{state}_first")
}

/// The locals that hold `loop.previtem` and `loop.nextitem` of the loop with this state.
pub(super) fn neighbour_idents(state: &Ident) -> (Ident, Ident) {
    (
        format_ident!("{state}_previtem"),
        format_ident!("{state}_nextitem"),
    )
}

/// What a loop body uses of `loop` (not counting nested loops' bodies, whose `loop` is
/// their own).
fn loop_uses(nodes: &[Node]) -> LoopUse {
    fn visit(nodes: &[Node], uses: &mut LoopUse) {
        for node in nodes {
            for child in node.children() {
                match child {
                    Child::Expr(expr) => expr_loop_uses(expr, uses),
                    Child::Body(body) => visit(body, uses),
                    Child::LoopBody(_) => {}
                }
            }
        }
    }
    let mut uses = LoopUse::default();
    visit(nodes, &mut uses);
    uses
}

fn expr_loop_uses(expr: &SExpr, uses: &mut LoopUse) {
    if let Expr::Attr(obj, attr) = &expr.node {
        if obj.node == Expr::Var("loop".into()) {
            match attr.node.as_str() {
                // A constant, or the depth parameter of a recursive loop's function.
                "depth" | "depth0" => {}
                "first" => uses.first = true,
                "previtem" | "nextitem" => uses.neighbours = true,
                // Its state lives in a slot of its own (see `loop_attr`).
                "changed" => {}
                "index" | "index0" | "cycle" => uses.index = true,
                "last" => {
                    uses.index = true;
                    uses.last = true;
                }
                _ => {
                    uses.index = true;
                    uses.length = true;
                }
            }
            return;
        }
    }
    if let Expr::Call(callee, args) = &expr.node {
        if callee.node == Expr::Var("loop".into()) {
            // `loop(children)` renders the loop again; it reads none of its state.
            for arg in args.values() {
                expr_loop_uses(arg, uses);
            }
            return;
        }
    }
    if expr.node == Expr::Var("loop".into()) {
        *uses = LoopUse {
            first: true,
            index: true,
            last: true,
            length: true,
            neighbours: false,
        };
        return;
    }
    for child in expr.node.children() {
        expr_loop_uses(child, uses);
    }
}

#[cfg(test)]
mod tests {
    use crate::codegen::test_support::{assert_compiles, assert_error, compile};

    #[test]
    fn a_loop_between_texts_writes_end_and_start_as_one_piece() {
        let code = compile("{% for x in items %}<td>{{ x }}</td>{% endfor %}");
        assert!(code.contains(r#""</td><td>""#), "{code}");
        // A small body is peeled: its first iteration is written before the loop.
        assert!(!code.contains("__kiln_started"), "{code}");
        assert_eq!(code.matches("kiln_write").count(), 2, "{code}");
        // Each iteration reserves `</td><td>` and a number at once.
        assert_eq!(code.matches("reserve (17usize)").count(), 2, "{code}");

        // A large one keeps a flag rather than a second copy.
        let prints = ["{{ x }}"; 20].join(", ");
        let code = compile(&format!(
            "{{% for x in items %}}<td>{prints}</td>{{% endfor %}}"
        ));
        assert!(code.contains(r#""</td><td>""#), "{code}");
        assert!(code.contains("__kiln_started"), "{code}");
        assert_eq!(code.matches("kiln_write").count(), 20, "{code}");
    }

    #[test]
    fn a_peeled_loop_knows_loop_first_without_counting() {
        let code = compile("{% for x in items %}<li>{{ loop.first }}</li>{% endfor %}");
        assert!(!code.contains("LoopIter"), "no counter: {code}");
        assert!(code.contains("let __kiln_loop2_first = true ;"), "{code}");
        assert!(code.contains("let __kiln_loop2_first = false ;"), "{code}");
        // A body that is not peeled asks the loop's state, once per iteration.
        let code = compile("{% for x in items %}{{ loop.first }}{% endfor %}");
        assert!(code.contains("LoopIter"), "{code}");
        assert!(
            code.contains("let __kiln_loop2_first = __kiln_loop2 . first () ;"),
            "{code}"
        );
    }

    #[test]
    fn a_loop_reserves_the_writes_its_body_starts_with() {
        // `{{ x }}`, `, `, `{{ x }}`, `;`: 8 bytes per print, then the text.
        let code = compile(
            "{% for x in items %}{{ x }}, {{ x }};{% if x %}{{ x }}{% endif %}{% endfor %}",
        );
        assert!(code.contains("reserve (19usize)"), "{code}");
        // Through a block, which is written in place.
        let code = compile(
            "{% for x in items %}{% block cell %}{{ x }}!{% endblock %}{{ x }}{% endfor %}",
        );
        assert!(code.contains("reserve (17usize)"), "{code}");
        // A single write gains nothing from reserving first.
        let code = compile("{% for x in items %}{{ x }}{% endfor %}");
        assert!(!code.contains("reserve"), "{code}");
    }

    #[test]
    fn a_call_body_cannot_break_the_loop_around_the_call() {
        // Jinja2 compiles the body as a function of its own: `'break' outside loop`.
        let macro_with_loop =
            "{% macro m() %}{% for i in items %}[{{ caller() }}]{% endfor %}{% endmacro %}";
        assert_error(
            &format!(
                "{macro_with_loop}{{% for x in items %}}{{% call m() %}}{{% break %}}{{% endcall %}}{{% endfor %}}"
            ),
            &["`break` outside of a `for` loop", "cannot leave a loop around them"],
        );
        // Its own loops, and `loop` of the call site, are fine.
        assert_compiles(
            &format!(
                "{macro_with_loop}{{% for x in items %}}{{% call m() %}}{{{{ loop.index }}}}{{% for y in items %}}{{% break %}}{{% endfor %}}{{% endcall %}}{{% endfor %}}"
            ),
            &["break"],
        );
    }

    #[test]
    fn loops_that_may_skip_their_end_are_not_rotated() {
        for body in [
            "<td>{% if x %}{% break %}{% endif %}{{ x }}</td>",
            "<td>{% if x %}{% continue %}{% endif %}{{ x }}</td>",
            // A `break` in an inner loop's `else` leaves the outer loop.
            "<td>{% for y in items %}{{ y }}{% else %}{% break %}{% endfor %}</td>",
        ] {
            let code = compile(&format!("{{% for x in items %}}{body}{{% endfor %}}"));
            assert!(!code.contains(r#""</td><td>""#), "{body}: {code}");
        }
        // An inner loop's own `break` does not stop the outer loop's rotation.
        let code = compile(
            "{% for x in items %}<tr>{% for y in items %}{% break %}{% endfor %}</tr>{% endfor %}",
        );
        assert!(code.contains(r#""</tr><tr>""#), "{code}");
    }

    #[test]
    fn with_computes_every_value_before_binding_and_ends_its_names() {
        // One tuple `let`: `b = n` reads the field `n`, not the `n` being bound.
        let code = compile("{% with n = 1, b = n %}{{ b }}{% endwith %}");
        assert!(code.contains("let (n_"), "{code}");
        assert!(code.contains("self . n"), "{code}");
        assert_error(
            "{% with x = 1 %}{% set y = 2 %}{% endwith %}{{ y }}",
            &["`y` is not defined here"],
        );
        assert_error(
            "{% with x = 1 %}{% endwith %}{{ x }}",
            &["`x` is not defined here"],
        );
    }

    #[test]
    fn autoescape_switches_escaping_for_its_block_only() {
        let code = compile(
            "{{ name }}{% autoescape false %}{{ name }}{{ \"<b>\" }}{% endautoescape %}{{ name }}",
        );
        assert_eq!(code.matches("__private :: Html").count(), 2, "{code}");
        assert_eq!(code.matches("__private :: Text").count(), 1, "{code}");
        assert!(
            code.contains(r#""<b>""#),
            "a literal is not escaped either: {code}"
        );
        assert_error(
            "{% autoescape n > 1 %}x{% endautoescape %}",
            &["`autoescape` takes `true` or `false`"],
        );
    }

    #[test]
    fn loop_changed_keeps_one_slot_per_value_before_the_loop() {
        let code = compile("{% for u in users %}{{ loop.changed(u.name, n) }}{% endfor %}");
        let slots = code.matches(
            "= :: kiln :: __private :: core :: cell :: Cell :: new (:: kiln :: __private :: core :: option :: Option :: None) ;",
        );
        assert_eq!(slots.count(), 2, "{code}");
        assert!(
            code.find("__kiln_changed").unwrap() < code.find("for u_1 in").unwrap(),
            "declared before the loop: {code}"
        );
        assert!(!code.contains("LoopIter"), "no loop state: {code}");
        assert_error(
            "{% for u in users %}{{ loop.changed() }}{% endfor %}",
            &["`loop.changed` takes one or more values"],
        );
        assert_error(
            "{% for u in users %}{{ loop.changed }}{% endfor %}",
            &["`loop.changed` must be called"],
        );
    }

    #[test]
    fn loop_neighbours_come_with_the_items_only_when_used() {
        let code = compile("{% for x in items %}{{ loop.previtem }}{% endfor %}");
        assert!(code.contains("Neighbours :: new"), "{code}");
        let code = compile("{% for x in items %}{{ x }}{% endfor %}");
        assert!(!code.contains("Neighbours"), "{code}");
    }

    #[test]
    fn loop_depth_is_a_constant() {
        assert_compiles(
            "{% for x in items %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}",
            &["1usize", "0usize"],
        );
        let code = compile("{% for x in items %}{{ loop.depth }}{% endfor %}");
        assert!(!code.contains("LoopIter"), "no loop state: {code}");
    }
}
