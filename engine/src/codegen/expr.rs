//! Expressions: checked expressions to Rust expressions.
//!
//! Three shapes are produced. A *value* is the Rust value itself (a field, a local, a
//! method's result), printed or passed on. A *condition* is a `bool`, through `Truthy`.
//! An *operand* is a `Val` (numbers, strings) or an `Other` (any other type), which Jinja's
//! arithmetic and comparisons work on.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::loops::{first_ident, neighbour_idents};
use super::shape::Shape;
use super::Generator;
use crate::ast::{BinaryOp, UnaryOp};
use crate::checked::{Expr, ExprKind, LoopAttr};

impl Generator<'_> {
    /// The expression as a Rust value.
    pub(super) fn expr(&mut self, expr: &Expr) -> TokenStream {
        match &expr.kind {
            ExprKind::Str(s) => quote! { #s },
            ExprKind::CallerDefined => {
                let defined = self.has_caller();
                quote! { #defined }
            }
            ExprKind::Int(i) => {
                // Unsuffixed literals default to `i32`; wider values say their type so they
                // are not truncated where nothing else decides it (a filter's input).
                let lit = if i32::try_from(*i).is_ok() {
                    Literal::i128_unsuffixed(*i)
                } else if let Ok(i) = i64::try_from(*i) {
                    Literal::i64_suffixed(i)
                } else {
                    Literal::i128_suffixed(*i)
                };
                quote! { #lit }
            }
            ExprKind::Float(f) => {
                let lit = Literal::f64_suffixed(*f);
                quote! { #lit }
            }
            ExprKind::Bool(b) => quote! { #b },
            ExprKind::None => quote! { ::kiln::__private::Val::None },
            ExprKind::Undefined => quote! { ::kiln::__private::Undefined },
            ExprKind::Local(id) => {
                let ident = self.local(*id);
                quote! { #ident }
            }
            ExprKind::Namespace(id, values) => {
                let size = self.checked.namespaces[id.0 as usize].len();
                let mut slots =
                    vec![quote! { ::kiln::__private::core::option::Option::None }; size];
                for (index, value) in values {
                    let value = self.namespace_value(value);
                    if let Some(slot) = slots.get_mut(*index) {
                        *slot = quote! { ::kiln::__private::core::option::Option::Some(#value) };
                    }
                }
                quote! { ::kiln::__private::Namespace::<#size>::new([#(#slots),*]) }
            }
            ExprKind::NamespaceGet(object, index) => {
                let object = self.expr(object);
                quote! { #object.get(#index) }
            }
            ExprKind::Field(name) => {
                let ident = super::rust_ident(name);
                quote! { __kiln_self.#ident }
            }
            ExprKind::Path(segments) => {
                let key = segments.join("::");
                // `crate`, `self` and `super` are valid path segments, unlike variable names.
                let segments = segments.iter().map(|s| match s.as_str() {
                    "crate" | "self" | "super" | "Self" => format_ident!("{}", s),
                    _ => super::rust_ident(s),
                });
                // Recorded for hot reload, as a struct's methods are; still a place.
                quote! { ::kiln::__private::recorded_place!(#key, #(#segments)::*) }
            }
            ExprKind::Loop(id) => {
                let state = self.loop_state(*id);
                quote! { #state }
            }
            ExprKind::LoopAttr(id, attr) => self.loop_attr(*id, *attr),
            ExprKind::LoopCycle(id, items) => {
                // As operands, literals and fields of different string types share one type.
                let items: Vec<TokenStream> = items.iter().map(|i| self.operand(i)).collect();
                let state = self.loop_state(*id);
                quote! { #state.cycle(&[#(#items),*]) }
            }
            ExprKind::LoopCycleOf(id, items) => {
                let items = self.expr(items);
                let state = self.loop_state(*id);
                self.located(quote! { #state.cycle_of(&(#items)) }, expr.span)
            }
            ExprKind::LoopChanged(id, items) => {
                // One slot per value, declared before the loop, keeps an owned copy of the
                // value at this call's previous iteration. Every value is compared (no
                // short-circuit), so that each slot stays current. A slot is a `Cell`: the
                // call may be in a closure (a `call` block's body, a recursive loop's
                // `else`) that can only borrow it shared.
                let state = self.loop_state(*id);
                let mut calls = Vec::new();
                for item in items {
                    let value = self.expr(item);
                    let slot = self.fresh("changed");
                    self.loop_slots.push((
                        state.clone(),
                        quote! { let #slot = ::kiln::__private::core::cell::Cell::new(::kiln::__private::core::option::Option::None); },
                    ));
                    calls.push(quote! { ::kiln::__private::changed(&#slot, &(#value)) });
                }
                quote! { ::kiln::__private::any_changed([#(#calls),*]) }
            }
            // An empty list has no items to tell its type: a list of `Val`s.
            ExprKind::List(items) if items.is_empty() => quote! {
                ::kiln::__private::core::convert::identity::<[::kiln::__private::Val<'static>; 0]>([])
            },
            ExprKind::List(items) => {
                // Literals of different kinds (`[1, "a", none]`) share one type as `Val`s.
                let items = if mixed_literals(items) {
                    items.iter().map(|i| self.operand(i)).collect::<Vec<_>>()
                } else {
                    items.iter().map(|i| self.expr(i)).collect::<Vec<_>>()
                };
                quote! { [#(#items),*] }
            }
            ExprKind::Tuple(items) => {
                let items = items.iter().map(|i| self.expr(i)).collect::<Vec<_>>();
                quote! { (#(#items,)*) }
            }
            ExprKind::Dict(entries) => self.dict(entries),
            ExprKind::Cycler(items) => {
                let items: Vec<TokenStream> =
                    items.iter().map(|i| self.namespace_value(i)).collect();
                quote! {
                    ::kiln::__private::Cycler::new(
                        ::kiln::__private::std::vec::Vec::from([#(#items),*]),
                    )
                }
            }
            ExprKind::Joiner(separator) => {
                let separator = match separator {
                    Some(separator) => self.namespace_value(separator),
                    None => quote! {
                        ::kiln::__private::Val::Str(::kiln::__private::std::borrow::Cow::Borrowed(", "))
                    },
                };
                quote! { ::kiln::__private::joiner(#separator) }
            }
            ExprKind::Attr(obj, attr)
                if attr.node == "current" && self.shape(obj) == super::shape::Shape::Cycler =>
            {
                let obj = self.expr(obj);
                quote! { (#obj).current() }
            }
            ExprKind::Rendered(index) => {
                let checked = self.checked;
                match checked.rendered.get(*index) {
                    Some(body) => self.capture(body),
                    None => {
                        quote! { ::kiln::__private::Safe(::kiln::__private::std::string::String::new()) }
                    }
                }
            }
            ExprKind::Attr(obj, attr) if self.is_item_attr(expr) => {
                // Python's getattr falls back to the item: `{"a": 1}.a` is 1, and so is
                // `config.a` on a Rust map and `items.0` on a list; undefined if there
                // is none.
                let list = matches!(self.shape(obj), Shape::List(_));
                let obj = self.expr(obj);
                match attr.node.parse::<i64>() {
                    Ok(index) if list => {
                        let index = Literal::i64_suffixed(index);
                        quote! { ::kiln::__private::get_item(&(#obj), #index) }
                    }
                    _ => {
                        let key = &attr.node;
                        quote! { (#obj).kiln_item(#key) }
                    }
                }
            }
            ExprKind::Attr(obj, attr) => {
                // Jinja2's names for the items of a `groupby` group, a Rust tuple here.
                let group_field = self.shape(obj).group_field(&attr.node);
                let obj = self.attr_object(obj);
                match group_field {
                    Some(index) => {
                        let index = syn::Index::from(index as usize);
                        quote! { (#obj).#index }
                    }
                    None => {
                        let attr = attr_ident(&attr.node);
                        quote! { (#obj).#attr }
                    }
                }
            }
            ExprKind::Index(obj, key) => {
                let obj = self.expr(obj);
                let key = self.expr(key);
                // A `Maybe`: Jinja's undefined where there is no such item.
                quote! { ::kiln::__private::get_item(&(#obj), #key) }
            }
            ExprKind::Slice(value, parts) => {
                let value = self.expr(value);
                let parts: Vec<TokenStream> = parts
                    .iter()
                    .map(|part| match part {
                        Some(part) => {
                            let part = self.expr(part);
                            quote! { ::kiln::__private::core::option::Option::Some(&(#part)) }
                        }
                        None => quote! { ::kiln::__private::core::option::Option::None::<&i64> },
                    })
                    .collect();
                self.located(
                    quote! { ::kiln::__private::slice(&(#value), #(#parts),*) },
                    expr.span,
                )
            }
            ExprKind::Method(obj, method, args)
                if method.node == "get"
                    && (1..=2).contains(&args.len())
                    && self.shape(obj).is_dict() =>
            {
                let obj = self.expr(obj);
                let key = self.expr(&args[0]);
                match args.get(1) {
                    Some(default) => {
                        let default = self.expr(default);
                        quote! { ::kiln::__private::get_or(&(#obj), #key, #default) }
                    }
                    None => quote! { (#obj).get(&(#key)) },
                }
            }
            ExprKind::Method(obj, method, args)
                if crate::builtins::is_py_method(&method.node, args.len()) =>
            {
                // Python's method on strings; through `Py`'s dereference, the value's own
                // method of that name on any other type.
                let obj = self.expr(obj);
                let name = attr_ident(&method.node);
                let args: Vec<TokenStream> =
                    args.iter().map(|a| self.value_for_binding(a)).collect();
                let arity = format_ident!("PyArgs{}", args.len());
                let call = quote! {{
                    use ::kiln::__private::py::{#arity as _, ViaLiftResult as _, ViaLiftValue as _};
                    let __kiln_called = ::kiln::__private::py::Py(&(#obj)).#name(#(#args),*);
                    (&&::kiln::__private::py::Lift(&__kiln_called)).kiln_lift().lift(__kiln_called)
                }};
                self.located(call, expr.span)
            }
            ExprKind::Method(obj, method, args) => {
                // `user.name()` on a field: its value is recorded for hot reload.
                let key = match &obj.kind {
                    ExprKind::Field(field) if args.is_empty() => {
                        Some(format!("{field}.{}()", method.node))
                    }
                    _ => None,
                };
                let obj = self.attr_object(obj);
                let method = attr_ident(&method.node);
                let args = args.iter().map(|a| self.expr(a)).collect::<Vec<_>>();
                let call = quote! { (#obj).#method(#(#args),*) };
                match key {
                    Some(key) => quote! { ::kiln::__private::recorded!(#key, #call) },
                    None => call,
                }
            }
            ExprKind::SelfMethod(name, args) => {
                let recorded = args.is_empty().then(|| format!("{}()", name.node));
                let args = args.iter().map(|a| self.expr(a)).collect::<Vec<_>>();
                let call = self.struct_method(name, args);
                match recorded {
                    Some(key) => quote! { ::kiln::__private::recorded!(#key, #call) },
                    None => call,
                }
            }
            ExprKind::CallValue(callee, args) => {
                let callee = self.expr(callee);
                let args = args.iter().map(|a| self.expr(a)).collect::<Vec<_>>();
                quote! { (#callee)(#(#args),*) }
            }
            ExprKind::Range(args) => {
                let values = args.iter().map(|a| self.expr(a)).collect::<Vec<_>>();
                let none = quote! { ::kiln::__private::core::option::Option::None::<&i64> };
                let some = quote! { ::kiln::__private::core::option::Option::Some };
                let call = match values.as_slice() {
                    [stop] => quote! { ::kiln::__private::range(&(#stop), #none, #none) },
                    [start, stop] => {
                        quote! { ::kiln::__private::range(&(#start), #some(&(#stop)), #none) }
                    }
                    [start, stop, step, ..] => {
                        quote! { ::kiln::__private::range(&(#start), #some(&(#stop)), #some(&(#step))) }
                    }
                    [] => quote! { ::kiln::__private::range(&0i64, #none, #none) },
                };
                self.located(call, expr.span)
            }
            ExprKind::Macro(_) | ExprKind::Caller(_) | ExprKind::Recurse(..) => {
                self.value_call(expr)
            }
            ExprKind::Filter(filter) => self.filter(filter, expr.span),
            ExprKind::Test(test) => self.test(test, expr.span),
            ExprKind::Unary(UnaryOp::Not, _)
            | ExprKind::Binary(BinaryOp::And | BinaryOp::Or, ..) => self.condition(expr),
            ExprKind::Binary(op, ..) if op.is_comparison() => self.condition(expr),
            // `-1` is a literal, so it keeps a literal's flexible type (a filter's `i128`
            // parameter, an `i64` comparison) instead of becoming a `Val`.
            ExprKind::Unary(UnaryOp::Neg, operand)
                if matches!(operand.kind, ExprKind::Int(_) | ExprKind::Float(_)) =>
            {
                let value = self.expr(operand);
                quote! { -#value }
            }
            ExprKind::Unary(op, operand) => {
                let operand = self.operand(operand);
                let f = if *op == UnaryOp::Neg {
                    quote! { neg }
                } else {
                    quote! { pos }
                };
                self.located(quote! { ::kiln::__private::ops::#f(#operand) }, expr.span)
            }
            ExprKind::Binary(BinaryOp::Range, lhs, rhs) => {
                let (lhs, rhs) = (self.expr(lhs), self.expr(rhs));
                quote! { (#lhs)..(#rhs) }
            }
            ExprKind::Concat { parts, markup } => {
                let parts = parts.iter().map(|p| self.expr(p)).collect::<Vec<_>>();
                let escaper = if *markup {
                    self.escaper()
                } else {
                    quote! { ::kiln::__private::Text }
                };
                let result = if *markup {
                    quote! { ::kiln::__private::Safe(__kiln_concat) }
                } else {
                    quote! { __kiln_concat }
                };
                quote! {{
                    let mut __kiln_concat = ::kiln::__private::std::string::String::new();
                    #( (&::kiln::__private::Wrap(&(#parts))).kiln_write(&mut __kiln_concat, #escaper)?; )*
                    #result
                }}
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let (lhs, rhs) = (self.operand(lhs), self.operand(rhs));
                let f = match op {
                    BinaryOp::Add => "add",
                    BinaryOp::Sub => "sub",
                    BinaryOp::Mul => "mul",
                    BinaryOp::Div => "div",
                    BinaryOp::FloorDiv => "floordiv",
                    BinaryOp::Rem => "rem",
                    _ => "pow",
                };
                let f = format_ident!("{}", f);
                self.located(quote! { ::kiln::__private::ops::#f(#lhs, #rhs) }, expr.span)
            }
            ExprKind::Cond {
                cond,
                then,
                otherwise,
            } => match (self.const_condition(cond), otherwise) {
                (Some(true), _) => self.expr(then),
                (Some(false), Some(otherwise)) => self.expr(otherwise),
                (Some(false), None) => quote! { ::kiln::__private::Undefined },
                (None, Some(otherwise)) => {
                    let test = self.condition(cond);
                    let (then, otherwise) = (self.expr(then), self.expr(otherwise));
                    quote! { if #test { #then } else { #otherwise } }
                }
                // Without `else`, the value may be undefined: a `Maybe`.
                (None, None) => {
                    let test = self.condition(cond);
                    let then = self.value_for_binding(then);
                    quote! {
                        if #test {
                            ::kiln::__private::Maybe(::kiln::__private::core::option::Option::Some(#then))
                        } else {
                            ::kiln::__private::Maybe(::kiln::__private::core::option::Option::None)
                        }
                    }
                }
            },
        }
    }

    /// The expression as a `bool`, with Jinja's truthiness.
    pub(super) fn condition(&mut self, expr: &Expr) -> TokenStream {
        if let Some(known) = self.const_condition(expr) {
            return quote! { #known };
        }
        match &expr.kind {
            ExprKind::Bool(b) => quote! { #b },
            // A test is a `bool` already.
            ExprKind::Test(_) => self.expr(expr),
            ExprKind::Unary(UnaryOp::Not, operand) => {
                let test = self.condition(operand);
                quote! { !(#test) }
            }
            ExprKind::Binary(BinaryOp::And, lhs, rhs) => {
                let (lhs, rhs) = (self.condition(lhs), self.condition(rhs));
                quote! { (#lhs && #rhs) }
            }
            ExprKind::Binary(BinaryOp::Or, lhs, rhs) => {
                let (lhs, rhs) = (self.condition(lhs), self.condition(rhs));
                quote! { (#lhs || #rhs) }
            }
            ExprKind::Binary(op @ (BinaryOp::Eq | BinaryOp::Ne), lhs, rhs) => {
                let (lhs, rhs) = (self.operand(lhs), self.operand(rhs));
                let f = if *op == BinaryOp::Eq {
                    quote! { eq }
                } else {
                    quote! { ne }
                };
                quote! { ::kiln::__private::ops::#f(#lhs, #rhs) }
            }
            ExprKind::Binary(
                op @ (BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge),
                lhs,
                rhs,
            ) => {
                let (lhs, rhs) = (self.operand(lhs), self.operand(rhs));
                let f = format_ident!(
                    "{}",
                    match op {
                        BinaryOp::Lt => "lt",
                        BinaryOp::Le => "le",
                        BinaryOp::Gt => "gt",
                        _ => "ge",
                    }
                );
                self.located(quote! { ::kiln::__private::ops::#f(#lhs, #rhs) }, expr.span)
            }
            ExprKind::Binary(op @ (BinaryOp::In | BinaryOp::NotIn), needle, haystack) => {
                let needle = self.operand(needle);
                let haystack = self.expr(haystack);
                let test = self.located(
                    quote! { ::kiln::__private::ops::contains(&(#haystack), #needle) },
                    expr.span,
                );
                if *op == BinaryOp::In {
                    test
                } else {
                    quote! { !(#test) }
                }
            }
            _ => {
                let value = self.expr(expr);
                quote! { (&&&::kiln::__private::Truth(&(#value))).kiln_true() }
            }
        }
    }

    /// The expression as an operand of arithmetic or comparison.
    pub(super) fn operand(&mut self, expr: &Expr) -> TokenStream {
        match &expr.kind {
            ExprKind::Int(i) => {
                let lit = Literal::i128_suffixed(*i);
                quote! { ::kiln::__private::Val::Int(#lit) }
            }
            ExprKind::Float(f) => {
                let lit = Literal::f64_suffixed(*f);
                quote! { ::kiln::__private::Val::Float(#lit) }
            }
            ExprKind::Str(s) => {
                quote! { ::kiln::__private::Val::Str(::kiln::__private::std::borrow::Cow::Borrowed(#s)) }
            }
            ExprKind::Bool(b) => quote! { ::kiln::__private::Val::Bool(#b) },
            ExprKind::None | ExprKind::Undefined => quote! { ::kiln::__private::Val::None },
            // A negative literal is a plain literal in value position; here it is a `Val`.
            ExprKind::Unary(UnaryOp::Neg, inner)
                if matches!(inner.kind, ExprKind::Int(_) | ExprKind::Float(_)) =>
            {
                let value = self.operand(inner);
                self.located(quote! { ::kiln::__private::ops::neg(#value) }, expr.span)
            }
            // Arithmetic already yields a `Val`.
            ExprKind::Binary(op, ..) if op.is_arithmetic() => self.expr(expr),
            ExprKind::Unary(UnaryOp::Neg | UnaryOp::Pos, _) => self.expr(expr),
            _ => {
                let value = self.expr(expr);
                quote! { (&::kiln::__private::Op(&(#value))).kiln_op() }
            }
        }
    }

    /// A value held by a namespace: a `Val` that owns its text.
    pub(super) fn namespace_value(&mut self, value: &Expr) -> TokenStream {
        let operand = self.operand(value);
        quote! { (#operand).into_owned() }
    }

    /// The expression as something to iterate. Places and literals go through `Iterable`
    /// (Jinja's meaning: map keys, string characters; through any number of `&`). Other
    /// expressions (method calls, `range`, filters) produce iterators or collections and are
    /// iterated by value with `IntoIterator`.
    pub(super) fn iterable(&mut self, expr: &Expr) -> TokenStream {
        let value = self.expr(expr);
        if let ExprKind::Tuple(items) = &expr.kind {
            // A tuple is iterated like a list (`for x in (1, 2, 3)`).
            let list = Expr::new(ExprKind::List(items.clone()), expr.span);
            return self.iterable(&list);
        }
        if matches!(expr.kind, ExprKind::Index(..)) || self.is_item_attr(expr) {
            // A `Maybe` that borrows the container: its items, or none if it is undefined.
            return quote! { ::kiln::__private::iter_maybe(#value) };
        }
        let by_reference = self.is_place(expr)
            || matches!(
                expr.kind,
                ExprKind::Str(_) | ExprKind::List(_) | ExprKind::Tuple(_) | ExprKind::Dict(_)
            );
        if by_reference {
            quote! { (#value).kiln_iter() }
        } else {
            value
        }
    }

    /// Whether `expr` names a place the value lives in (a field, a local, an attribute), to
    /// be borrowed rather than moved. An item of a dict is a `Maybe` that borrows it.
    pub(super) fn is_place(&self, expr: &Expr) -> bool {
        is_place(expr) && !self.is_item_attr(expr)
    }

    /// Whether `expr` is `value.key` read as an item: on a dict, a Rust map, or a list
    /// by index (a `Maybe`, not a place).
    fn is_item_attr(&self, expr: &Expr) -> bool {
        matches!(&expr.kind, ExprKind::Attr(object, attr)
            if self.shape(object).reads_items(&attr.node))
    }

    /// A dict literal. Keys that are all strings written in the template are `&str`s, any
    /// other keys `Val`s; repeated literal keys were merged by the check stage, others are
    /// merged as the dict is built.
    fn dict(&mut self, entries: &[(Expr, Expr)]) -> TokenStream {
        if entries.is_empty() {
            return quote! {
                ::kiln::__private::Dict::<&'static str, ::kiln::__private::Val<'static>>::new()
            };
        }
        let literal_keys = entries.iter().all(|(key, _)| is_literal(key));
        let string_keys = entries
            .iter()
            .all(|(key, _)| matches!(key.kind, ExprKind::Str(_)));
        let entries: Vec<TokenStream> = entries
            .iter()
            .map(|(key, value)| {
                let key = if string_keys {
                    self.expr(key)
                } else {
                    let operand = self.operand(key);
                    quote! { (#operand).into_owned() }
                };
                let value = self.dict_value(value);
                quote! { (#key, #value) }
            })
            .collect();
        if literal_keys {
            quote! { ::kiln::__private::Dict::from_distinct([#(#entries),*]) }
        } else {
            quote! { ::kiln::__private::dict([#(#entries),*]) }
        }
    }

    /// A value held by a dict: values of primitive types (numbers, strings, `bool`, `none`)
    /// become `Val`s, so that a dict's values share one type whatever their kinds; places
    /// are borrowed, and other values (a filter's result) are kept, owned.
    fn dict_value(&mut self, value: &Expr) -> TokenStream {
        if is_literal(value)
            || matches!(value.kind, ExprKind::Unary(..))
            || matches!(&value.kind, ExprKind::Binary(op, ..) if op.is_arithmetic())
        {
            let operand = self.operand(value);
            return quote! { (#operand).into_owned() };
        }
        let tokens = self.expr(value);
        if self.is_place(value) {
            return quote! { (&&&::kiln::__private::Arg(&(#tokens))).kiln_arg() };
        }
        if matches!(
            value.kind,
            ExprKind::Dict(_) | ExprKind::List(_) | ExprKind::Tuple(_)
        ) {
            return tokens;
        }
        quote! {{
            let __kiln_value = #tokens;
            (&&::kiln::__private::Keep(&__kiln_value)).kiln_keep().keep(__kiln_value)
        }}
    }

    /// The expression as the value of `set`: places are borrowed, temporaries moved.
    pub(super) fn value_for_binding(&mut self, expr: &Expr) -> TokenStream {
        let value = self.expr(expr);
        if self.is_place(expr) {
            quote! { &(#value) }
        } else {
            value
        }
    }

    /// `loop.<attr>` of loop `id`.
    fn loop_attr(&mut self, id: crate::checked::LoopId, attr: LoopAttr) -> TokenStream {
        let state = self.loop_state(id);
        let recursion = self.loops.get(&id).and_then(|l| l.recursion.clone());
        match attr {
            LoopAttr::First => {
                let first = first_ident(&state);
                quote! { #first }
            }
            LoopAttr::PrevItem => {
                let (prev, _) = neighbour_idents(&state);
                quote! { #prev }
            }
            LoopAttr::NextItem => {
                let (_, next) = neighbour_idents(&state);
                quote! { #next }
            }
            // Only a recursive loop nests in itself.
            LoopAttr::Depth => match recursion {
                Some((_, depth)) => quote! { #depth },
                None => quote! { 1usize },
            },
            LoopAttr::Depth0 => match recursion {
                Some((_, depth)) => quote! { (#depth - 1) },
                None => quote! { 0usize },
            },
            LoopAttr::Method(method) => {
                let method = format_ident!("{}", method);
                quote! { #state.#method() }
            }
        }
    }

    /// The object of `.attr` or `.method()`. A filter's result or a local may be a `Maybe`
    /// (`(users|first).name`): it is unwrapped, failing as Jinja2 does when it is missing.
    /// Fields are used directly.
    fn attr_object(&mut self, obj: &Expr) -> TokenStream {
        let value = self.expr(obj);
        let may_be_missing = matches!(
            obj.kind,
            ExprKind::Filter(_)
                | ExprKind::Index(..)
                | ExprKind::Local(_)
                | ExprKind::LoopAttr(_, LoopAttr::PrevItem | LoopAttr::NextItem)
        ) || self.is_item_attr(obj);
        if may_be_missing {
            self.located(
                quote! { (&::kiln::__private::filters::AttrOf(&(#value))).kiln_attr_of() },
                obj.span,
            )
        } else {
            value
        }
    }
}

/// Whether the generated expression is a place (a field or local) rather than a
/// temporary, so it must be borrowed, not moved.
fn is_place(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Local(_)
            | ExprKind::Field(_)
            | ExprKind::Path(_)
            | ExprKind::Attr(..)
            | ExprKind::Loop(_)
    )
}

/// Whether `expr` is a literal number, string, `bool` or `none`.
fn is_literal(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
    )
}

/// Whether `items` are literals of more than one kind (`[1, "a", none]`).
fn mixed_literals(items: &[Expr]) -> bool {
    let kind = |item: &Expr| match item.kind {
        ExprKind::Int(_) => Some(0),
        ExprKind::Float(_) => Some(1),
        ExprKind::Str(_) => Some(2),
        ExprKind::Bool(_) => Some(3),
        ExprKind::None | ExprKind::Undefined => Some(4),
        _ => None,
    };
    let kinds: Option<Vec<u8>> = items.iter().map(kind).collect();
    kinds.is_some_and(|kinds| kinds.windows(2).any(|pair| pair[0] != pair[1]))
}

/// A field or method name; a number is a tuple field (`pair.0`).
fn attr_ident(name: &str) -> TokenStream {
    if name.bytes().all(|b| b.is_ascii_digit()) {
        let index = syn::Index::from(name.parse::<usize>().unwrap_or(0));
        quote! { #index }
    } else {
        let ident = super::rust_ident(name);
        quote! { #ident }
    }
}
