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
    /// JSON as Jinja2 sees it in Python: `null` is `none`, objects are dicts in their
    /// order, integers stay integers.
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
