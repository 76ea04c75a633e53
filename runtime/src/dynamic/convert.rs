//! Rust values and JSON into [`Value`]s.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use super::Value;
use crate::escape::Safe;

/// A Rust value the interpreter can read: it becomes a [`Value`].
///
/// Implemented for the standard types a template reads (numbers, strings, `bool`,
/// `Option`, sequences, maps with string-like keys, tuples, references and smart
/// pointers, [`Safe`]).
pub trait ToValue {
    /// The value.
    fn to_value(&self) -> Value;
}

macro_rules! int_to_value {
    ($($ty:ty),*) => {$(
        impl ToValue for $ty {
            fn to_value(&self) -> Value {
                Value::Int(*self as i128)
            }
        }
    )*};
}
int_to_value!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, usize);

impl ToValue for u128 {
    fn to_value(&self) -> Value {
        // Beyond i128, a u128 prints as its decimal text would, but cannot be an operand.
        i128::try_from(*self).map_or_else(|_| Value::str(self.to_string()), Value::Int)
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Float(*self)
    }
}

impl ToValue for f32 {
    fn to_value(&self) -> Value {
        Value::Float(f64::from(*self))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToValue for char {
    fn to_value(&self) -> Value {
        Value::str(self.to_string())
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::str(self)
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::str(self.as_str())
    }
}

impl ToValue for std::borrow::Cow<'_, str> {
    fn to_value(&self) -> Value {
        Value::str(&**self)
    }
}

impl<T: ToValue + ?Sized> ToValue for Safe<T> {
    fn to_value(&self) -> Value {
        match self.0.to_value() {
            Value::Str(text) => Value::Safe(text),
            other => other,
        }
    }
}

impl<T: ToValue> ToValue for Option<T> {
    /// `None` is [`Value::Absent`]: `none`, and undefined to `is defined` and `default`,
    /// as a compiled template reads an empty `Option`.
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Absent, ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for [T] {
    fn to_value(&self) -> Value {
        Value::list(self.iter().map(ToValue::to_value).collect())
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        self.as_slice().to_value()
    }
}

impl<T: ToValue, const N: usize> ToValue for [T; N] {
    fn to_value(&self) -> Value {
        self.as_slice().to_value()
    }
}

impl<T: ToValue> ToValue for VecDeque<T> {
    fn to_value(&self) -> Value {
        Value::list(self.iter().map(ToValue::to_value).collect())
    }
}

impl<K: ToValue, V: ToValue> ToValue for BTreeMap<K, V> {
    fn to_value(&self) -> Value {
        Value::map(self.iter().map(|(k, v)| (k.to_value(), v.to_value())))
    }
}

impl<K: ToValue, V: ToValue, S> ToValue for HashMap<K, V, S> {
    fn to_value(&self) -> Value {
        Value::map(self.iter().map(|(k, v)| (k.to_value(), v.to_value())))
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue + ?Sized> ToValue for Box<T> {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue + ?Sized> ToValue for Arc<T> {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue + ?Sized> ToValue for std::rc::Rc<T> {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

macro_rules! tuple_to_value {
    ($(($($name:ident $idx:tt),+)),*) => {$(
        impl<$($name: ToValue),+> ToValue for ($($name,)+) {
            fn to_value(&self) -> Value {
                Value::Tuple(Arc::new(vec![$(self.$idx.to_value()),+]))
            }
        }
    )*};
}
tuple_to_value!((A 0), (A 0, B 1), (A 0, B 1, C 2), (A 0, B 1, C 2, D 3));

#[cfg(feature = "json")]
impl ToValue for serde_json::Value {
    /// JSON as Jinja2 sees it in Python: `null` is `none`, objects are dicts, integers stay
    /// integers. A `serde_json::Value` keeps an object's keys sorted; to keep the order of
    /// the document, as Python's `json.load` does, read the text straight into a [`Value`]
    /// (`serde_json::from_str::<Value>(text)`).
    fn to_value(&self) -> Value {
        match self {
            serde_json::Value::Null => Value::None,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Value::Int(i128::from(i)),
                (None, Some(u)) => Value::Int(i128::from(u)),
                _ => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::str(s.as_str()),
            serde_json::Value::Array(items) => {
                Value::list(items.iter().map(ToValue::to_value).collect())
            }
            serde_json::Value::Object(entries) => Value::Map(Arc::new(
                entries
                    .iter()
                    .map(|(k, v)| (Value::str(k.as_str()), v.to_value()))
                    .collect::<super::Map>(),
            )),
        }
    }
}

/// Any serde format read straight into a [`Value`], as Jinja2 sees JSON loaded in Python:
/// `null` is `none`, integers stay integers, and objects are dicts in the document's order.
///
/// ```
/// use kiln::dynamic::Value;
/// let data: Value = serde_json::from_str(r#"{"b": [1, 2.5, null], "a": "x"}"#).unwrap();
/// assert_eq!(kiln::value::to_string(&data), "{'b': [1, 2.5, None], 'a': 'x'}");
/// ```
#[cfg(feature = "json")]
impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

#[cfg(feature = "json")]
struct ValueVisitor;

#[cfg(feature = "json")]
impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i128::from(i)))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Int(i128::from(u)))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Float(f))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::str(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::None)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(inner)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::list(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = super::Map::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            entries.insert(Value::str(key), value);
        }
        Ok(Value::Map(Arc::new(entries)))
    }
}

/// A field of a template struct or of a `#[derive(ToValue)]` type, for conversion to a
/// [`Value`]: through [`ToValue`] where its type implements it, else through
/// `serde::Serialize` (with the `json` feature), else [`Value::Opaque`]. Autoref
/// specialization, `(&&&Probe(&field)).kiln_value()`, so a field of any type compiles.
pub struct Probe<'a, T: ?Sized>(pub &'a T);

/// The conversion of a field whose type implements [`ToValue`].
pub trait ViaToValue {
    /// The field's value.
    fn kiln_value(&self) -> Value;
}

impl<T: ToValue + ?Sized> ViaToValue for &&Probe<'_, T> {
    fn kiln_value(&self) -> Value {
        self.0.to_value()
    }
}

/// The conversion of a field whose type has no [`ToValue`] but implements
/// `serde::Serialize` (with the `json` feature): through its JSON form, so a struct is a
/// map of its fields (in key order, as `serde_json` keeps them).
pub trait ViaSerialize {
    /// The field's value.
    fn kiln_value(&self) -> Value;
}

#[cfg(feature = "json")]
impl<T: serde::Serialize + ?Sized> ViaSerialize for &Probe<'_, T> {
    fn kiln_value(&self) -> Value {
        match serde_json::to_value(self.0) {
            Ok(json) => json.to_value(),
            Err(_) => Value::Opaque(std::any::type_name::<T>()),
        }
    }
}

/// The stand-in for a field whose type has no [`ToValue`]: the interpreter says so where
/// a template reads it.
pub trait ViaOpaque {
    /// [`Value::Opaque`] with the type's name.
    fn kiln_value(&self) -> Value;
}

impl<T: ?Sized> ViaOpaque for Probe<'_, T> {
    fn kiln_value(&self) -> Value {
        Value::Opaque(std::any::type_name::<T>())
    }
}
