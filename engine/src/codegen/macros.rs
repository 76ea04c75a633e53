//! Macros: `{% macro %}` definitions called as `name(args)`, `module.name(args)`, or with a
//! `{% call %}` block whose body is `caller()`.
//!
//! Each call expands the macro's body into a closure run by `kiln::__private::call_macro`.
//! The arguments are passed first, so rustc knows their types when it checks the closure:
//! the body is type-checked for the types at that call, with no annotations. A call of a
//! macro from inside its own expansion (recursion, direct or mutual) goes through the
//! handle the closure receives instead of expanding again. `caller()` inlines the call
//! block's body, with the locals of the call site.

use std::sync::Arc;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Generator, LoopUse, Scope};

use crate::ast::{Args, Expr, Param, SExpr};
use crate::diagnostic::{backticked, Diagnostic};
use crate::source::{FileId, Span};
use crate::tree::{CallBlock, Macro, Node};

/// A macro whose body is being generated.
pub(super) struct Expansion {
    /// The macro.
    name: String,
    /// The file that defines it.
    file: FileId,
    /// The handle that calls it again.
    recurse: Ident,
    /// The `{% call %}` block it was called with, if any.
    caller: Option<Caller>,
    /// The call, for errors that are the caller's to fix.
    call: Span,
}

/// A `{% call %}` block's body, with the context of the call site it must be generated in.
#[derive(Clone)]
struct Caller {
    params: Vec<Param>,
    body: Vec<Node>,
    scopes: Vec<Scope>,
    loops: Vec<(LoopUse, Ident)>,
    escaping: super::Escaping,
    /// Macro expansions enclosing the call site.
    depth: usize,
}

/// What a call expression calls.
pub(super) enum Callee {
    Macro(Arc<Macro>),
    Caller,
}

impl Generator<'_> {
    /// If `callee` names a macro (or `caller`) in the file of the call, what it calls.
    pub(super) fn callee(
        &self,
        callee: &SExpr,
        file: FileId,
    ) -> Result<Option<Callee>, Diagnostic> {
        match &callee.node {
            Expr::Var(name) if self.lookup(name).is_none() => {
                if name == "caller" {
                    return Ok(Some(Callee::Caller));
                }
                Ok(self
                    .options
                    .scopes
                    .macro_named(file, name)
                    .map(Callee::Macro))
            }
            Expr::Attr(module, name) => match &module.node {
                Expr::Var(alias)
                    if self.lookup(alias).is_none()
                        && self.options.scopes.is_module(file, alias) =>
                {
                    match self.options.scopes.module_macro(file, alias, &name.node) {
                        Ok(m) => Ok(Some(Callee::Macro(m))),
                        Err(known) => Err(Diagnostic::new(
                            format!("`{alias}` has no macro `{}`", name.node),
                            name.span,
                        )
                        .suggest(&name.node, known.iter().map(String::as_str))
                        .or_help(format!("its macros are {}", backticked(&known)))),
                    }
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// Writes the output of a macro or `caller()` call to the current writer.
    pub(super) fn print_call(
        &mut self,
        callee: Callee,
        args: &Args,
        call: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        match callee {
            Callee::Macro(m) => self.expand_macro(&m, args, call, None),
            Callee::Caller => self.call_caller(args, call),
        }
    }

    /// The output of a macro or `caller()` call as a value: a string of safe markup.
    pub(super) fn value_call(
        &mut self,
        callee: Callee,
        args: &Args,
        call: &SExpr,
    ) -> Result<TokenStream, Diagnostic> {
        let buffer = self.fresh("macro_out");
        let outer = std::mem::replace(&mut self.writer, buffer.clone());
        self.captures += 1;
        let code = self.print_call(callee, args, call);
        self.captures -= 1;
        self.writer = outer;
        let code = code?;
        Ok(quote! {{
            let mut #buffer = ::kiln::__private::std::string::String::new();
            {
                let #buffer = &mut #buffer;
                #code
            }
            ::kiln::__private::Safe(#buffer)
        }})
    }

    /// `{% call(params) m(args) %}body{% endcall %}`.
    pub(super) fn call_block(&mut self, block: &CallBlock) -> Result<TokenStream, Diagnostic> {
        let Expr::Call(callee, args) = &block.call.node else {
            return Err(Diagnostic::new(
                "`call` needs a macro call",
                block.call.span,
            ));
        };
        let Some(Callee::Macro(m)) = self.callee(callee, block.call.span.file)? else {
            return Err(self.not_a_macro(callee, block.call.span.file));
        };
        let caller = Caller {
            params: block.params.clone(),
            body: block.body.clone(),
            scopes: self.scopes.clone(),
            loops: self.loops.clone(),
            escaping: self.file_escaping,
            depth: self.macros.len(),
        };
        self.expand_macro(&m, args, &block.call, Some(caller))
    }

    /// The error for `{% call x() %}` where `x` is not a macro.
    fn not_a_macro(&self, callee: &SExpr, file: FileId) -> Diagnostic {
        let name = match &callee.node {
            Expr::Var(name) => name.clone(),
            Expr::Attr(_, name) => name.node.clone(),
            _ => "this".to_owned(),
        };
        let known = self.options.scopes.names_in(file);
        Diagnostic::new(format!("unknown macro `{name}`"), callee.span)
            .suggest(&name, known.iter().map(String::as_str))
            .or_help(if known.is_empty() {
                "no macros are defined or imported in this template".to_owned()
            } else {
                format!("the macros here are {}", backticked(&known))
            })
    }

    fn expand_macro(
        &mut self,
        m: &Macro,
        args: &Args,
        call: &SExpr,
        caller: Option<Caller>,
    ) -> Result<TokenStream, Diagnostic> {
        let values = self.macro_args(m, args, call)?;
        let writer = self.writer.clone();
        let file = m.span.file;
        // A call from inside the macro's own expansion recurses through its handle.
        if let Some(active) = self
            .macros
            .iter()
            .rev()
            .find(|e| e.name == m.name.node && e.file == file)
        {
            if caller.is_some() {
                return Err(Diagnostic::new(
                    format!(
                        "macro `{}` cannot call itself with a `call` block",
                        m.name.node
                    ),
                    call.span,
                ));
            }
            let recurse = active.recurse.clone();
            return Ok(quote! { #recurse((#(#values,)*), #writer)?; });
        }

        let recurse = self.fresh("recurse");
        let out = self.fresh("out");
        let saved_scopes = std::mem::replace(&mut self.scopes, vec![Scope::default()]);
        let saved_loops = std::mem::take(&mut self.loops);
        let saved_floor = std::mem::take(&mut self.loop_floor);
        let saved_writer = std::mem::replace(&mut self.writer, out.clone());
        let saved_escaping =
            std::mem::replace(&mut self.file_escaping, (self.options.escaping)(file));
        let params: Vec<Ident> = m.params.iter().map(|p| self.bind(&p.name)).collect();
        self.macros.push(Expansion {
            name: m.name.node.clone(),
            file,
            recurse: recurse.clone(),
            caller,
            call: call.span,
        });
        let body = self.nodes(&m.body);
        self.macros.pop();
        self.scopes = saved_scopes;
        self.loops = saved_loops;
        self.loop_floor = saved_floor;
        self.writer = saved_writer;
        self.file_escaping = saved_escaping;
        let body = body?;
        let location = self.location(call.span);
        Ok(quote! {
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
        })
    }

    /// Matches the call's arguments to the macro's parameters; defaults fill the rest.
    fn macro_args(
        &mut self,
        m: &Macro,
        args: &Args,
        call: &SExpr,
    ) -> Result<Vec<TokenStream>, Diagnostic> {
        self.bind_params("macro", &m.name.node, &m.params, args, call.span)
    }

    /// Arguments of a macro or `caller()` call, in parameter order.
    fn bind_params(
        &mut self,
        what: &str,
        name: &str,
        params: &[Param],
        args: &Args,
        span: Span,
    ) -> Result<Vec<TokenStream>, Diagnostic> {
        let signature = || {
            let list: Vec<String> = params
                .iter()
                .map(|p| match p.default {
                    Some(_) => format!("{}=…", p.name.node),
                    None => p.name.node.clone(),
                })
                .collect();
            format!("`{name}` is declared as `{name}({})`", list.join(", "))
        };
        if args.positional.len() > params.len() {
            return Err(Diagnostic::new(
                format!(
                    "{what} `{name}` takes {} argument{}, but {} were given",
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    args.positional.len()
                ),
                args.positional[params.len()].span,
            )
            .with_help(signature()));
        }
        for (kw, _) in &args.keyword {
            match params.iter().position(|p| p.name.node == kw.node) {
                None => {
                    return Err(Diagnostic::new(
                        format!("{what} `{name}` has no parameter `{}`", kw.node),
                        kw.span,
                    )
                    .suggest(&kw.node, params.iter().map(|p| p.name.node.as_str()))
                    .or_help(signature()))
                }
                Some(i) if i < args.positional.len() => {
                    return Err(Diagnostic::new(
                        format!("argument `{}` is given twice", kw.node),
                        kw.span,
                    ))
                }
                Some(_) => {}
            }
        }
        let mut values = Vec::with_capacity(params.len());
        for (i, param) in params.iter().enumerate() {
            let given = args.positional.get(i).or_else(|| {
                args.keyword
                    .iter()
                    .find(|(k, _)| k.node == param.name.node)
                    .map(|(_, v)| v)
            });
            let value = match (given, &param.default) {
                (Some(arg), _) | (None, Some(arg)) => self.macro_arg(arg)?,
                (None, None) => {
                    return Err(Diagnostic::new(
                        format!("{what} `{name}` needs the argument `{}`", param.name.node),
                        span,
                    )
                    .with_help(signature()))
                }
            };
            values.push(value);
        }
        Ok(values)
    }

    /// One argument. Values of primitive types (numbers, strings, `bool`, `Option`s of
    /// those) are passed as `Val`s, so that a parameter has one type whether it comes from a
    /// field, a literal default or `depth + 1` in a recursive call; other values are passed
    /// by reference.
    fn macro_arg(&mut self, arg: &SExpr) -> Result<TokenStream, Diagnostic> {
        let is_operand = match &arg.node {
            Expr::Int(_)
            | Expr::Float(_)
            | Expr::Str(_)
            | Expr::Bool(_)
            | Expr::None
            | Expr::Unary(..) => true,
            Expr::Binary(op, ..) => op.is_arithmetic(),
            _ => false,
        };
        if is_operand {
            // Owned, so it does not borrow the temporaries it was computed from.
            let value = self.operand(arg)?;
            return Ok(quote! { (#value).into_owned() });
        }
        let value = self.expr(arg)?;
        Ok(quote! { (&::kiln::__private::Arg(&(#value))).kiln_arg() })
    }

    /// `caller(args)`: the call block's body, generated where the macro calls it.
    fn call_caller(&mut self, args: &Args, call: &SExpr) -> Result<TokenStream, Diagnostic> {
        let Some(caller) = self.macros.last().and_then(|e| e.caller.clone()) else {
            let Some(expansion) = self.macros.last() else {
                return Err(Diagnostic::new(
                    "`caller()` is only defined in a macro called with `{% call %}`",
                    call.span,
                ));
            };
            // The macro is fine; the call that expanded it lacks the body.
            let (line, _) = self.options.files.line_col(call.span.file, call.span.start);
            return Err(Diagnostic::new(
                format!(
                    "macro `{}` uses `caller()` but is not called with `{{% call %}}`",
                    expansion.name
                ),
                expansion.call,
            )
            .with_help(format!(
                "write `{{% call {}(…) %}}…{{% endcall %}}`: its body is what `caller()` on line \
                 {line} renders",
                expansion.name
            )));
        };
        let values = self.bind_params("`caller` of", "caller", &caller.params, args, call.span)?;
        // The body belongs to the call site: its locals, its loops, its macros.
        let saved_scopes = std::mem::replace(&mut self.scopes, caller.scopes.clone());
        let saved_loops = std::mem::replace(&mut self.loops, caller.loops.clone());
        let saved_floor = std::mem::replace(&mut self.loop_floor, caller.loops.len());
        let saved_macros = self.macros.split_off(caller.depth);
        let saved_escaping = std::mem::replace(&mut self.file_escaping, caller.escaping);
        self.scopes.push(Scope::default());
        let params: Vec<Ident> = caller.params.iter().map(|p| self.bind(&p.name)).collect();
        let body = self.nodes(&caller.body);
        self.scopes = saved_scopes;
        self.loops = saved_loops;
        self.loop_floor = saved_floor;
        self.macros.extend(saved_macros);
        self.file_escaping = saved_escaping;
        let body = body?;
        // A `match` keeps the arguments' temporaries (e.g. `loop.index`) alive for the body.
        Ok(quote! {
            match (#(#values,)*) {
                (#(#params,)*) => { #body }
            }
        })
    }
}
