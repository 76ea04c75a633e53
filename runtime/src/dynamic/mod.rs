//! Values known only at run time, for the interpreter (hot reload, `kiln render`).
//!
//! A compiled template reads the struct's fields as their Rust types. The interpreter
//! renders the same checked tree with a [`Value`] for each, and prints, compares and
//! filters them through the same traits ([`Render`](crate::Render),
//! [`Truthy`](crate::Truthy), [`Operand`](crate::Operand), the filters' traits) that the
//! compiled code uses, so both paths write the same bytes.

mod convert;
mod traits;

use std::sync::{Arc, Mutex};

pub use convert::ToValue;
#[doc(hidden)]
pub use convert::{Probe, ViaOpaque, ViaSerialize, ViaToValue};

/// A template value whose type is known only at run time.
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// Jinja's undefined: prints as nothing, is false.
    #[default]
    Undefined,
    /// `none` (the literal, JSON `null`).
    None,
    /// An empty `Option` from Rust: as in a compiled template, it prints as `None` and is
    /// `none`, but counts as undefined for `is defined` and `default`.
    Absent,
    /// `true` / `false`.
    Bool(bool),
    /// An integer of any Rust integer type.
    Int(i128),
    /// A float.
    Float(f64),
    /// Text, escaped when printed.
    Str(Arc<str>),
    /// Safe markup, printed as it is.
    Safe(Arc<str>),
    /// A list (a `Vec`, a slice, a JSON array).
    List(Arc<Vec<Value>>),
    /// A tuple.
    Tuple(Arc<Vec<Value>>),
    /// A map or dict, in its order (a struct's fields are one too).
    Map(Arc<Map>),
    /// A `namespace()`: attributes by index, set by `{% set ns.attr = … %}`.
    Namespace(Arc<Mutex<Vec<Value>>>),
    /// A `cycler(…)` or `joiner(…)`, with its state.
    Helper(Helper),
    /// A Rust value the interpreter cannot read (its type implements no [`ToValue`]),
    /// by its type's name.
    Opaque(&'static str),
}

/// The state of a `cycler(…)` or a `joiner(…)`, shared by the copies of the value.
#[derive(Clone, Debug)]
pub struct Helper(Arc<Mutex<HelperState>>);

#[derive(Debug)]
enum HelperState {
    Cycler { items: Vec<Value>, position: usize },
    Joiner { separator: Value, used: bool },
}

impl Helper {
    /// `cycler(items…)`.
    pub fn cycler(items: Vec<Value>) -> Self {
        Helper(Arc::new(Mutex::new(HelperState::Cycler {
            items,
            position: 0,
        })))
    }

    /// `joiner(separator)`.
    pub fn joiner(separator: Value) -> Self {
        Helper(Arc::new(Mutex::new(HelperState::Joiner {
            separator,
            used: false,
        })))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, HelperState> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A cycler's `current` item (`none` for a cycler of nothing); `None` for a joiner.
    pub fn current(&self) -> Option<Value> {
        match &*self.state() {
            HelperState::Cycler { items, position } => {
                Some(items.get(*position).cloned().unwrap_or(Value::None))
            }
            HelperState::Joiner { .. } => None,
        }
    }

    /// A cycler's `next()`: the current item, then the next one becomes current.
    pub fn next(&self) -> Option<Value> {
        let item = self.current()?;
        if let HelperState::Cycler { items, position } = &mut *self.state() {
            if !items.is_empty() {
                *position = (*position + 1) % items.len();
            }
        }
        Some(item)
    }

    /// A cycler's `reset()`: back to the first item; `none`, as Python returns.
    pub fn reset(&self) -> Option<Value> {
        match &mut *self.state() {
            HelperState::Cycler { position, .. } => {
                *position = 0;
                Some(Value::None)
            }
            HelperState::Joiner { .. } => None,
        }
    }

    /// A joiner called: nothing the first time, the separator after; `None` for a cycler.
    pub fn call(&self) -> Option<Value> {
        match &mut *self.state() {
            HelperState::Joiner { separator, used } => Some(if std::mem::replace(used, true) {
                separator.clone()
            } else {
                Value::str("")
            }),
            HelperState::Cycler { .. } => None,
        }
    }
}

/// The entries of a [`Value::Map`], in order; a later entry of a key replaces an earlier
/// one in its place.
#[derive(Clone, Debug, Default)]
pub struct Map {
    entries: Vec<(Value, Value)>,
}

impl Map {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`, in the key's first place if it is there already.
    pub fn insert(&mut self, key: Value, value: Value) {
        match self.entries.iter_mut().find(|(k, _)| k.same_key(&key)) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &Value) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k.same_key(key))
            .map(|(_, v)| v)
    }

    /// The value of the string key `key`.
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_text() == Some(key))
            .map(|(_, v)| v)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&Value, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<(Value, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (Value, Value)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (key, value) in iter {
            map.insert(key, value);
        }
        map
    }
}

impl Value {
    /// A string value.
    pub fn str(text: impl Into<Arc<str>>) -> Self {
        Value::Str(text.into())
    }

    /// A list of `items`.
    pub fn list(items: Vec<Value>) -> Self {
        Value::List(Arc::new(items))
    }

    /// A map of `entries`, in their order.
    pub fn map(entries: impl IntoIterator<Item = (Value, Value)>) -> Self {
        Value::Map(Arc::new(entries.into_iter().collect()))
    }

    /// The text of a string or markup value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Safe(s) => Some(s),
            _ => None,
        }
    }

    /// The items of a list or tuple.
    pub fn as_seq(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) | Value::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// Whether `self` is undefined: Jinja's undefined, or an empty `Option` from Rust.
    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined | Value::Absent)
    }

    /// Python's name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::None | Value::Absent => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Safe(_) => "Markup",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Map(_) => "dict",
            Value::Namespace(_) => "Namespace",
            Value::Helper(_) => "helper",
            Value::Opaque(name) => name,
        }
    }

    /// Whether two values are one key of a dict, as Python compares keys: numbers and
    /// `bool`s by value, strings by text.
    fn same_key(&self, other: &Value) -> bool {
        use crate::ops::CompareEq;
        match (self, other) {
            (Value::List(_) | Value::Map(_) | Value::Helper(_) | Value::Opaque(_), _)
            | (_, Value::List(_) | Value::Map(_) | Value::Helper(_) | Value::Opaque(_)) => false,
            (a, b) => a.equals(b),
        }
    }
}
