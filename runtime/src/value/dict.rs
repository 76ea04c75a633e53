//! [`Dict`]: the value of a dict literal in a template (`{"a": 1}`, `dict(a=1)`), a map that
//! keeps its keys in the order they were first given, as Python's `dict` does.

use std::fmt;

use crate::__private::{Entries, MapMethods};
use crate::escape::Escaper;
use crate::ops::{CompareEq, Container};
use crate::value::{Iterable, Length, Mapping, Operand, Render, Truthy, Val};
use crate::Result;

/// A map in insertion order, with Python's key equality (`1`, `1.0` and `true` are one key).
///
/// Templates make one from a dict literal; its values share one type, `Val` for numbers,
/// strings, `bool` and `none` of any kind. Lookups compare keys one by one: template dicts
/// are small, and a `Vec` of pairs is faster to build and to walk than a hashed map.
///
/// ```
/// use kiln::value::Dict;
/// use kiln::Val;
///
/// let dict: Dict<&str, Val> = [("a", Val::Int(1)), ("b", Val::Bool(true)), ("a", Val::Int(2))]
///     .into_iter()
///     .collect();
/// assert_eq!(dict.len(), 2);
/// assert_eq!(dict.get("a"), Some(&Val::Int(2)));
/// assert_eq!(kiln::value::to_string(&dict), "{'a': 2, 'b': True}");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Dict<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for Dict<K, V> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<K, V> Dict<K, V> {
    /// An empty dict.
    pub fn new() -> Self {
        Self::default()
    }

    /// A dict of `entries`, whose keys the caller knows to be distinct (the template
    /// compiler, for literal keys).
    #[doc(hidden)]
    pub fn from_distinct<const N: usize>(entries: [(K, V); N]) -> Self {
        Self {
            entries: Vec::from(entries),
        }
    }

    /// How many entries it has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Operand, V> Dict<K, V> {
    /// The value of `key`, if it has one. `None` prints as `None`, as Python's `dict.get`
    /// returns it.
    pub fn get<Q: Operand + ?Sized>(&self, key: &Q) -> Option<&V> {
        let key = key.operand();
        self.entries
            .iter()
            .find(|(k, _)| k.operand().equals(&key))
            .map(|(_, v)| v)
    }

    /// Sets `key` to `value`: in place if the key is there, else at the end.
    pub fn insert(&mut self, key: K, value: V) {
        let probe = key.operand();
        let found = self
            .entries
            .iter()
            .position(|(k, _)| k.operand().equals(&probe));
        match found {
            Some(index) => self.entries[index].1 = value,
            None => self.entries.push((key, value)),
        }
    }
}

impl<K: Operand, V> FromIterator<(K, V)> for Dict<K, V> {
    /// Later values of a key replace earlier ones, in the first one's place, as in Python.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut dict = Self::new();
        for (key, value) in entries {
            dict.insert(key, value);
        }
        dict
    }
}

/// Python's `repr` of a dict: `{'a': 1, 'b': 'x'}`.
impl<K: Render, V: Render> Render for Dict<K, V> {
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        super::impls::write_map(out, escaper, self.iter())
    }
}

impl<K, V> Truthy for Dict<K, V> {
    fn is_true(&self) -> bool {
        !self.entries.is_empty()
    }
}

impl<K, V> Length for Dict<K, V> {
    fn length(&self) -> usize {
        self.entries.len()
    }
}

/// Iterating a dict gives its keys, as in Python.
impl<K, V> Iterable for Dict<K, V> {
    type Item<'a>
        = &'a K
    where
        Self: 'a;
    fn kiln_iter(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }
}

impl<K, V> Mapping for Dict<K, V> {
    type Key = K;
    type Value = V;
    fn pairs(&self) -> impl Iterator<Item = (&K, &V)> {
        self.iter()
    }
}

impl<'a, K, V> MapMethods<'a> for &'a Dict<K, V> {
    type Key = K;
    type Value = V;
    fn items(self) -> Entries<impl Iterator<Item = (&'a K, &'a V)>> {
        Entries(self.iter())
    }
    fn keys(self) -> Entries<impl Iterator<Item = &'a K>> {
        Entries(self.entries.iter().map(|(k, _)| k))
    }
    fn values(self) -> Entries<impl Iterator<Item = &'a V>> {
        Entries(self.entries.iter().map(|(_, v)| v))
    }
}

/// `key in dict`.
impl<K: Operand, V> Container for Dict<K, V> {
    fn contains_val(&self, needle: &Val<'_>) -> Result<bool> {
        Ok(self.entries.iter().any(|(k, _)| k.operand().equals(needle)))
    }
}

/// `dict[key]`.
impl<K: Operand, V, Q: Operand> crate::__private::GetItem<Q> for Dict<K, V> {
    type Output = V;
    fn get_item(&self, key: Q) -> Result<&V> {
        self.get(&key).ok_or_else(|| {
            let mut shown = String::new();
            // Writing to a String cannot fail.
            let _ = key.operand().render_repr(&mut shown, crate::Text);
            crate::Error::eval(format!("no key {shown} in the dict"))
        })
    }
}

impl<K, V> crate::value::Shape for Dict<K, V> {
    fn is_sequence(&self) -> bool {
        true
    }
    fn is_iterable(&self) -> bool {
        true
    }
    fn is_mapping(&self) -> bool {
        true
    }
}

impl<K: Render, V: Render> crate::filters::html::UrlEncode for Dict<K, V> {
    fn url_encode(&self) -> String {
        crate::filters::html::encode_pairs(self.iter())
    }
}

/// As JSON, an object; keys become strings as Python's `json` makes them (`1` → `"1"`,
/// `true` → `"true"`, `none` → `"null"`).
#[cfg(feature = "json")]
impl<K: Operand, V: serde::Serialize> serde::Serialize for Dict<K, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            let key = match key.operand() {
                Val::Bool(b) => if b { "true" } else { "false" }.to_owned(),
                Val::None => "null".to_owned(),
                other => crate::value::to_string(&other),
            };
            map.serialize_entry(&key, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::to_string;

    fn dict<const N: usize>(
        entries: [(Val<'static>, Val<'static>); N],
    ) -> Dict<Val<'static>, Val<'static>> {
        entries.into_iter().collect()
    }

    #[test]
    fn keys_are_equal_as_in_python() {
        // Python: {1: 'a', 1.0: 'b', True: 'c', 'x': 'd'} == {1: 'c', 'x': 'd'}
        let d = dict([
            (Val::Int(1), Val::Str("a".into())),
            (Val::Float(1.0), Val::Str("b".into())),
            (Val::Bool(true), Val::Str("c".into())),
            (Val::Str("x".into()), Val::Str("d".into())),
        ]);
        assert_eq!(d.len(), 2);
        assert_eq!(to_string(&d), "{1: 'c', 'x': 'd'}");
        assert_eq!(d.get(&1.0), Some(&Val::Str("c".into())));
        assert_eq!(d.get("y"), None);
        assert!(d.contains_val(&Val::Bool(true)).unwrap());
        assert!(!d.contains_val(&Val::Int(2)).unwrap());
    }

    #[test]
    fn prints_as_python_repr_escaped() {
        let d: Dict<&str, Val> = Dict::from_distinct([
            ("a", Val::Str("<b>".into())),
            ("it's", Val::None),
            ("n", Val::Float(2.0)),
        ]);
        assert_eq!(to_string(&d), "{'a': '<b>', \"it's\": None, 'n': 2.0}");
        let mut html = String::new();
        d.render(&mut html, crate::Html).unwrap();
        assert_eq!(
            html,
            "{&#39;a&#39;: &#39;&lt;b&gt;&#39;, &#34;it&#39;s&#34;: None, &#39;n&#39;: 2.0}"
        );
        assert_eq!(to_string(&Dict::<&str, Val>::new()), "{}");
        assert!(!Dict::<&str, Val>::new().is_true() && d.is_true());
    }

    #[test]
    fn missing_keys_are_errors_not_panics() {
        use crate::__private::GetItem;
        let d: Dict<&str, i32> = Dict::from_distinct([("a", 1)]);
        assert_eq!(d.get_item("a").unwrap(), &1);
        let error = d.get_item("b").unwrap_err();
        assert!(error.to_string().contains("no key 'b'"), "{error}");
        assert!(d.get_item(0).is_err());
    }
}
