//! Recursive loops: `{% for item in tree recursive %}…{{ loop(item.children) }}…{% endfor %}`.
//!
//! The loop becomes the body of a closure run by `kiln::__private::recursive_loop`, like a
//! recursive macro (see `macros.rs`): it gets the items of one level (as a `dyn Iterator`:
//! each level iterates another collection, of possibly another type, with items of one
//! type) and its depth, and `loop(children)` runs it again through the handle it receives.
//! The top level's items are passed first, so rustc knows their type when it checks the
//! body. Each level is a loop of its own, with its own `loop.index`, `loop.changed` and
//! `else`, as in Jinja2.

use proc_macro2::TokenStream;
use quote::quote;

use super::Generator;
use crate::checked::{Expr, For, LoopId};

impl<'a> Generator<'a> {
    /// `{% for … recursive %}`.
    pub(super) fn recursive_for(&mut self, for_node: &'a For) -> TokenStream {
        let top = self.iterable(&for_node.iter);
        let handle = self.fresh("recurse");
        let depth = self.fresh("depth");
        let items = self.fresh("items");
        let out = self.fresh("out");
        let writer = std::mem::replace(&mut self.writer, out.clone());
        let body = self.for_loop(
            for_node,
            quote! { #items },
            Some((handle.clone(), depth.clone())),
        );
        self.writer = writer;
        let writer = &self.writer;
        let location = self.location(for_node.span);
        quote! {
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
        }
    }

    /// `{{ loop(children) }}`: renders loop `id` again, one level deeper.
    pub(super) fn print_recursion(&mut self, id: LoopId, children: &Expr) -> TokenStream {
        let Some((handle, _)) = self.loops.get(&id).and_then(|l| l.recursion.clone()) else {
            // The check stage allows `loop(…)` only inside a recursive loop.
            return TokenStream::new();
        };
        let children = self.iterable(children);
        let writer = &self.writer;
        quote! {
            #handle(
                &mut ::kiln::__private::core::iter::IntoIterator::into_iter(#children),
                #writer,
            )?;
        }
    }
}
