//! Methods a template calls on values: Python's string methods (through the runtime's
//! `Py`, as compiled templates call them) and a dict's `items`, `keys`, `values`, `get`.

use std::sync::Arc;

use kiln_engine::source::Span;

use super::filters::IntoValue;
use super::Run;
use crate::__private::py::{Py, PyArgs0, PyArgs1, PyArgs2, PyArgs3};
use crate::dynamic::Value;
use crate::escape::Safe;
use crate::Result;

impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

impl IntoValue for i64 {
    fn into_value(self) -> Value {
        Value::Int(i128::from(self))
    }
}

impl IntoValue for Vec<String> {
    fn into_value(self) -> Value {
        Value::list(self.into_iter().map(Value::str).collect())
    }
}

/// Calls `$call` on `Py` over the value's text: `str` for strings, `Safe` for markup
/// (whose methods return markup, as MarkupSafe's do).
macro_rules! on_text {
    ($value:expr, |$py:ident| $call:expr) => {
        match $value {
            Value::Str(s) => {
                let $py = Py(&**s);
                Some($call.map(IntoValue::into_value))
            }
            Value::Safe(s) => {
                let markup = Safe(&**s);
                let $py = Py(&markup);
                Some($call.map(IntoValue::into_value))
            }
            _ => None,
        }
    };
}

impl<'p> Run<'p> {
    /// `object.name(args)`.
    pub(super) fn method(
        &mut self,
        object: &Value,
        name: &str,
        args: &[Value],
        span: Span,
    ) -> Result<Value> {
        match self.try_method(object, name, args) {
            Some(result) => self.at(span, result),
            None => self.needs_rust(
                span,
                format!(
                    "`{}` has no method `{name}` the interpreter can call",
                    object.type_name()
                ),
            ),
        }
    }

    /// A method the interpreter has for `object`: Python's string methods, a dict's, a
    /// cycler's; `None` if it has none of that name.
    pub(super) fn try_method(
        &self,
        object: &Value,
        name: &str,
        args: &[Value],
    ) -> Option<Result<Value>> {
        if let (Value::Helper(helper), []) = (object, args) {
            let result = match name {
                "next" => helper.next(),
                "reset" => helper.reset(),
                _ => None,
            };
            if let Some(result) = result {
                return Some(Ok(result));
            }
        }
        if let Value::Map(map) = object {
            let pairs = || {
                map.iter()
                    .map(|(k, v)| Value::Tuple(Arc::new(vec![k.clone(), v.clone()])))
                    .collect()
            };
            match (name, args) {
                ("items", []) => return Some(Ok(Value::list(pairs()))),
                ("keys", []) => {
                    return Some(Ok(Value::list(
                        map.iter().map(|(k, _)| k.clone()).collect(),
                    )))
                }
                ("values", []) => {
                    return Some(Ok(Value::list(
                        map.iter().map(|(_, v)| v.clone()).collect(),
                    )))
                }
                ("get", [key]) => return Some(Ok(map.get(key).cloned().unwrap_or(Value::None))),
                ("get", [key, default]) => {
                    return Some(Ok(map.get(key).cloned().unwrap_or_else(|| default.clone())))
                }
                _ => {}
            }
        }
        match args {
            [] => self.method0(object, name),
            [a] => self.method1(object, name, a),
            [a, b] => match name {
                "split" => on_text!(object, |p| PyArgs2::split(&p, a, b)),
                "rsplit" => on_text!(object, |p| PyArgs2::rsplit(&p, a, b)),
                "replace" => on_text!(object, |p| PyArgs2::replace(&p, a, b)),
                "center" => on_text!(object, |p| PyArgs2::center(&p, a, b)),
                "ljust" => on_text!(object, |p| PyArgs2::ljust(&p, a, b)),
                "rjust" => on_text!(object, |p| PyArgs2::rjust(&p, a, b)),
                "format" => on_text!(object, |p| PyArgs2::format(&p, a, b)),
                _ => None,
            },
            [a, b, c] => match name {
                "replace" => on_text!(object, |p| PyArgs3::replace(&p, a, b, c)),
                "format" => on_text!(object, |p| PyArgs3::format(&p, a, b, c)),
                _ => None,
            },
            _ => None,
        }
    }

    fn method0(&self, object: &Value, name: &str) -> Option<Result<Value>> {
        match name {
            "upper" => on_text!(object, |p| p.upper()),
            "lower" => on_text!(object, |p| p.lower()),
            "title" => on_text!(object, |p| p.title()),
            "capitalize" => on_text!(object, |p| p.capitalize()),
            "swapcase" => on_text!(object, |p| p.swapcase()),
            "strip" => on_text!(object, |p| PyArgs0::strip(&p)),
            "lstrip" => on_text!(object, |p| PyArgs0::lstrip(&p)),
            "rstrip" => on_text!(object, |p| PyArgs0::rstrip(&p)),
            "split" => on_text!(object, |p| PyArgs0::split(&p)),
            "rsplit" => on_text!(object, |p| PyArgs0::rsplit(&p)),
            "splitlines" => on_text!(object, |p| p.splitlines()),
            "isdigit" => on_text!(object, |p| p.isdigit()),
            "isalpha" => on_text!(object, |p| p.isalpha()),
            "isalnum" => on_text!(object, |p| p.isalnum()),
            "isspace" => on_text!(object, |p| p.isspace()),
            "islower" => on_text!(object, |p| p.islower()),
            "isupper" => on_text!(object, |p| p.isupper()),
            "format" => on_text!(object, |p| PyArgs0::format(&p)),
            _ => None,
        }
    }

    fn method1(&self, object: &Value, name: &str, a: &Value) -> Option<Result<Value>> {
        match name {
            "strip" => on_text!(object, |p| PyArgs1::strip(&p, a)),
            "lstrip" => on_text!(object, |p| PyArgs1::lstrip(&p, a)),
            "rstrip" => on_text!(object, |p| PyArgs1::rstrip(&p, a)),
            "startswith" | "endswith" => {
                // A tuple of affixes: any of them.
                let affixes: &[Value] = match a {
                    Value::Tuple(items) | Value::List(items) => items,
                    single => std::slice::from_ref(single),
                };
                let mut found = false;
                for affix in affixes {
                    let hit = if name == "startswith" {
                        on_text!(object, |p| p.startswith(affix))
                    } else {
                        on_text!(object, |p| p.endswith(affix))
                    };
                    match hit? {
                        Ok(Value::Bool(true)) => found = true,
                        Ok(_) => {}
                        Err(e) => return Some(Err(e)),
                    }
                }
                Some(Ok(Value::Bool(found)))
            }
            "split" => on_text!(object, |p| PyArgs1::split(&p, a)),
            "rsplit" => on_text!(object, |p| PyArgs1::rsplit(&p, a)),
            "find" => on_text!(object, |p| p.find(a)),
            "rfind" => on_text!(object, |p| p.rfind(a)),
            "count" => on_text!(object, |p| p.count(a)),
            "join" => on_text!(object, |p| p.join(a)),
            "center" => on_text!(object, |p| PyArgs1::center(&p, a)),
            "ljust" => on_text!(object, |p| PyArgs1::ljust(&p, a)),
            "rjust" => on_text!(object, |p| PyArgs1::rjust(&p, a)),
            "zfill" => on_text!(object, |p| p.zfill(a)),
            "removeprefix" => on_text!(object, |p| p.removeprefix(a)),
            "removesuffix" => on_text!(object, |p| p.removesuffix(a)),
            "format" => on_text!(object, |p| PyArgs1::format(&p, a)),
            _ => None,
        }
    }
}
