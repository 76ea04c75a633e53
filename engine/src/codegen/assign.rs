//! `set` in Jinja's scope-less `if`: the names an `if`'s branches set are declared before
//! it, and the branches assign them. Every value goes through `__private::Arg`, so the
//! branches' values share a type: a `Val` for numbers and strings (`1`, `n + 1` and a field
//! alike), the value itself (by reference) for safe markup and anything else. A temporary
//! is first stored in a hidden binding the `if` declares, for the names to borrow.

use proc_macro2::TokenStream;
use quote::quote;

use super::Generator;
use crate::checked::{BindingId, Declare, Expr, ExprKind, Pattern, SetMode};

impl<'a> Generator<'a> {
    /// The declarations an `if` makes before itself.
    pub(super) fn declare(&self, declare: &[(BindingId, Declare)]) -> TokenStream {
        declare
            .iter()
            .map(|(id, how)| {
                let ident = self.local(*id);
                match how {
                    Declare::Unset => quote! { let mut #ident; },
                    Declare::Empty => quote! {
                        let mut #ident = ::kiln::__private::Maybe(
                            ::kiln::__private::core::option::Option::None,
                        );
                    },
                    Declare::Undefined => quote! { let #ident = ::kiln::__private::Undefined; },
                }
            })
            .collect()
    }

    /// `{% set target = value %}`.
    pub(super) fn set(&mut self, target: &Pattern, value: &Expr, mode: SetMode) -> TokenStream {
        match (mode, target) {
            (SetMode::Let, Pattern::Name(id)) if self.checked.binding(*id).reassigned => {
                // Assigned again by an `if` later: declared the way the `if` assigns.
                let ident = self.local(*id);
                let (keep, shared) = self.shared(value, None);
                quote! {
                    #keep
                    #[allow(unused_variables)]
                    let mut #ident = #shared;
                }
            }
            (SetMode::Let, _) => {
                let value = self.value_for_binding(value);
                let pattern = self.pattern(target);
                quote! {
                    #[allow(unused_variables)]
                    let #pattern = #value;
                }
            }
            (SetMode::Assign { maybe, keep }, Pattern::Name(id)) => {
                let ident = self.local(*id);
                let (keep, shared) = self.shared(value, keep);
                let shared = wrap(shared, maybe);
                quote! {
                    #keep
                    #ident = #shared;
                }
            }
            (SetMode::Assign { maybe, keep }, Pattern::Tuple(_)) => {
                // Destructured through references to the kept (or borrowed) value.
                let source = match keep {
                    Some(keep) => {
                        let keep = self.local(keep);
                        let value = self.expr(value);
                        quote! { { #keep = #value; &#keep } }
                    }
                    None => {
                        let value = self.expr(value);
                        quote! { &(#value) }
                    }
                };
                let mut names = Vec::new();
                let pattern = self.temporaries(target, &mut names);
                let assigns = names.iter().map(|(id, temporary)| {
                    let ident = self.local(*id);
                    let shared = wrap(
                        quote! { (&&&::kiln::__private::Arg(#temporary)).kiln_arg() },
                        maybe,
                    );
                    quote! { #ident = #shared; }
                });
                quote! {
                    let #pattern = #source;
                    #(#assigns)*
                }
            }
        }
    }

    /// The value of a `set` captured from a body (`{% set x %}…{% endset %}`), `Safe`, as it
    /// binds or assigns its name.
    pub(super) fn set_captured(
        &mut self,
        binding: BindingId,
        captured: TokenStream,
        mode: SetMode,
    ) -> TokenStream {
        let ident = self.local(binding);
        match mode {
            SetMode::Let if self.checked.binding(binding).reassigned => {
                let keep = self.fresh("keep");
                quote! {
                    let #keep = #captured;
                    #[allow(unused_variables)]
                    let mut #ident = (&&&::kiln::__private::Arg(&#keep)).kiln_arg();
                }
            }
            SetMode::Let => quote! {
                #[allow(unused_variables)]
                let #ident = #captured;
            },
            SetMode::Assign { maybe, keep } => {
                let keep = match keep {
                    Some(keep) => self.local(keep),
                    None => self.fresh("keep"),
                };
                let shared = wrap(
                    quote! { (&&&::kiln::__private::Arg(&#keep)).kiln_arg() },
                    maybe,
                );
                quote! {
                    #keep = #captured;
                    #ident = #shared;
                }
            }
        }
    }

    /// `value` as the shared type of an assigned name, and the statement that keeps it first
    /// when it is a temporary (in `keep`, or a fresh local for a `let`).
    fn shared(&mut self, value: &Expr, keep: Option<BindingId>) -> (TokenStream, TokenStream) {
        let operand = matches!(
            value.kind,
            ExprKind::Int(_)
                | ExprKind::Float(_)
                | ExprKind::Str(_)
                | ExprKind::Bool(_)
                | ExprKind::None
                | ExprKind::Unary(..)
        ) || matches!(&value.kind, ExprKind::Binary(op, ..) if op.is_arithmetic());
        if operand {
            // Owned, so it does not borrow the temporaries it was computed from.
            let operand = self.operand(value);
            return (TokenStream::new(), quote! { (#operand).into_owned() });
        }
        if self.is_place(value) || value.kind == ExprKind::Undefined {
            let value = self.expr(value);
            return (
                TokenStream::new(),
                quote! { (&&&::kiln::__private::Arg(&(#value))).kiln_arg() },
            );
        }
        let value = self.expr(value);
        match keep {
            Some(keep) => {
                let keep = self.local(keep);
                (
                    quote! { #keep = #value; },
                    quote! { (&&&::kiln::__private::Arg(&#keep)).kiln_arg() },
                )
            }
            None => {
                let keep = self.fresh("keep");
                (
                    quote! { let #keep = #value; },
                    quote! { (&&&::kiln::__private::Arg(&#keep)).kiln_arg() },
                )
            }
        }
    }

    /// A pattern of fresh temporaries in the shape of `target`, each paired with the name
    /// it assigns.
    fn temporaries(
        &mut self,
        target: &Pattern,
        names: &mut Vec<(BindingId, proc_macro2::Ident)>,
    ) -> TokenStream {
        match target {
            Pattern::Name(id) => {
                let temporary = self.fresh("item");
                names.push((*id, temporary.clone()));
                quote! { #temporary }
            }
            Pattern::Tuple(items) => {
                let items: Vec<TokenStream> = items
                    .iter()
                    .map(|item| self.temporaries(item, names))
                    .collect();
                quote! { (#(#items,)*) }
            }
        }
    }
}

/// `Maybe(Some(value))` for a name that some paths through the `if` leave unset.
fn wrap(value: TokenStream, maybe: bool) -> TokenStream {
    if maybe {
        quote! { ::kiln::__private::Maybe(::kiln::__private::core::option::Option::Some(#value)) }
    } else {
        value
    }
}
