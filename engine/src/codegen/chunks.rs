//! Long node lists cut into closures, so that no Rust function body grows with the
//! template.
//!
//! rustc's borrow checker takes time that grows faster than linearly with the size of one
//! function body: a template of 1,250 tags (0.3 MB) in one body took 22 s of borrow
//! checking, 2,500 tags 3 minutes. Each closure is a body of its own for the borrow
//! checker, while type inference still sees the whole function. An optimised build runs
//! about the same instructions either way (a 400-node template rendered in 145.5k
//! instructions cut, 147.2k in one body): a closure called once is cheap, inlined or not.
//!
//! A list is cut only where a closure cannot change what the code means: no `break` or
//! `continue` inside it may leave it (they would have to leave the closure), and no `set`
//! in it assigns a name declared outside (a closure cannot assign a variable that may not
//! be initialised yet). Names a chunk binds for the nodes after it (`set`, the names an
//! `if` declares) are seen by those nodes because the rest of the list is generated
//! inside the chunk's closure; otherwise the chunks follow each other.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::Generator;
use crate::checked::{BindingId, Node, Pattern, SetMode};

/// The most nodes (counting those of nested bodies) a chunk holds before a cut.
const CHUNK_WEIGHT: usize = 64;

impl<'a> Generator<'a> {
    /// Generates `nodes`, cut into closures when the list is long (see the module docs);
    /// `None` when it is written as one piece.
    pub(super) fn chunked(&mut self, nodes: &'a [Node]) -> Option<TokenStream> {
        // A list that would be one chunk gains nothing from a closure: its nodes' own
        // bodies are cut where they are long.
        if first_cut(nodes) == nodes.len() || !cuttable(nodes) {
            return None;
        }
        let mut out = TokenStream::new();
        let mut rest = nodes;
        while !rest.is_empty() {
            let cut = first_cut(rest);
            let (chunk, after) = rest.split_at(cut);
            let mut body = self.emit_flat(chunk);
            body.extend(self.flush());
            if chunk.iter().any(binds_for_later) && !after.is_empty() {
                // The nodes after need the names this chunk binds: inside its closure.
                body.extend(self.emit(after));
                body.extend(self.flush());
                out.extend(closure(body));
                return Some(out);
            }
            out.extend(closure(body));
            rest = after;
        }
        Some(out)
    }
}

/// `body` as a closure called where it stands.
fn closure(body: TokenStream) -> TokenStream {
    quote! {
        (|| -> ::kiln::Result<()> {
            #body
            ::kiln::__private::core::result::Result::Ok(())
        })()?;
    }
}

/// Where the first chunk of `nodes` ends: after the nodes that reach [`CHUNK_WEIGHT`],
/// at least one.
fn first_cut(nodes: &[Node]) -> usize {
    let mut total = 0;
    for (i, node) in nodes.iter().enumerate() {
        total += node_weight(node);
        if total >= CHUNK_WEIGHT {
            return i + 1;
        }
    }
    nodes.len()
}

/// The nodes in `nodes`, counting those of nested bodies.
fn weight(nodes: &[Node]) -> usize {
    nodes.iter().map(node_weight).sum()
}

fn node_weight(node: &Node) -> usize {
    1 + node
        .bodies()
        .into_iter()
        .map(|(_, body)| weight(body))
        .sum::<usize>()
}

/// Whether `nodes` may be cut into closures: no `break` or `continue` that leaves the list
/// (one inside a nested `for` leaves only that loop), and every name a `set` in an `if`
/// branch assigns is declared in the list (by an `if`, which declares it without a value
/// that a closure could not assign, or by an earlier `set`).
fn cuttable(nodes: &[Node]) -> bool {
    let mut names = Names::default();
    names.collect(nodes);
    nodes.iter().all(|node| no_leaving_jump(node, false))
        && names.assigned.iter().all(|id| names.declared.contains(id))
}

fn no_leaving_jump(node: &Node, in_loop: bool) -> bool {
    match node {
        Node::Break | Node::Continue => in_loop,
        _ => node.bodies().into_iter().all(|(loop_body, body)| {
            body.iter()
                .all(|n| no_leaving_jump(n, in_loop || loop_body))
        }),
    }
}

/// The names declared in a list of nodes, and those assigned in `if` branches.
#[derive(Default)]
struct Names {
    declared: HashSet<BindingId>,
    assigned: Vec<BindingId>,
}

impl Names {
    fn collect(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Set { target, mode, .. } => self.set(mode, pattern_names(target)),
                Node::Capture { binding, mode, .. } => self.set(mode, vec![*binding]),
                Node::If { declare, .. } => {
                    self.declared.extend(declare.iter().map(|(id, _)| *id));
                }
                _ => {}
            }
            for (_, body) in node.bodies() {
                self.collect(body);
            }
        }
    }

    fn set(&mut self, mode: &SetMode, names: Vec<BindingId>) {
        match mode {
            SetMode::Let => self.declared.extend(names),
            SetMode::Assign { keep, .. } => {
                self.assigned.extend(names);
                self.assigned.extend(*keep);
            }
        }
    }
}

fn pattern_names(pattern: &Pattern) -> Vec<BindingId> {
    match pattern {
        Pattern::Name(id) => vec![*id],
        Pattern::Tuple(items) => items.iter().flat_map(pattern_names).collect(),
    }
}

/// Whether `node` binds names that the nodes after it read: a `set`, the names an `if`
/// declares before it for its branches to set, or those of a body that is not a Rust
/// block of its own.
fn binds_for_later(node: &Node) -> bool {
    match node {
        Node::Set {
            mode: SetMode::Let, ..
        }
        | Node::Capture {
            mode: SetMode::Let, ..
        } => true,
        Node::If { declare, .. } => !declare.is_empty(),
        Node::Autoescape {
            scoped: false,
            body,
            ..
        }
        | Node::Inline {
            scoped: false,
            body,
            ..
        } => body.iter().any(binds_for_later),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::codegen::test_support::render_function;

    const CLOSURE: &str = "(|| -> ::kiln::Result<()> {";

    fn closures(code: &str) -> usize {
        code.matches(CLOSURE).count()
    }

    fn rows(count: usize) -> String {
        "<p>{{ n }}</p>".repeat(count)
    }

    #[test]
    fn short_lists_are_not_cut() {
        assert_eq!(closures(&render_function(&rows(10))), 0);
    }

    #[test]
    fn long_lists_are_cut_into_chunks_that_follow_each_other() {
        let code = render_function(&rows(200));
        assert!(closures(&code) >= 3, "{code}");
        let first_end = code.find("})()?;").expect("a closure ends");
        let second = code[first_end..].find(CLOSURE);
        assert!(
            second.is_some(),
            "the second chunk follows the first: {code}"
        );
    }

    #[test]
    fn the_nodes_after_a_set_are_generated_inside_its_chunk() {
        let code = render_function(&format!("{{% set x = 1 %}}{}{{{{ x }}}}", rows(100)));
        let first_end = code.find("})()?;").expect("a closure ends");
        let second = code
            .find(CLOSURE)
            .and_then(|at| code[at + 1..].find(CLOSURE));
        assert!(
            second.is_some_and(|at| at < first_end),
            "the later chunks nest in the first: {code}"
        );
    }

    #[test]
    fn a_loop_body_with_a_break_is_not_cut() {
        let source = format!(
            "{{% for item in items %}}{}{{% if item == \"x\" %}}{{% break %}}{{% endif %}}{{% endfor %}}",
            rows(100)
        );
        let code = render_function(&source);
        assert_eq!(closures(&code), 0, "{code}");
    }

    #[test]
    fn a_branch_assigning_a_name_declared_outside_is_not_cut() {
        let source = format!(
            "{{% if n > 0 %}}{}{{% set x = 2 %}}{{% endif %}}{{{{ x }}}}",
            rows(100)
        );
        let code = render_function(&source);
        assert_eq!(closures(&code), 1, "{code}");
    }
}
