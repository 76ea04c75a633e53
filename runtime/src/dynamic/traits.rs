//! The runtime's traits for [`Value`], each forwarded to the implementation of the Rust
//! type the value stands for, so a value prints, tests and compares exactly as the
//! compiled template's typed value does.

use std::cmp::Ordering;
use std::fmt;

use super::{Map, Value};
use crate::escape::{Escaper, Safe};
use crate::ops::{Compare, CompareEq, Container};
use crate::value::{Iterable, Length};
use crate::value::{Operand, Render, Truthy, Val};
use crate::{Error, Result};

impl Render for Value {
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        match self {
            Value::Undefined => Ok(()),
            Value::None | Value::Absent => out.write_str("None"),
            Value::Bool(b) => b.render(out, escaper),
            Value::Int(i) => i.render(out, escaper),
            Value::Float(f) => f.render(out, escaper),
            Value::Str(s) => (**s).render(out, escaper),
            Value::Safe(s) => Safe(&**s).render(out, escaper),
            Value::List(items) => items.as_slice().render(out, escaper),
            Value::Tuple(items) => write_tuple(out, escaper, items),
            Value::Map(map) => map.render(out, escaper),
            Value::Namespace(_) => out.write_str("<Namespace>"),
            Value::Helper(_) => out.write_str("<helper>"),
            Value::Opaque(name) => write!(out, "<{name}>"),
        }
    }

    fn render_repr<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result {
        match self {
            Value::Str(s) => (**s).render_repr(out, escaper),
            Value::Safe(s) => Safe(&**s).render_repr(out, escaper),
            other => other.render(out, escaper),
        }
    }

    fn as_str(&self) -> Option<&str> {
        self.as_text()
    }
}

/// A tuple as Python prints it: `(1, 'a')`, and `(1,)` for one item.
fn write_tuple<W: fmt::Write + ?Sized, E: Escaper>(
    out: &mut W,
    escaper: E,
    items: &[Value],
) -> fmt::Result {
    escaper.write_escaped(out, "(")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        item.render_repr(out, escaper)?;
    }
    escaper.write_escaped(out, if items.len() == 1 { ",)" } else { ")" })
}

impl Render for Map {
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        crate::value::write_map(out, escaper, self.iter())
    }
}

impl Truthy for Value {
    fn is_true(&self) -> bool {
        match self {
            Value::Undefined | Value::None | Value::Absent => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) | Value::Safe(s) => !s.is_empty(),
            Value::List(items) | Value::Tuple(items) => !items.is_empty(),
            Value::Map(map) => !map.is_empty(),
            Value::Namespace(_) | Value::Helper(_) | Value::Opaque(_) => true,
        }
    }
}

impl Operand for Value {
    /// Numbers, strings, `bool`s and `none` are operands; undefined is `none`, as an empty
    /// `Maybe` is. Collections are refused by the interpreter before they get here, and
    /// stand as `none` if they do.
    fn operand(&self) -> Val<'_> {
        match self {
            Value::Bool(b) => Val::Bool(*b),
            Value::Int(i) => Val::Int(*i),
            Value::Float(f) => Val::Float(*f),
            Value::Str(s) | Value::Safe(s) => Val::Str(std::borrow::Cow::Borrowed(s)),
            _ => Val::None,
        }
    }
}

impl Value {
    /// The value as an operand of arithmetic, or the error Python raises.
    pub(crate) fn number_operand(&self, op: &str) -> Result<Val<'_>> {
        match self {
            Value::List(_)
            | Value::Tuple(_)
            | Value::Map(_)
            | Value::Namespace(_)
            | Value::Helper(_)
            | Value::Opaque(_)
            | Value::Undefined => Err(Error::eval(format!(
                "unsupported operand type for `{op}`: `{}`",
                self.type_name()
            ))),
            other => Ok(other.operand()),
        }
    }
}

impl CompareEq<Value> for Value {
    fn equals(&self, rhs: &Value) -> bool {
        match (self, rhs) {
            (Value::Undefined, Value::Undefined) => true,
            (Value::List(a), Value::List(b)) | (Value::Tuple(a), Value::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.equals(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.get(k).is_some_and(|other| v.equals(other)))
            }
            (Value::Namespace(a), Value::Namespace(b)) => std::sync::Arc::ptr_eq(a, b),
            (Value::List(_) | Value::Tuple(_) | Value::Map(_) | Value::Namespace(_), _)
            | (_, Value::List(_) | Value::Tuple(_) | Value::Map(_) | Value::Namespace(_)) => false,
            (Value::Undefined, _) | (_, Value::Undefined) => false,
            (a, b) => a.operand().equals(&b.operand()),
        }
    }
}

impl Compare<Value> for Value {
    fn order(&self, rhs: &Value) -> Result<Ordering> {
        match (self, rhs) {
            (Value::List(a), Value::List(b)) | (Value::Tuple(a), Value::Tuple(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.order(y)? {
                        Ordering::Equal => continue,
                        other => return Ok(other),
                    }
                }
                Ok(a.len().cmp(&b.len()))
            }
            (a, b) => a.number_operand("<")?.order(&b.number_operand("<")?),
        }
    }
}

impl Length for Value {
    fn length(&self) -> usize {
        match self {
            Value::Str(s) | Value::Safe(s) => s.length(),
            Value::List(items) | Value::Tuple(items) => items.len(),
            Value::Map(map) => map.len(),
            _ => 0,
        }
    }
}

impl Iterable for Value {
    type Item<'a> = Value;

    /// Lists and tuples give their items, maps their keys, strings their characters;
    /// anything else nothing (the interpreter refuses to iterate it first).
    fn kiln_iter(&self) -> impl Iterator<Item = Value> {
        let items: Box<dyn Iterator<Item = Value> + '_> = match self {
            Value::List(items) | Value::Tuple(items) => Box::new(items.iter().cloned()),
            Value::Map(map) => Box::new(map.iter().map(|(k, _)| k.clone())),
            Value::Str(s) | Value::Safe(s) => {
                Box::new(s.chars().map(|c| Value::str(c.to_string())))
            }
            _ => Box::new(std::iter::empty()),
        };
        items
    }
}

impl Container for Value {
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        match self {
            Value::Str(s) | Value::Safe(s) => (**s).contains_val(needle),
            Value::List(items) | Value::Tuple(items) => {
                Ok(items.iter().any(|item| item.operand().equals(needle)))
            }
            Value::Map(map) => Ok(map.iter().any(|(k, _)| k.operand().equals(needle))),
            other => Err(Error::eval(format!(
                "argument of type `{}` is not iterable",
                other.type_name()
            ))),
        }
    }
}

impl crate::__private::Slice for Value {
    type Output<'a> = Value;

    fn slice_len(&self) -> usize {
        match self {
            Value::Str(s) | Value::Safe(s) => s.chars().count(),
            Value::List(items) | Value::Tuple(items) => items.len(),
            _ => 0,
        }
    }

    /// A slice of a list is a list, of a tuple a tuple, of a string a string (of markup,
    /// markup); anything else slices to nothing.
    fn pick(&self, indices: impl Iterator<Item = usize>) -> Value {
        match self {
            Value::Str(s) => Value::str(s.pick(indices)),
            Value::Safe(s) => Value::Safe(s.pick(indices).into()),
            Value::List(items) => {
                Value::list(indices.filter_map(|i| items.get(i).cloned()).collect())
            }
            Value::Tuple(items) => Value::Tuple(std::sync::Arc::new(
                indices.filter_map(|i| items.get(i).cloned()).collect(),
            )),
            _ => Value::Undefined,
        }
    }
}

impl crate::filters::sort::CaseFold for Value {
    fn fold_case(self) -> Self {
        match &self {
            Value::Str(s) | Value::Safe(s) => Value::str(s.to_lowercase()),
            _ => self,
        }
    }
}

impl crate::value::IndentWidth for Value {
    fn indentation(&self) -> Result<String> {
        match self {
            Value::Int(i) => i.indentation(),
            Value::Str(s) | Value::Safe(s) => Ok(s.to_string()),
            other => Err(Error::filter(
                "indent",
                format!(
                    "width must be an int or a string, not `{}`",
                    other.type_name()
                ),
            )),
        }
    }
}

impl crate::value::UrlEncode for Value {
    fn url_encode(&self) -> String {
        match self {
            Value::Map(map) => crate::filters::html::encode_pairs(map.iter()),
            Value::List(items) | Value::Tuple(items) => {
                crate::filters::html::encode_pairs(items.iter().filter_map(|item| {
                    match item.as_seq() {
                        Some([k, v]) => Some((k, v)),
                        _ => None,
                    }
                }))
            }
            Value::Undefined => String::new(),
            other => crate::value::to_str(other).url_encode(),
        }
    }
}

impl crate::value::Mapping for Value {
    type Key = Value;
    type Value = Value;

    /// A map's entries; anything else has none.
    fn pairs(&self) -> impl Iterator<Item = (&Value, &Value)> {
        let map: Option<&Map> = match self {
            Value::Map(map) => Some(map),
            _ => None,
        };
        map.into_iter().flat_map(Map::iter)
    }
}

#[cfg(feature = "json")]
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Undefined | Value::None | Value::Absent => serializer.serialize_none(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i128(*i),
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::Str(s) | Value::Safe(s) => serializer.serialize_str(s),
            Value::List(items) | Value::Tuple(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map.iter() {
                    out.serialize_entry(&crate::value::to_string(k), v)?;
                }
                out.end()
            }
            Value::Namespace(_) | Value::Helper(_) | Value::Opaque(_) => {
                serializer.serialize_none()
            }
        }
    }
}

impl crate::value::Nullable for Value {
    fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined | Value::Absent)
    }
    fn is_none(&self) -> bool {
        matches!(self, Value::None | Value::Absent)
    }
}
