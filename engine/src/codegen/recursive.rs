//! Recursive loops: `{% for item in tree recursive %}…{{ loop(item.children) }}…{% endfor %}`.
//!
//! The loop becomes the body of a closure run by `kiln::__private::recursive_loop`, like a
//! recursive macro (see `macros.rs`): it gets the items of one level (as a `dyn Iterator`:
//! each level iterates another collection, of possibly another type, with items of one
//! type) and its depth, and `loop(children)` runs it again through the handle it receives.
//! The top level's items are passed first, so rustc knows their type when it checks the
//! body. Each level is a loop of its own, with its own `loop.index`, `loop.changed` and
//! `else`, as in Jinja2.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Generator;
use crate::ast::{Args, Expr, SExpr};
use crate::diagnostic::Diagnostic;
use crate::tree::For;

/// A `recursive` loop whose body is being generated.
pub(super) struct Recursion {
    /// The `loop` state of the loop, to tell whether `loop` names it.
    pub(super) state: Ident,
    /// The closure's handle that renders the loop again.
    pub(super) handle: Ident,
    /// The closure's depth parameter: `loop.depth`.
    pub(super) depth: Ident,
    /// The generator's `captures` where the loop is: `loop(…)` must be where the writer has
    /// the same type, since the handle takes that type.
    pub(super) captures: usize,
}

impl Generator<'_> {
    /// `{% for … recursive %}`.
    pub(super) fn recursive_for(&mut self, for_node: &For) -> Result<TokenStream, Diagnostic> {
        let top = self.iterable(&for_node.iter)?;
        let handle = self.fresh("recurse");
        let depth = self.fresh("depth");
        let items = self.fresh("items");
        let out = self.fresh("out");
        let writer = std::mem::replace(&mut self.writer, out.clone());
        // The `else` is generated inside the closure: it cannot `break` the loops around.
        let floor = std::mem::replace(&mut self.loop_floor, self.loops.len());
        let body = self.for_loop(
            for_node,
            quote! { #items },
            Some((handle.clone(), depth.clone())),
        );
        self.loop_floor = floor;
        self.writer = writer;
        let body = body?;
        let writer = &self.writer;
        let location = self.location(for_node.span);
        Ok(quote! {
            ::kiln::__private::located(
                ::kiln::__private::recursive_loop(
                    &mut ::kiln::__private::core::iter::IntoIterator::into_iter(#top),
                    |#handle, #items, #depth, #out| {
                        #body
                        ::kiln::__private::core::result::Result::Ok(())
                    },
                    #writer,
                ),
                #location,
            )?;
        })
    }

    /// Whether `callee` is `loop` (not a local of that name), so the call is `loop(…)`.
    pub(super) fn calls_loop(&self, callee: &SExpr) -> bool {
        matches!(&callee.node, Expr::Var(name) if name == "loop") && self.lookup("loop").is_none()
    }

    /// The recursive loop that `loop` names here, if the innermost loop is recursive.
    pub(super) fn innermost_recursion(&self) -> Option<&Recursion> {
        let (_, state) = self.loops.last()?;
        self.recursions.iter().rev().find(|r| &r.state == state)
    }

    /// `{{ loop(children) }}`: renders the innermost loop again, one level deeper.
    pub(super) fn print_recursion(
        &mut self,
        args: &Args,
        call: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        if self.loops.is_empty() {
            return Err(Diagnostic::new(
                "`loop` is only defined inside a `for` loop",
                call.span,
            ));
        }
        let Some(recursion) = self.innermost_recursion() else {
            return Err(Diagnostic::new(
                "`loop(…)` renders a recursive loop again, but this loop is not recursive",
                call.span,
            )
            .with_help(
                "mark the loop `recursive`: `{% for item in items recursive %}`; inside a \
                 nested loop, `loop` is that loop",
            ));
        };
        let handle = recursion.handle.clone();
        if recursion.captures != self.captures {
            return Err(
                Diagnostic::new("`loop(…)` cannot be captured here", call.span).with_help(
                    "print it straight into the loop's output; a block `set`, a `filter` block \
                     or a macro called as a value around it is not supported",
                ),
            );
        }
        let children = match (&args.positional[..], &args.keyword[..]) {
            ([children], []) => children,
            ([], [(name, children)]) if name.node == "iterable" => children,
            _ => {
                return Err(Diagnostic::new(
                    "`loop(…)` takes one argument: what to iterate at the next level",
                    call.span,
                )
                .with_help("for example `{{ loop(item.children) }}`"))
            }
        };
        let children = self.iterable(children)?;
        let writer = &self.writer;
        Ok(quote! {
            #handle(
                &mut ::kiln::__private::core::iter::IntoIterator::into_iter(#children),
                #writer,
            )?;
        })
    }

    /// The error for `loop(…)` anywhere but printed on its own.
    pub(super) fn recursion_as_value(&self, call: &SExpr) -> Diagnostic {
        Diagnostic::new(
            "`loop(…)` can only be printed on its own: `{{ loop(item.children) }}`",
            call.span,
        )
        .with_help(
            "Kiln renders the next level straight into the output, so it is not a value that \
             filters, tests or `set` can take",
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::codegen::test_support::{assert_compiles, assert_error};

    #[test]
    fn a_recursive_loop_is_a_closure_that_loop_calls_again() {
        assert_compiles(
            "{% for u in users recursive %}{{ loop.depth }}{{ loop(u.friends) }}{% endfor %}",
            &[
                "recursive_loop",
                "| __kiln_recurse1 , __kiln_items3 , __kiln_depth2 , __kiln_out4 |",
                "__kiln_recurse1 (& mut",
            ],
        );
        // `loop.depth` of a loop nested in it is 1 again; `loop(…)` there is not allowed.
        assert_compiles(
            "{% for u in users recursive %}{% for x in items %}{{ loop.depth }}{% endfor %}{% endfor %}",
            &["1usize"],
        );
        assert_error(
            "{% for u in users recursive %}{% for x in items %}{{ loop(u.friends) }}{% endfor %}{% endfor %}",
            &["this loop is not recursive", "inside a nested loop"],
        );
    }

    #[test]
    fn loop_calls_are_checked() {
        assert_error(
            "{% for u in users %}{{ loop(u.friends) }}{% endfor %}",
            &["`loop(…)` renders a recursive loop again, but this loop is not recursive"],
        );
        assert_error(
            "{{ loop(users) }}",
            &["`loop` is only defined inside a `for` loop"],
        );
        assert_error(
            "{% for u in users recursive %}{{ loop(u.a, u.b) }}{% endfor %}",
            &["`loop(…)` takes one argument"],
        );
        assert_error(
            "{% for u in users recursive %}{{ loop(u.friends)|upper }}{% endfor %}",
            &["can only be printed on its own"],
        );
        assert_error(
            "{% for u in users recursive %}{% set s %}{{ loop(u.friends) }}{% endset %}{% endfor %}",
            &["cannot be captured here"],
        );
        assert_error(
            "{% macro m() %}{% set s %}{{ caller() }}{% endset %}{{ s }}{% endmacro %}\
             {% for u in users recursive %}{% call m() %}{{ loop(u.friends) }}{% endcall %}{% endfor %}",
            &["cannot be captured here"],
        );
        // The `else` is inside the loop's closure: it cannot leave the loops around it.
        assert_error(
            "{% for x in items %}{% for u in users recursive %}{{ loop(u.friends) }}\
             {% else %}{% break %}{% endfor %}{% endfor %}",
            &[
                "`break` outside of a `for` loop",
                "the `else` of a recursive loop",
            ],
        );
    }
}
