//! Macros: each call expands the macro's checked body into a closure run by
//! `kiln::__private::call_macro`.
//!
//! The arguments are passed first, so rustc knows their types when it checks the closure:
//! the body is type-checked for the types at that call, with no annotations. A call of a
//! macro from inside its own expansion (recursion, direct or mutual) goes through the
//! handle the closure receives instead of expanding again. `caller()` inlines the `call`
//! block's body, with the locals of the call site.

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Generator, LoopGen};
use crate::checked::{
    ArgSource, Caller, CallerCall, Escaping, Expr, ExprKind, LoopId, MacroCall, MacroId,
};

/// A macro whose body is being generated.
pub(super) struct Expansion<'a> {
    /// The macro.
    id: MacroId,
    /// The handle that calls it again.
    recurse: Ident,
    /// The `{% call %}` block it was called with, if any.
    pub(super) caller: Option<CallSite<'a>>,
}

/// A `{% call %}` block, with what its body needs of the place it is written: the body
/// is generated there, inside the macro's expansion.
#[derive(Clone)]
pub(super) struct CallSite<'a> {
    caller: &'a Caller,
    escaping: Escaping,
    /// The loops around the block, whose `loop` its body may use.
    loops: HashMap<LoopId, LoopGen>,
    /// How many expansions enclose the block.
    depth: usize,
}

impl<'a> Generator<'a> {
    /// The output of a macro, `caller()` or (never reached: the check stage refuses it)
    /// `loop(…)` call as a value: a string of safe markup.
    pub(super) fn value_call(&mut self, expr: &Expr) -> TokenStream {
        let buffer = self.fresh("macro_out");
        let outer = std::mem::replace(&mut self.writer, buffer.clone());
        let code = match &expr.kind {
            ExprKind::Macro(call) => self.expand_macro(call, None),
            ExprKind::Caller(call) => self.call_caller(call),
            _ => TokenStream::new(),
        };
        self.writer = outer;
        quote! {{
            let mut #buffer = ::kiln::__private::std::string::String::new();
            {
                let #buffer = &mut #buffer;
                #code
            }
            ::kiln::__private::Safe(#buffer)
        }}
    }

    /// `{% call(params) m(args) %}body{% endcall %}`.
    pub(super) fn call_block(&mut self, call: &MacroCall, caller: &'a Caller) -> TokenStream {
        let site = CallSite {
            caller,
            escaping: self.file_escaping,
            loops: self.loops.clone(),
            depth: self.macros.len(),
        };
        self.expand_macro(call, Some(site))
    }

    /// Writes the output of a macro call to the current writer.
    pub(super) fn expand_macro(
        &mut self,
        call: &MacroCall,
        caller: Option<CallSite<'a>>,
    ) -> TokenStream {
        let values: Vec<TokenStream> = call.args.iter().map(|a| self.macro_arg(a)).collect();
        let writer = self.writer.clone();
        // A call from inside the macro's own expansion recurses through its handle (the
        // check stage refuses a `call` block there).
        if let Some(active) = self.macros.iter().rev().find(|e| e.id == call.id) {
            let recurse = active.recurse.clone();
            return quote! { #recurse((#(#values,)*), #writer)?; };
        }
        let checked = self.checked;
        let def = checked.macro_(call.id);
        let recurse = self.fresh("recurse");
        let out = self.fresh("out");
        let saved_loops = std::mem::take(&mut self.loops);
        let saved_writer = std::mem::replace(&mut self.writer, out.clone());
        let saved_escaping =
            std::mem::replace(&mut self.file_escaping, (self.options.escaping)(def.file));
        let params: Vec<Ident> = def.params.iter().map(|p| self.local(*p)).collect();
        // The parameters this call leaves out are undefined in this expansion: tests on
        // them are decided here, and the branches they rule out are not generated.
        let mut undefined = self.undefined.clone();
        for (param, arg) in def.params.iter().zip(&call.args) {
            if arg.kind == ExprKind::Undefined {
                undefined.insert(*param);
            } else {
                undefined.remove(param);
            }
        }
        let saved_undefined = std::mem::replace(&mut self.undefined, undefined);
        // A dict passed in is still a dict in the body: `attrs.class` reads its item.
        let shapes: Vec<_> = call.args.iter().map(|arg| self.shape(arg)).collect();
        for (param, shape) in def.params.iter().zip(shapes) {
            self.bind_shape_of(*param, shape);
        }
        self.macros.push(Expansion {
            id: call.id,
            recurse: recurse.clone(),
            caller,
        });
        let body = self.nodes(&def.body);
        self.macros.pop();
        self.undefined = saved_undefined;
        self.loops = saved_loops;
        self.writer = saved_writer;
        self.file_escaping = saved_escaping;
        let location = self.location(call.span);
        quote! {
            ::kiln::__private::located(
                ::kiln::__private::call_macro(
                    (#(#values,)*),
                    |#recurse, (#(#params,)*), #out| {
                        #body
                        ::kiln::__private::core::result::Result::Ok(())
                    },
                    #writer,
                ),
                #location,
            )?;
        }
    }

    /// One argument. Values of primitive types (numbers, strings, `bool`, `Option`s of
    /// those) are passed as `Val`s, so that a parameter has one type whether it comes from a
    /// field, a literal default or `depth + 1` in a recursive call; other values are passed
    /// by reference.
    fn macro_arg(&mut self, arg: &Expr) -> TokenStream {
        if arg.kind == ExprKind::Undefined {
            return quote! { ::kiln::__private::Undefined };
        }
        let is_operand = match &arg.kind {
            ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Unary(..) => true,
            ExprKind::Binary(op, ..) => op.is_arithmetic(),
            _ => false,
        };
        if is_operand {
            // Owned, so it does not borrow the temporaries it was computed from.
            let value = self.operand(arg);
            return quote! { (#value).into_owned() };
        }
        let value = self.expr(arg);
        quote! { (&&&::kiln::__private::Arg(&(#value))).kiln_arg() }
    }

    /// `caller(args)`: the `call` block's body, generated where the macro calls it.
    pub(super) fn call_caller(&mut self, call: &CallerCall) -> TokenStream {
        let Some(site) = self.macros.last().and_then(|e| e.caller.clone()) else {
            // The check stage refuses a macro that uses `caller()` without a `call` block.
            return TokenStream::new();
        };
        let caller = site.caller;
        let Some((_, sources)) = caller.calls.iter().find(|(span, _)| *span == call.span) else {
            return TokenStream::new();
        };
        let values: Vec<TokenStream> = caller
            .params
            .iter()
            .zip(sources)
            .map(|((_, default), source)| match source {
                ArgSource::Given(i) => match call.args.get(*i) {
                    Some(arg) => self.macro_arg(arg),
                    None => quote! { ::kiln::__private::Undefined },
                },
                // A parameter the call leaves out, without a default: undefined.
                ArgSource::Default => match default {
                    Some(default) => self.macro_arg(default),
                    None => quote! { ::kiln::__private::Undefined },
                },
            })
            .collect();
        // The body belongs to the call site: its loops, its macros, its escaping.
        let saved_macros = self.macros.split_off(site.depth.min(self.macros.len()));
        let saved_escaping = std::mem::replace(&mut self.file_escaping, site.escaping);
        let saved_loops = std::mem::replace(&mut self.loops, site.loops);
        let params: Vec<Ident> = caller
            .params
            .iter()
            .map(|(id, _)| self.local(*id))
            .collect();
        let body = self.nodes(&caller.body);
        self.macros.extend(saved_macros);
        self.file_escaping = saved_escaping;
        self.loops = saved_loops;
        // A `match` keeps the arguments' temporaries (e.g. `loop.index`) alive for the body.
        quote! {
            match (#(#values,)*) {
                (#(#params,)*) => { #body }
            }
        }
    }
}
