//! Expressions, evaluated to [`Value`]s with the runtime's operators.

use std::sync::{Arc, Mutex};

use kiln_engine::ast::{BinaryOp, UnaryOp};
use kiln_engine::checked::{Expr, ExprKind, LoopAttr, LoopId};
use kiln_engine::source::Span;

use super::Run;
use crate::dynamic::{Helper, Map, Value};
use crate::escape::{Html, Text};
use crate::ops::{self, Compare, CompareEq, Container};
use crate::value::{Operand, Render, Truthy, Val};
use crate::Result;

/// A `Val` from an operator as a [`Value`].
pub(super) fn from_val(val: Val<'_>) -> Value {
    match val {
        Val::Int(i) => Value::Int(i),
        Val::Float(f) => Value::Float(f),
        Val::Str(s) => Value::str(s.into_owned()),
        Val::Bool(b) => Value::Bool(b),
        Val::None => Value::None,
    }
}

impl<'p> Run<'p> {
    /// Whether `expr` is true, as `if` tests it.
    pub(super) fn truth(&mut self, expr: &'p Expr) -> Result<bool> {
        Ok(self.eval(expr)?.is_true())
    }

    /// The value of `expr`.
    pub(super) fn eval(&mut self, expr: &'p Expr) -> Result<Value> {
        let span = expr.span;
        Ok(match &expr.kind {
            ExprKind::Str(s) => Value::str(s.as_str()),
            ExprKind::Int(i) => Value::Int(*i),
            ExprKind::Float(f) => Value::Float(*f),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::None => Value::None,
            ExprKind::Undefined => Value::Undefined,
            ExprKind::CallerDefined => {
                Value::Bool(self.has_caller.last().copied().unwrap_or(false))
            }
            ExprKind::Local(id) => self.locals[id.0 as usize].clone(),
            ExprKind::Field(name) => match self.field(name) {
                Value::Opaque(type_name) => {
                    return self.needs_rust(
                        span,
                        format!(
                            "`{name}` is a `{type_name}`, which the interpreter cannot read \
                             (derive `kiln::ToValue` for its type; a field whose type is a \
                             generic parameter of the struct is always opaque to it)"
                        ),
                    )
                }
                value => value,
            },
            ExprKind::Path(path) => {
                let key = path.join("::");
                match self.recorded(&key) {
                    Some(value) => value,
                    None => {
                        return self.needs_rust(
                            span,
                            format!("the Rust path `{key}` is not available to the interpreter"),
                        )
                    }
                }
            }
            ExprKind::Namespace(id, given) => {
                let count = self
                    .program
                    .checked
                    .namespaces
                    .get(id.0 as usize)
                    .map_or(0, Vec::len);
                let mut attrs = vec![Value::Undefined; count];
                for (index, value) in given {
                    let value = self.eval(value)?;
                    if let Some(slot) = attrs.get_mut(*index) {
                        *slot = value;
                    }
                }
                Value::Namespace(Arc::new(Mutex::new(attrs)))
            }
            ExprKind::NamespaceGet(object, index) => match self.eval(object)? {
                Value::Namespace(attrs) => attrs
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .get(*index)
                    .cloned()
                    .unwrap_or_default(),
                other => {
                    return self.fail(
                        span,
                        format!("`{}` has no attributes to read", other.type_name()),
                    )
                }
            },
            ExprKind::Loop(id) => self.loop_value(*id, span)?,
            ExprKind::LoopAttr(id, attr) => self.loop_attr(*id, *attr, span)?,
            ExprKind::LoopCycle(id, items) => {
                let index0 = self.loop_state(*id, span)?.index0;
                match items.get(index0 % items.len().max(1)) {
                    Some(item) => self.eval(item)?,
                    None => Value::Undefined,
                }
            }
            ExprKind::LoopCycleOf(id, items) => {
                let index0 = self.loop_state(*id, span)?.index0;
                let items = self.eval(items)?;
                let items = self.items_of(&items, span)?;
                if items.is_empty() {
                    return self.fail(span, "`loop.cycle` needs at least one item");
                }
                items[index0 % items.len()].clone()
            }
            ExprKind::LoopChanged(id, args) => {
                let values = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Result<Vec<_>>>()?;
                let state = self.loop_state_mut(*id, span)?;
                let same = state.changed.get(&span).is_some_and(|last| {
                    last.len() == values.len() && last.iter().zip(&values).all(|(a, b)| a.equals(b))
                });
                state.changed.insert(span, values);
                Value::Bool(!same)
            }
            ExprKind::List(items) => Value::list(self.eval_all(items)?),
            ExprKind::Tuple(items) => Value::Tuple(Arc::new(self.eval_all(items)?)),
            ExprKind::Dict(entries) => {
                let mut map = Map::new();
                for (key, value) in entries {
                    let key = self.eval(key)?;
                    let value = self.eval(value)?;
                    map.insert(key, value);
                }
                Value::Map(Arc::new(map))
            }
            ExprKind::Attr(object, name) => {
                let object = self.eval(object)?;
                self.attr(&object, &name.node, name.span)?
            }
            ExprKind::Index(object, key) => {
                let object = self.eval(object)?;
                let key = self.eval(key)?;
                self.item(&object, &key)
            }
            ExprKind::Slice(value, parts) => {
                let value = self.eval(value)?;
                let mut bounds = [None, None, None];
                for (bound, part) in bounds.iter_mut().zip(parts) {
                    if let Some(part) = part {
                        *bound = Some(self.eval(part)?);
                    }
                }
                let [start, stop, step] = bounds;
                let sliced =
                    crate::__private::slice(&value, start.as_ref(), stop.as_ref(), step.as_ref());
                self.at(span, sliced)?
            }
            ExprKind::Method(object, name, args) => {
                // `user.name()` on a field: the interpreter's own method if the value has one
                // (`items()` on a map), else what the compiled template recorded.
                if let (ExprKind::Field(field), true) = (&object.kind, args.is_empty()) {
                    let value = self.field(field);
                    if !matches!(value, Value::Opaque(_)) {
                        if let Some(result) = self.try_method(&value, &name.node, &[]) {
                            return self.at(span, result);
                        }
                    }
                    if let Some(value) = self.recorded(&format!("{field}.{}()", name.node)) {
                        return Ok(value);
                    }
                }
                let object = self.eval(object)?;
                let args = self.eval_all(args)?;
                self.method(&object, &name.node, &args, span)?
            }
            ExprKind::SelfMethod(name, args) => {
                if let Some(value) = args
                    .is_empty()
                    .then(|| self.recorded(&format!("{}()", name.node)))
                    .flatten()
                {
                    return Ok(value);
                }
                return self.needs_rust(
                    span,
                    format!(
                        "`{}()` is a method of the struct, which the interpreter cannot call",
                        name.node
                    ),
                );
            }
            ExprKind::CallValue(callee, args) => {
                let callee = self.eval(callee)?;
                match (&callee, args.is_empty()) {
                    (Value::Helper(helper), true) => match helper.call() {
                        Some(value) => value,
                        None => return self.fail(span, "a cycler cannot be called"),
                    },
                    _ => return self.fail(
                        span,
                        "calling a value is not available to the interpreter: rebuild to see it",
                    ),
                }
            }
            ExprKind::Range(args) => {
                let args = self.eval_all(args)?;
                let range = match args.as_slice() {
                    [stop] => crate::__private::range(stop, None::<&Value>, None::<&Value>),
                    [start, stop] => crate::__private::range(start, Some(stop), None::<&Value>),
                    [start, stop, step, ..] => {
                        crate::__private::range(start, Some(stop), Some(step))
                    }
                    [] => crate::__private::range(&0i64, None::<&Value>, None::<&Value>),
                };
                let range = self.at(span, range)?;
                Value::list(range.map(|i| Value::Int(i128::from(i))).collect())
            }
            ExprKind::Cycler(items) => Value::Helper(Helper::cycler(self.eval_all(items)?)),
            ExprKind::Joiner(separator) => {
                let separator = match separator {
                    Some(separator) => self.eval(separator)?,
                    None => Value::str(", "),
                };
                Value::Helper(Helper::joiner(separator))
            }
            ExprKind::Macro(call) => {
                let mut out = String::new();
                self.call_macro(call, &mut out)?;
                Value::Safe(out.into())
            }
            ExprKind::Caller(call) => {
                let mut out = String::new();
                self.call_caller(call, &mut out)?;
                Value::Safe(out.into())
            }
            ExprKind::Rendered(index) => {
                let checked = &self.program.checked;
                match checked.rendered.get(*index) {
                    Some(body) => self.capture(body)?,
                    None => Value::Safe("".into()),
                }
            }
            ExprKind::Recurse(..) => {
                let mut out = String::new();
                self.print(expr, &mut out)?;
                Value::Safe(out.into())
            }
            ExprKind::Filter(filter) => self.filter(filter, span)?,
            ExprKind::Test(test) => Value::Bool(self.test(test, span)?),
            ExprKind::Unary(UnaryOp::Not, operand) => Value::Bool(!self.truth(operand)?),
            ExprKind::Unary(op, operand) => {
                let value = self.eval(operand)?;
                let operand = self.at(span, value.number_operand("-"))?;
                let result = if *op == UnaryOp::Neg {
                    ops::neg(operand)
                } else {
                    ops::pos(operand)
                };
                from_val(self.at(span, result)?)
            }
            ExprKind::Binary(BinaryOp::And, lhs, rhs) => {
                Value::Bool(self.truth(lhs)? && self.truth(rhs)?)
            }
            ExprKind::Binary(BinaryOp::Or, lhs, rhs) => {
                Value::Bool(self.truth(lhs)? || self.truth(rhs)?)
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let lhs = self.eval(lhs)?;
                let rhs = self.eval(rhs)?;
                self.binary(*op, &lhs, &rhs, span)?
            }
            ExprKind::Concat { parts, markup } => {
                let mut text = String::new();
                for part in parts {
                    let value = self.eval(part)?;
                    // Writing to a String cannot fail.
                    let _ = if *markup {
                        value.render(&mut text, Html)
                    } else {
                        value.render(&mut text, Text)
                    };
                }
                if *markup {
                    Value::Safe(text.into())
                } else {
                    Value::str(text)
                }
            }
            ExprKind::Cond {
                cond,
                then,
                otherwise,
            } => {
                if self.truth(cond)? {
                    self.eval(then)?
                } else {
                    match otherwise {
                        Some(otherwise) => self.eval(otherwise)?,
                        None => Value::Undefined,
                    }
                }
            }
        })
    }

    pub(super) fn eval_all(&mut self, exprs: &'p [Expr]) -> Result<Vec<Value>> {
        exprs.iter().map(|e| self.eval(e)).collect()
    }

    /// The value of a struct's method without arguments, as the compiled template
    /// recorded it for hot reload (`total()`, `user.name()`).
    fn recorded(&self, key: &str) -> Option<Value> {
        match self.data {
            Value::Map(map) => map.get_str(key).cloned(),
            _ => None,
        }
    }

    /// A field of the data.
    fn field(&self, name: &str) -> Value {
        match self.data {
            Value::Map(map) => map.get_str(name).cloned().unwrap_or_default(),
            _ => Value::Undefined,
        }
    }

    /// `value.name`: a dict's or map's item, a list's item by a number (`items.0`),
    /// undefined where there is none; an error on undefined, as in Jinja2.
    pub(super) fn attr(&self, object: &Value, name: &str, span: Span) -> Result<Value> {
        match object {
            Value::Helper(helper) if name == "current" => match helper.current() {
                Some(current) => Ok(current),
                None => self.fail(span, "a joiner has no attribute `current`"),
            },
            Value::Map(map) => Ok(map.get_str(name).cloned().unwrap_or_default()),
            // Jinja2's names for the items of a `groupby` group, a pair of a grouper and a
            // list; the compiled template reads them only where it follows a group.
            Value::Tuple(items)
                if matches!(name, "grouper" | "list")
                    && matches!(items.as_slice(), [_, Value::List(_)]) =>
            {
                Ok(items[usize::from(name == "list")].clone())
            }
            Value::List(items) | Value::Tuple(items) => Ok(name
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or_default()),
            Value::Undefined | Value::Absent => {
                self.fail(span, format!("undefined has no attribute `{name}`"))
            }
            other => self.fail(
                span,
                format!("`{}` has no attribute `{name}`", other.type_name()),
            ),
        }
    }

    /// `object[key]`: undefined where there is no such item, as the compiled `get_item`.
    pub(super) fn item(&self, object: &Value, key: &Value) -> Value {
        match object {
            Value::Map(map) => map.get(key).cloned().unwrap_or_default(),
            Value::List(items) | Value::Tuple(items) => match key {
                Value::Int(i) => {
                    let len = items.len() as i128;
                    let index = if *i < 0 { i + len } else { *i };
                    usize::try_from(index)
                        .ok()
                        .and_then(|i| items.get(i))
                        .cloned()
                        .unwrap_or_default()
                }
                _ => Value::Undefined,
            },
            Value::Str(s) | Value::Safe(s) => match key {
                Value::Int(i) => {
                    let len = s.chars().count() as i128;
                    let index = if *i < 0 { i + len } else { *i };
                    usize::try_from(index)
                        .ok()
                        .and_then(|i| s.chars().nth(i))
                        .map_or(Value::Undefined, |c| Value::str(c.to_string()))
                }
                _ => Value::Undefined,
            },
            _ => Value::Undefined,
        }
    }

    /// The items a `for` loop or a sequence filter goes through.
    pub(super) fn items_of(&self, value: &Value, span: Span) -> Result<Vec<Value>> {
        use crate::value::Iterable;
        match value {
            Value::List(_) | Value::Tuple(_) | Value::Map(_) | Value::Str(_) | Value::Safe(_) => {
                Ok(value.kiln_iter().collect())
            }
            // A missing value iterates as nothing, as Jinja2's undefined does.
            Value::Undefined | Value::None | Value::Absent => Ok(Vec::new()),
            other => self.fail(span, format!("`{}` is not iterable", other.type_name())),
        }
    }

    fn binary(&self, op: BinaryOp, lhs: &Value, rhs: &Value, span: Span) -> Result<Value> {
        let symbol = match op {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::FloorDiv => "//",
            BinaryOp::Rem => "%",
            BinaryOp::Pow => "**",
            _ => "",
        };
        match op {
            BinaryOp::Eq => return Ok(Value::Bool(lhs.equals(rhs))),
            BinaryOp::Ne => return Ok(Value::Bool(!lhs.equals(rhs))),
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let order = self.at(span, lhs.order(rhs))?;
                return Ok(Value::Bool(match op {
                    BinaryOp::Lt => order.is_lt(),
                    BinaryOp::Le => order.is_le(),
                    BinaryOp::Gt => order.is_gt(),
                    _ => order.is_ge(),
                }));
            }
            BinaryOp::In | BinaryOp::NotIn => {
                let found = self.at(span, rhs.contains_val(&lhs.operand()))?;
                return Ok(Value::Bool(found == (op == BinaryOp::In)));
            }
            BinaryOp::Range => {
                let range = crate::__private::range(lhs, Some(rhs), None::<&Value>);
                let range = self.at(span, range)?;
                return Ok(Value::list(
                    range.map(|i| Value::Int(i128::from(i))).collect(),
                ));
            }
            _ => {}
        }
        let (a, b) = (
            self.at(span, lhs.number_operand(symbol))?,
            self.at(span, rhs.number_operand(symbol))?,
        );
        let result = match op {
            BinaryOp::Add => ops::add(a, b),
            BinaryOp::Sub => ops::sub(a, b),
            BinaryOp::Mul => ops::mul(a, b),
            BinaryOp::Div => ops::div(a, b),
            BinaryOp::FloorDiv => ops::floordiv(a, b),
            BinaryOp::Rem => ops::rem(a, b),
            _ => ops::pow(a, b),
        };
        Ok(from_val(self.at(span, result)?))
    }

    pub(super) fn loop_state(&self, id: LoopId, span: Span) -> Result<&super::LoopState> {
        match self.loops.get(&id) {
            Some(state) => Ok(state),
            None => self.fail(span, "`loop` outside its loop"),
        }
    }

    fn loop_state_mut(&mut self, id: LoopId, span: Span) -> Result<&mut super::LoopState> {
        if !self.loops.contains_key(&id) {
            return self.fail(span, "`loop` outside its loop");
        }
        Ok(self.loops.get_mut(&id).expect("checked above"))
    }

    fn loop_attr(&self, id: LoopId, attr: LoopAttr, span: Span) -> Result<Value> {
        let state = self.loop_state(id, span)?;
        let (i, n) = (state.index0, state.length);
        let int = |v: usize| Value::Int(v as i128);
        Ok(match attr {
            LoopAttr::Method("index") => int(i + 1),
            LoopAttr::Method("index0") => int(i),
            LoopAttr::Method("revindex") => int(n - i),
            LoopAttr::Method("revindex0") => int(n - i - 1),
            LoopAttr::Method("last") => Value::Bool(i + 1 == n),
            LoopAttr::Method("length") => int(n),
            LoopAttr::Method(other) => {
                return self.fail(span, format!("`loop` has no attribute `{other}`"))
            }
            LoopAttr::First => Value::Bool(i == 0),
            LoopAttr::PrevItem => match i.checked_sub(1) {
                Some(prev) => state.items[prev].clone(),
                None => Value::Undefined,
            },
            LoopAttr::NextItem => state.items.get(i + 1).cloned().unwrap_or_default(),
            LoopAttr::Depth => int(state.depth0 + 1),
            LoopAttr::Depth0 => int(state.depth0),
        })
    }

    /// `loop` as a value (`{% set outer = loop %}`): its attributes, as of now.
    fn loop_value(&self, id: LoopId, span: Span) -> Result<Value> {
        let names = [
            ("index", LoopAttr::Method("index")),
            ("index0", LoopAttr::Method("index0")),
            ("revindex", LoopAttr::Method("revindex")),
            ("revindex0", LoopAttr::Method("revindex0")),
            ("first", LoopAttr::First),
            ("last", LoopAttr::Method("last")),
            ("length", LoopAttr::Method("length")),
            ("previtem", LoopAttr::PrevItem),
            ("nextitem", LoopAttr::NextItem),
            ("depth", LoopAttr::Depth),
            ("depth0", LoopAttr::Depth0),
        ];
        let mut map = Map::new();
        for (name, attr) in names {
            map.insert(Value::str(name), self.loop_attr(id, attr, span)?);
        }
        Ok(Value::Map(Arc::new(map)))
    }
}
