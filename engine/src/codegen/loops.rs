//! `for` loops: the items with as much of `loop` as the body uses, and the body rotated
//! (and, when small, peeled) so that the text between two iterations is one write.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::node::is_static;
use super::{Generator, LoopGen};
use crate::checked::{For, LoopId, Node};

/// Expected repetitions of a loop body, for `SIZE_HINT`.
const LOOP_WEIGHT: usize = 8;

/// The largest body (in tokens) that a rotated loop copies to peel its first iteration:
/// bigger ones keep a flag, so the generated code stays small. A print or two is peeled
/// (big-table's cells); at 200 tokens, bodies like teams' rows were peeled as well, which
/// saved 8 % of that workload's instructions but made a release build of 50 templates
/// take 35 % longer (4.2 s against 3.1 s).
const PEEL_TOKENS: usize = 60;

/// The most bytes a body reserves at once.
const MAX_RESERVE: usize = 512;

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

impl<'a> Generator<'a> {
    pub(super) fn for_node(&mut self, for_node: &'a For) -> TokenStream {
        if self.checked.loop_(for_node.id).recursive {
            return self.recursive_for(for_node);
        }
        let iterable = self.iterable(&for_node.iter);
        self.for_loop(for_node, iterable, None)
    }

    /// The identifier of loop `id`'s state, where its body is being generated.
    pub(super) fn loop_state(&self, id: LoopId) -> Ident {
        self.loops
            .get(&id)
            .map_or_else(|| format_ident!("__kiln_no_loop"), |l| l.state.clone())
    }

    /// A `for` loop over `iterable`; `recursion` is the handle and depth of a recursive
    /// loop's function, whose body this is.
    pub(super) fn for_loop(
        &mut self,
        for_node: &'a For,
        iterable: TokenStream,
        recursion: Option<(Ident, Ident)>,
    ) -> TokenStream {
        let uses = self.checked.loop_(for_node.id).uses;
        let item = self.shape(&for_node.iter).item();
        self.bind_shape(&for_node.target, item);
        let pattern = self.pattern(&for_node.target);
        // The condition may fail (`x > 1` on strings); its error is kept and returned
        // after the loop, since a filter closure cannot return it.
        let filter = for_node.filter.as_ref().map(|cond| {
            let test = super::closures::ok_of(self.condition(cond));
            quote! {
                let __kiln_iter = ::kiln::__private::core::iter::Iterator::filter(
                    __kiln_iter,
                    |__kiln_item| {
                        let __kiln_test = || -> ::kiln::Result<bool> {
                            let #pattern = __kiln_item;
                            #test
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
            }
        });
        let state = self.fresh("loop");
        let outer = self.loops.insert(
            for_node.id,
            LoopGen {
                state: state.clone(),
                recursion,
            },
        );
        let outer_weight = self.loop_weight;
        self.loop_weight = self.loop_weight.saturating_mul(LOOP_WEIGHT);
        let body = self.loop_body(&for_node.body);
        self.loop_weight = outer_weight;
        match outer {
            Some(outer) => self.loops.insert(for_node.id, outer),
            None => self.loops.remove(&for_node.id),
        };
        let else_body = self.nodes(&for_node.else_body);
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
                        #writer.push_str(#first_text);
                        #middle
                        for #item in __kiln_items {
                            #is_later
                            #reserve
                            #writer.push_str(#between);
                            #middle
                        }
                        #writer.push_str(#last);
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
                                    #writer.push_str(#between);
                                } else {
                                    #writer.push_str(#first_text);
                                    #started = true;
                                }
                                #middle
                            },
                            quote! {
                                if #started {
                                    #writer.push_str(#last);
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
        if let Some(filter) = filter {
            return quote! {
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
            };
        }
        quote! {
            {
                let __kiln_iter = ::kiln::__private::core::iter::IntoIterator::into_iter(#iterable);
                #(#slots)*
                #looped
            }
        }
    }

    /// Generates a loop body. When it starts with literal text `A` and ends with literal
    /// text `B`, the loop is rotated: each iteration after the first writes `BA` as one
    /// piece (`</td><td>`), and `B` is written once after the last. That saves a write per
    /// iteration. A body that may `break` or `continue` is left as it is: those skip `B`.
    fn loop_body(&mut self, nodes: &'a [Node]) -> LoopBody {
        let leading = nodes.iter().take_while(|n| is_static(n)).count();
        let trailing = nodes[leading..]
            .iter()
            .rev()
            .take_while(|n| is_static(n))
            .count();
        let middle = &nodes[leading..nodes.len() - trailing];
        if leading == 0 || trailing == 0 || has_loop_control(middle) {
            let (bytes, writes) = leading_writes(nodes);
            return LoopBody::Plain {
                body: self.nodes(nodes),
                reserve: if writes > 1 { bytes } else { 0 },
            };
        }
        debug_assert!(self.text.is_empty(), "text before a loop is flushed first");
        self.emit(&nodes[..leading]);
        let first = std::mem::take(&mut self.text);
        let (bytes, writes) = leading_writes(middle);
        let middle = self.nodes(middle);
        self.emit(&nodes[nodes.len() - trailing..]);
        let last = std::mem::take(&mut self.text);
        let between = format!("{last}{first}");
        let repeated = between.len().saturating_mul(self.loop_weight);
        self.size_hint = self.size_hint.saturating_add(repeated);
        let reserve = if writes > 0 {
            between.len().max(first.len()) + bytes
        } else {
            0
        };
        LoopBody::Rotated {
            first,
            between,
            last,
            middle,
            reserve,
        }
    }
}

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
            Node::Inline { body, .. } => {
                if !count_leading_writes(body, bytes, writes, in_text) {
                    return false;
                }
            }
            Node::Text(text) => {
                *bytes += text.len();
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
            // `{% if loop.first %} class="first"{% endif %}`: room for the branch that
            // writes most; the writes after it count too if every branch is only writes.
            Node::If { declare, branches } if declare.is_empty() => {
                let (mut most, mut most_writes, mut complete) = (0, 0, true);
                for (_, body) in branches {
                    let (mut branch_bytes, mut branch_writes) = (0, 0);
                    complete &= count_leading_writes(
                        body,
                        &mut branch_bytes,
                        &mut branch_writes,
                        &mut false,
                    );
                    most = most.max(branch_bytes);
                    most_writes = most_writes.max(branch_writes);
                }
                *bytes += most;
                *writes += most_writes;
                *in_text = false;
                if !complete {
                    return false;
                }
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
        matches!(node, Node::Break | Node::Continue)
            || node
                .bodies()
                .into_iter()
                .any(|(loop_body, body)| !loop_body && has_loop_control(body))
    })
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
