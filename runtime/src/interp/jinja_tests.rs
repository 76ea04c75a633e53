//! Tests (`x is odd`), through the runtime functions the compiled template calls.

use kiln_engine::builtins::TestKind;
use kiln_engine::checked::Test;
use kiln_engine::source::Span;

use super::Run;
use crate::dynamic::Value;
use crate::jinja_tests as t;
use crate::value::{Operand, Val};
use crate::Result;

/// The value as the type tests see it: `None` for what is not a number, string, `bool` or
/// `none` (a list, a map, undefined).
fn val(value: &Value) -> Option<Val<'_>> {
    match value {
        Value::List(_) | Value::Tuple(_) | Value::Map(_) | Value::Namespace(_) => None,
        Value::Undefined => None,
        Value::None | Value::Absent => Some(Val::None),
        other => Some(other.operand()),
    }
}

impl<'p> Run<'p> {
    /// `value is test(args)`.
    pub(super) fn test(&mut self, test: &'p Test, span: Span) -> Result<bool> {
        let value = self.eval(&test.value)?;
        let args = self.eval_all(&test.args)?;
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        Ok(match test.spec.kind {
            TestKind::Undefined(undefined) => value.is_undefined() == undefined,
            TestKind::None => matches!(value, Value::None | Value::Absent),
            TestKind::Fallible(name) => {
                let result = match name {
                    "odd" => t::odd(&value),
                    "even" => t::even(&value),
                    _ => t::divisibleby(&value, &arg(0)),
                };
                self.at(span, result)?
            }
            TestKind::Val(name) => {
                let v = val(&value);
                match name {
                    "number" => t::number(v),
                    "integer" => t::integer(v),
                    "float" => t::float(v),
                    "boolean" => t::boolean(v),
                    "string" => t::string(v),
                    "true_" => t::true_(v),
                    _ => t::false_(v),
                }
            }
            TestKind::Shape(shape) => {
                let (sequence, iterable, mapping) = match &value {
                    Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Safe(_) => {
                        (true, true, false)
                    }
                    Value::Map(_) => (true, true, true),
                    _ => (false, false, false),
                };
                match shape {
                    "sequence" => sequence,
                    "iterable" => iterable,
                    _ => mapping,
                }
            }
            TestKind::Text(name) => match name {
                "lower" => t::lower(&value),
                "upper" => t::upper(&value),
                "startingwith" => t::startingwith(&value, &arg(0)),
                _ => t::endingwith(&value, &arg(0)),
            },
            TestKind::SameAs => t::sameas(val(&value), val(&arg(0))),
            TestKind::Escaped => matches!(value, Value::Safe(_)),
            // Checked as operators or constants.
            TestKind::Compare(_) | TestKind::Exists(_) => false,
        })
    }
}
