//! Filters: each built-in one calls the runtime function the compiled template calls,
//! with the same defaults; the filters that take names run their lowered closures.

use std::cmp::Ordering;
use std::sync::Arc;

use kiln_engine::builtins::{FilterSpec, Markup, ParamDefault};
use kiln_engine::checked::{Closure, Closure2, Comparator, Expr, Filter, FilterKind};
use kiln_engine::source::Span;

use super::expr::from_val;
use super::Run;
use crate::dynamic::Value;
use crate::filters as f;
use crate::value::{to_str, Truthy};
use crate::{Error, Result};

/// A result of a runtime filter as a [`Value`].
pub(super) trait IntoValue {
    fn into_value(self) -> Value;
}

impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::str(self)
    }
}

impl IntoValue for crate::Safe<String> {
    fn into_value(self) -> Value {
        Value::Safe(self.0.into())
    }
}

impl IntoValue for usize {
    fn into_value(self) -> Value {
        Value::Int(self as i128)
    }
}

impl IntoValue for i128 {
    fn into_value(self) -> Value {
        Value::Int(self)
    }
}

impl IntoValue for f64 {
    fn into_value(self) -> Value {
        Value::Float(self)
    }
}

impl IntoValue for crate::Val<'_> {
    fn into_value(self) -> Value {
        from_val(self)
    }
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}

impl IntoValue for Vec<Value> {
    fn into_value(self) -> Value {
        Value::list(self)
    }
}

impl IntoValue for Vec<Vec<Value>> {
    fn into_value(self) -> Value {
        Value::list(self.into_iter().map(Value::list).collect())
    }
}

impl IntoValue for crate::value::Maybe<Value> {
    fn into_value(self) -> Value {
        self.0.unwrap_or_default()
    }
}

impl<A: IntoValue, B: IntoValue> IntoValue for crate::value::Either<A, B> {
    fn into_value(self) -> Value {
        match self {
            crate::value::Either::Left(a) => a.into_value(),
            crate::value::Either::Right(b) => b.into_value(),
        }
    }
}

pub(super) fn default_value(default: ParamDefault) -> Value {
    match default {
        ParamDefault::Required
        | ParamDefault::None
        | ParamDefault::NoneInt
        | ParamDefault::NoneStrs => Value::None,
        ParamDefault::Bool(b) => Value::Bool(b),
        ParamDefault::Int(i) => Value::Int(i128::from(i)),
        ParamDefault::Float(x) => Value::Float(x),
        ParamDefault::Str(s) => Value::str(s),
    }
}

/// An argument that must be a string (`replace`'s `old`), as Jinja2's string functions
/// take `str()` of it.
fn text(value: &Value) -> String {
    to_str(value).into_owned()
}

fn optional_text(value: &Value) -> Option<String> {
    match value {
        Value::None | Value::Undefined | Value::Absent => None,
        other => Some(text(other)),
    }
}

fn boolean(value: &Value) -> bool {
    value.is_true()
}

impl<'p> Run<'p> {
    /// `value|filter(…)`.
    pub(super) fn filter(&mut self, filter: &'p Filter, span: Span) -> Result<Value> {
        let value = self.eval(&filter.value)?;
        let result = match &filter.kind {
            FilterKind::Builtin(spec, args) => {
                let mut values = Vec::with_capacity(spec.params.len());
                for (param, arg) in spec.params.iter().zip(args) {
                    values.push(match arg {
                        Some(arg) => self.eval(arg)?,
                        None => default_value(param.default),
                    });
                }
                if !is_interpreted(spec.name) {
                    return self.needs_rust(
                        span,
                        format!(
                            "the filter `{}` is not available to the interpreter yet",
                            spec.name
                        ),
                    );
                }
                let result = self.at(span, builtin(spec, &value, &values))?;
                if spec.markup == Markup::Kept && filter.value_safe {
                    return Ok(match result {
                        Value::Str(s) => Value::Safe(s),
                        other => other,
                    });
                }
                return Ok(result);
            }
            FilterKind::Format { args, .. } => {
                let args = self.eval_all(args)?;
                // What the compiled template's `FormatArg` takes; a collection there is
                // rustc's error, not a silent `None`.
                if let Some(arg) = args
                    .iter()
                    .find(|a| matches!(a, Value::List(_) | Value::Tuple(_) | Value::Map(_)))
                {
                    return self.fail(
                        span,
                        format!(
                            "`format` formats numbers, strings, booleans and `none`, not `{}`",
                            arg.type_name()
                        ),
                    );
                }
                let args: Vec<&dyn crate::value::FormatArg> = args
                    .iter()
                    .map(|a| a as &dyn crate::value::FormatArg)
                    .collect();
                let markup = filter.value_safe;
                let formatted = self.at(
                    span,
                    crate::__private::filters::format_with(&value, &args, markup),
                )?;
                return Ok(if markup {
                    Value::Safe(formatted.into())
                } else {
                    Value::str(formatted)
                });
            }
            FilterKind::Custom { .. } => {
                return self.needs_rust(
                    filter.name.span,
                    format!(
                        "the custom filter `{}` is Rust code, which the interpreter cannot run",
                        filter.name.node
                    ),
                )
            }
            FilterKind::Attr { object, access } => {
                if value.is_undefined() {
                    return self.fail(span, "undefined has no attributes");
                }
                self.locals[object.0 as usize] = value;
                return self.eval(access);
            }
            kind => self.closure_filter(kind, value, span),
        };
        self.at(span, result)
    }

    fn closure_filter(&mut self, kind: &'p FilterKind, value: Value, span: Span) -> Result<Value> {
        let items = self.items_of(&value, span)?;
        Ok(match kind {
            FilterKind::Map(closure) => Value::list(self.map_items(closure, items, |_, v| Ok(v))?),
            FilterKind::MapSafe(closure) => {
                Value::list(self.map_items(closure, items, |_, v| {
                    Ok(Value::Safe(to_str(&v).into_owned().into()))
                })?)
            }
            FilterKind::Select(closure) => {
                let mut kept = Vec::new();
                for item in items {
                    if self.call1(closure, item.clone())?.is_true() {
                        kept.push(item);
                    }
                }
                Value::list(kept)
            }
            FilterKind::Sort { reverse, compare } => {
                let reverse = self.optional_bool(reverse.as_ref())?;
                let sorted = self.sorted(items, reverse, compare)?;
                Value::list(sorted)
            }
            FilterKind::MinMax { function, compare } => {
                let case_sensitive = self.optional_bool(compare.case_sensitive.as_ref())?;
                let mut cmp =
                    |a: &Value, b: &Value| self.compare_with(&compare.keys, a, b, case_sensitive);
                let chosen = if *function == "min" {
                    f::min(items, &mut cmp)?
                } else {
                    f::max(items, &mut cmp)?
                };
                chosen.into_value()
            }
            FilterKind::Unique {
                case_sensitive,
                same,
            } => {
                let case_sensitive = self.optional_bool(case_sensitive.as_ref())?;
                let mut kept: Vec<Value> = Vec::new();
                for item in items {
                    let mut seen = false;
                    for earlier in &kept {
                        if self.same(same, earlier, &item, case_sensitive)? {
                            seen = true;
                            break;
                        }
                    }
                    if !seen {
                        kept.push(item);
                    }
                }
                Value::list(kept)
            }
            FilterKind::DictSort { reverse, compare } => {
                let Value::Map(map) = &value else {
                    return self.fail(
                        span,
                        format!("`dictsort` needs a dict, not `{}`", value.type_name()),
                    );
                };
                let pairs: Vec<Value> = map
                    .iter()
                    .map(|(k, v)| Value::Tuple(Arc::new(vec![k.clone(), v.clone()])))
                    .collect();
                let reverse = self.optional_bool(reverse.as_ref())?;
                Value::list(self.sorted(pairs, reverse, compare)?)
            }
            FilterKind::GroupBy {
                case_sensitive,
                pair,
                key,
            } => {
                let case_sensitive = self.optional_bool(case_sensitive.as_ref())?;
                let sorted = self.sorted_with(items, false, pair, case_sensitive)?;
                let mut groups: Vec<Vec<Value>> = Vec::new();
                for item in sorted {
                    match groups.last_mut() {
                        Some(group) if self.same(pair, &group[0], &item, case_sensitive)? => {
                            group.push(item)
                        }
                        _ => groups.push(vec![item]),
                    }
                }
                let mut out = Vec::with_capacity(groups.len());
                for group in groups {
                    let grouper = self.call1(key, group[0].clone())?;
                    out.push(Value::Tuple(Arc::new(vec![grouper, Value::list(group)])));
                }
                Value::list(out)
            }
            FilterKind::Sum { start, term } => {
                let mut total = match start {
                    Some(start) => self.eval(start)?,
                    None => Value::Int(0),
                };
                for item in items {
                    let term = self.call1(term, item)?;
                    let sum =
                        crate::ops::add(total.number_operand("+")?, term.number_operand("+")?)?;
                    total = from_val(sum);
                }
                total
            }
            FilterKind::Chunks {
                function,
                count,
                fill,
            } => {
                let count = self.eval(count)?;
                let fill = match fill {
                    Some(fill) => Some(self.eval(fill)?),
                    None => None,
                };
                let chunks = match (*function, fill) {
                    ("batch", None) => f::batch(items, &count)?,
                    ("batch", Some(fill)) => {
                        unwrap_fill(crate::__private::filters::batch_fill(items, &count, fill)?)
                    }
                    (_, None) => f::slice(items, &count)?,
                    (_, Some(fill)) => {
                        unwrap_fill(crate::__private::filters::slice_fill(items, &count, fill)?)
                    }
                };
                chunks.into_value()
            }
            FilterKind::JoinAttribute { separator, item } => {
                let separator = match separator {
                    Some(separator) => text(&self.eval(separator)?),
                    None => String::new(),
                };
                let mapped = Value::list(self.map_items(item, items, |_, v| Ok(v))?);
                Value::str(f::join(&mapped, &separator)?)
            }
            FilterKind::Builtin(..) | FilterKind::Format { .. } | FilterKind::Custom { .. } => {
                return Err(Error::eval("not a filter that takes names"))
            }
            FilterKind::Attr { .. } => return Err(Error::eval("`attr` is not a closure")),
        })
    }

    fn optional_bool(&mut self, expr: Option<&'p Expr>) -> Result<bool> {
        match expr {
            Some(expr) => self.truth(expr),
            None => Ok(false),
        }
    }

    /// The closure's body for `item`.
    fn call1(&mut self, closure: &'p Closure, item: Value) -> Result<Value> {
        if let Some(param) = closure.params.first() {
            self.locals[param.0 as usize] = item;
        }
        self.eval(&closure.body)
    }

    fn map_items(
        &mut self,
        closure: &'p Closure,
        items: Vec<Value>,
        mut then: impl FnMut(&mut Self, Value) -> Result<Value>,
    ) -> Result<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let value = self.call1(closure, item)?;
            out.push(then(self, value)?);
        }
        Ok(out)
    }

    fn compare_with(
        &mut self,
        keys: &'p Closure2,
        a: &Value,
        b: &Value,
        case_sensitive: bool,
    ) -> Result<Ordering> {
        let [pa, pb] = keys.params;
        self.locals[pa.0 as usize] = a.clone();
        self.locals[pb.0 as usize] = b.clone();
        for (x, y) in &keys.keys {
            let x = self.eval(x)?;
            let y = self.eval(y)?;
            let order = crate::__private::filters::compare_keys(x, y, case_sensitive)?;
            if order != Ordering::Equal {
                return Ok(order);
            }
        }
        Ok(Ordering::Equal)
    }

    fn same(
        &mut self,
        keys: &'p Closure2,
        a: &Value,
        b: &Value,
        case_sensitive: bool,
    ) -> Result<bool> {
        let [pa, pb] = keys.params;
        self.locals[pa.0 as usize] = a.clone();
        self.locals[pb.0 as usize] = b.clone();
        let Some((x, y)) = keys.keys.first() else {
            return Ok(true);
        };
        let x = self.eval(x)?;
        let y = self.eval(y)?;
        Ok(crate::__private::filters::same_key(x, y, case_sensitive))
    }

    fn sorted(
        &mut self,
        items: Vec<Value>,
        reverse: bool,
        compare: &'p Comparator,
    ) -> Result<Vec<Value>> {
        let case_sensitive = self.optional_bool(compare.case_sensitive.as_ref())?;
        self.sorted_with(items, reverse, &compare.keys, case_sensitive)
    }

    fn sorted_with(
        &mut self,
        items: Vec<Value>,
        reverse: bool,
        keys: &'p Closure2,
        case_sensitive: bool,
    ) -> Result<Vec<Value>> {
        f::sort(items, reverse, |a: &Value, b: &Value| {
            self.compare_with(keys, a, b, case_sensitive)
        })
    }
}

fn unwrap_fill(chunks: Vec<Vec<crate::value::Either<Value, Value>>>) -> Vec<Vec<Value>> {
    chunks
        .into_iter()
        .map(|chunk| chunk.into_iter().map(IntoValue::into_value).collect())
        .collect()
}

/// A built-in filter on `value` with its arguments in parameter order.
fn builtin(spec: &FilterSpec, value: &Value, args: &[Value]) -> Result<Value> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    Ok(match spec.name {
        "abs" => f::abs(value)?.into_value(),
        "capitalize" => f::capitalize(value)?.into_value(),
        "center" => f::center(value, arg(0))?.into_value(),
        "default" => {
            // `none` is missing too, as an empty `Option` is in a compiled template.
            let present = match value {
                Value::Undefined | Value::None | Value::Absent => false,
                _ if boolean(&arg(1)) => value.is_true(),
                _ => true,
            };
            if present {
                value.clone()
            } else {
                arg(0)
            }
        }
        "escape" => f::escape(value)?.into_value(),
        "filesizeformat" => f::filesizeformat(value, boolean(&arg(0)))?.into_value(),
        "first" => f::first(value)?.into_value(),
        "float" => {
            let default = match arg(0) {
                Value::Float(x) => x,
                Value::Int(i) => i as f64,
                _ => 0.0,
            };
            f::float(value, default)?.into_value()
        }
        "forceescape" => f::forceescape(value)?.into_value(),
        "indent" => f::indent(value, arg(0), boolean(&arg(1)), boolean(&arg(2)))?.into_value(),
        "int" => f::int(value, arg(0), arg(1))?.into_value(),
        "items" => match value {
            Value::Map(map) => Value::list(
                map.iter()
                    .map(|(k, v)| Value::Tuple(Arc::new(vec![k.clone(), v.clone()])))
                    .collect(),
            ),
            Value::Undefined | Value::Absent => Value::list(Vec::new()),
            other => {
                return Err(Error::filter(
                    "items",
                    format!(
                        "can only get items of a mapping, not `{}`",
                        other.type_name()
                    ),
                ))
            }
        },
        "join" => {
            let separator = text(&arg(0));
            match &arg(1) {
                Value::None | Value::Undefined | Value::Absent => {
                    f::join(value, &separator)?.into_value()
                }
                attribute => {
                    let name = text(attribute);
                    let picked: Vec<Value> = crate::value::Iterable::kiln_iter(value)
                        .map(|item| match &item {
                            Value::Map(map) => map.get_str(&name).cloned().unwrap_or_default(),
                            _ => Value::Undefined,
                        })
                        .collect();
                    f::join(&Value::list(picked), &separator)?.into_value()
                }
            }
        }
        "last" => f::last(value)?.into_value(),
        "length" => f::length(value)?.into_value(),
        "linebreaks" => f::linebreaks(value)?.into_value(),
        "linebreaksbr" => f::linebreaksbr(value)?.into_value(),
        "list" => f::list(value)?.into_value(),
        "lower" => f::lower(value)?.into_value(),
        "pluralize" => f::pluralize(value, arg(0), arg(1))?.into_value(),
        "replace" => {
            let count = match arg(2) {
                Value::Int(i) => Some(i64::try_from(i).unwrap_or(i64::MAX)),
                _ => None,
            };
            f::replace(value, &text(&arg(0)), &text(&arg(1)), count)?.into_value()
        }
        "reverse" => match value {
            Value::Str(s) | Value::Safe(s) => Value::str(s.chars().rev().collect::<String>()),
            other => {
                let mut items: Vec<Value> = crate::value::Iterable::kiln_iter(other).collect();
                items.reverse();
                Value::list(items)
            }
        },
        "round" => f::round(value, arg(0), &text(&arg(1)))?.into_value(),
        "safe" => match value {
            Value::Str(s) => Value::Safe(s.clone()),
            other => Value::Safe(to_str(other).into_owned().into()),
        },
        "string" => f::string(value)?.into_value(),
        "striptags" => f::striptags(value)?.into_value(),
        "title" => f::title(value)?.into_value(),
        "tojson" => tojson(value, &arg(0))?,
        "trim" => f::trim(value, optional_text(&arg(0)).as_deref())?.into_value(),
        "truncate" => {
            f::truncate(value, arg(0), boolean(&arg(1)), &text(&arg(2)), arg(3))?.into_value()
        }
        "upper" => f::upper(value)?.into_value(),
        "urlencode" => f::urlencode(value)?.into_value(),
        "urlize" => {
            let limit = match arg(0) {
                Value::Int(i) => Some(i),
                _ => None,
            };
            let extra: Option<Vec<String>> = match arg(4) {
                Value::List(items) => Some(items.iter().map(text).collect()),
                _ => None,
            };
            f::urlize(
                value,
                limit,
                boolean(&arg(1)),
                optional_text(&arg(2)).as_deref(),
                optional_text(&arg(3)).as_deref(),
                extra,
            )?
            .into_value()
        }
        "wordcount" => f::wordcount(value)?.into_value(),
        "wordwrap" => f::wordwrap(
            value,
            arg(0),
            boolean(&arg(1)),
            optional_text(&arg(2)).as_deref(),
            boolean(&arg(3)),
        )?
        .into_value(),
        "xmlattr" => f::xmlattr(value, boolean(&arg(0)))?.into_value(),
        other => {
            return Err(Error::eval(format!(
                "the filter `{other}` is not available to the interpreter yet"
            )))
        }
    })
}

/// Whether [`builtin`] runs filter `name` (the filters that take names are closures).
fn is_interpreted(name: &str) -> bool {
    !matches!(name, "random")
}

#[cfg(feature = "json")]
fn tojson(value: &Value, indent: &Value) -> Result<Value> {
    let indent = match indent {
        Value::Int(i) => Some(*i),
        _ => None,
    };
    Ok(f::tojson(value, indent)?.into_value())
}

#[cfg(not(feature = "json"))]
fn tojson(_: &Value, _: &Value) -> Result<Value> {
    Err(Error::filter(
        "tojson",
        "`tojson` needs the `json` feature of `kiln`",
    ))
}
