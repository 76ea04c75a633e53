//! Shapes: what the generator knows of a value the template built itself (a dict literal, a
//! list of them, a dict's `items()`), followed wherever the value goes (`set`, `with`, a
//! `for` target, a macro's parameter, a filter's items). Rust's field syntax cannot read a
//! dict's entries, so `value.key` is an item lookup where the value is known to be a dict,
//! and a field everywhere else (the struct's own values, whose types rustc knows).
//!
//! The one thing learnt from Rust types: a field of the struct declared as a map
//! (`HashMap` or `BTreeMap` with `String` keys, directly or in a list, a tuple, a reference or a
//! smart pointer) is read like a dict, `config.site_name` being its item, as Jinja's
//! getattr-then-getitem reads it. The type is read as written: an alias of a map type
//! is not seen through, and `.key` on it stays a field access that rustc refuses.

use std::collections::HashMap;

use super::Generator;
use crate::checked::{BindingId, Expr, ExprKind, FilterKind, Pattern};

/// What is known of a value's structure.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) enum Shape {
    /// Nothing: a value from Rust, or one the generator does not follow.
    #[default]
    Unknown,
    /// A dict literal, with the shape its values share.
    Dict(Box<Shape>),
    /// A list, with the shape its items share.
    List(Box<Shape>),
    /// A tuple, with each item's shape.
    Tuple(Vec<Shape>),
    /// A `cycler(…)`, whose `current` is a method.
    Cycler,
    /// A Rust map (a field declared as one), with the shape of its values.
    Map(Box<Shape>),
    /// One group of `groupby`: a `(grouper, list)` tuple whose items are also read by
    /// Jinja2's names, `group.grouper` and `group.list`; with the grouped items' shape.
    Group(Box<Shape>),
}

impl Shape {
    /// Whether the value is a dict.
    pub(super) fn is_dict(&self) -> bool {
        matches!(self, Shape::Dict(_))
    }

    /// Whether `value.attr` reads an item: any key of a dict or a Rust map, and an index
    /// of a list (`items.0`, Django's spelling, which Jinja2 reads as `items[0]`).
    pub(super) fn reads_items(&self, attr: &str) -> bool {
        match self {
            Shape::Dict(_) | Shape::Map(_) => true,
            Shape::List(_) => !attr.is_empty() && attr.bytes().all(|b| b.is_ascii_digit()),
            Shape::Tuple(_) | Shape::Group(_) | Shape::Cycler | Shape::Unknown => false,
        }
    }

    /// The tuple field that `value.attr` names on a `groupby` group: `grouper` is 0 and
    /// `list` is 1, as in Jinja2's named tuple.
    pub(super) fn group_field(&self, attr: &str) -> Option<u32> {
        match (self, attr) {
            (Shape::Group(_), "grouper") => Some(0),
            (Shape::Group(_), "list") => Some(1),
            _ => None,
        }
    }

    /// What a field's declared type says of its structure: maps and lists, through
    /// references and smart pointers.
    pub(super) fn of_type(ty: &syn::Type) -> Shape {
        let within = |inner: &syn::Type, wrap: fn(Box<Shape>) -> Shape| {
            wrap(Box::new(Shape::of_type(inner)))
        };
        match ty {
            syn::Type::Reference(r) => Shape::of_type(&r.elem),
            syn::Type::Paren(p) => Shape::of_type(&p.elem),
            syn::Type::Group(g) => Shape::of_type(&g.elem),
            syn::Type::Slice(s) => within(&s.elem, Shape::List),
            syn::Type::Array(a) => within(&a.elem, Shape::List),
            syn::Type::Tuple(t) => {
                let items: Vec<Shape> = t.elems.iter().map(Shape::of_type).collect();
                if items.iter().all(|i| *i == Shape::Unknown) {
                    Shape::Unknown
                } else {
                    Shape::Tuple(items)
                }
            }
            syn::Type::Path(p) if p.qself.is_none() => {
                let Some(last) = p.path.segments.last() else {
                    return Shape::Unknown;
                };
                let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                    return Shape::Unknown;
                };
                let types: Vec<&syn::Type> = args
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect();
                match (last.ident.to_string().as_str(), types.as_slice()) {
                    ("HashMap" | "BTreeMap", [_, value, ..]) => {
                        Shape::Map(Box::new(Shape::of_type(value)))
                    }
                    ("Vec" | "VecDeque", [item, ..]) => within(item, Shape::List),
                    ("Box" | "Rc" | "Arc", [inner]) => Shape::of_type(inner),
                    _ => Shape::Unknown,
                }
            }
            _ => Shape::Unknown,
        }
    }

    /// The shape two values share (a list's items, an `if`'s branches).
    fn join(self, other: Shape) -> Shape {
        match (self, other) {
            (a, b) if a == b => a,
            (Shape::Dict(a), Shape::Dict(b)) => Shape::Dict(Box::new(a.join(*b))),
            (Shape::Map(a), Shape::Map(b)) => Shape::Map(Box::new(a.join(*b))),
            (Shape::List(a), Shape::List(b)) => Shape::List(Box::new(a.join(*b))),
            (Shape::Tuple(a), Shape::Tuple(b)) if a.len() == b.len() => {
                Shape::Tuple(a.into_iter().zip(b).map(|(a, b)| a.join(b)).collect())
            }
            _ => Shape::Unknown,
        }
    }

    /// The shape shared by all of `shapes`.
    fn join_all(shapes: impl IntoIterator<Item = Shape>) -> Shape {
        shapes
            .into_iter()
            .reduce(Shape::join)
            .unwrap_or(Shape::Unknown)
    }

    /// The shape of each item when the value is iterated (a dict's keys are not followed).
    pub(super) fn item(&self) -> Shape {
        match self {
            Shape::List(item) => (**item).clone(),
            Shape::Tuple(items) => Shape::join_all(items.iter().cloned()),
            Shape::Dict(_) | Shape::Map(_) | Shape::Group(_) | Shape::Cycler | Shape::Unknown => {
                Shape::Unknown
            }
        }
    }

    /// The shape of `value[key]` (and of `value.key` on a dict).
    fn at(&self, key: Option<&Expr>) -> Shape {
        match (self, key.map(|k| &k.kind)) {
            (Shape::Dict(value) | Shape::Map(value) | Shape::List(value), _) => (**value).clone(),
            (Shape::Tuple(items), Some(ExprKind::Int(i))) => usize::try_from(*i)
                .ok()
                .and_then(|i| items.get(i).cloned())
                .unwrap_or_default(),
            (Shape::Group(_), Some(ExprKind::Int(i))) => self.group_part(*i == 1),
            _ => Shape::Unknown,
        }
    }

    /// The shape of a group's list (its item 1) if `list`, else of its grouper.
    fn group_part(&self, list: bool) -> Shape {
        match self {
            Shape::Group(items) if list => Shape::List(items.clone()),
            _ => Shape::Unknown,
        }
    }

    /// The `(key, value)` pairs of a dict, as `items()` and `dictsort` give them.
    fn pairs(&self) -> Shape {
        match self {
            Shape::Dict(value) | Shape::Map(value) => Shape::List(Box::new(Shape::Tuple(vec![
                Shape::Unknown,
                (**value).clone(),
            ]))),
            _ => Shape::Unknown,
        }
    }
}

/// The shapes of the locals bound so far where code is being generated.
#[derive(Default)]
pub(super) struct Shapes(HashMap<BindingId, Shape>);

impl Generator<'_> {
    /// What is known of `expr`'s structure.
    pub(super) fn shape(&self, expr: &Expr) -> Shape {
        match &expr.kind {
            ExprKind::Dict(entries) => Shape::Dict(Box::new(Shape::join_all(
                entries.iter().map(|(_, value)| self.shape(value)),
            ))),
            ExprKind::List(items) => Shape::List(Box::new(Shape::join_all(
                items.iter().map(|i| self.shape(i)),
            ))),
            ExprKind::Tuple(items) => Shape::Tuple(items.iter().map(|i| self.shape(i)).collect()),
            ExprKind::Cycler(_) => Shape::Cycler,
            ExprKind::Local(id) => self.shapes.0.get(id).cloned().unwrap_or_default(),
            ExprKind::Field(name) => self
                .options
                .field_types
                .iter()
                .find(|(field, _)| field == name)
                .map_or(Shape::Unknown, |(_, ty)| Shape::of_type(ty)),
            ExprKind::Attr(object, attr) => match self.shape(object) {
                items if items.reads_items(&attr.node) => items.at(None),
                group @ Shape::Group(_) => {
                    group.group_part(matches!(attr.node.as_str(), "list" | "1"))
                }
                _ => Shape::Unknown,
            },
            ExprKind::Index(object, key) => self.shape(object).at(Some(key)),
            ExprKind::Method(object, name, args) => {
                let object = self.shape(object);
                match (&object, name.node.as_str(), args.len()) {
                    (Shape::Dict(_) | Shape::Map(_), "items", 0) => object.pairs(),
                    (Shape::Dict(value) | Shape::Map(value), "values", 0) => {
                        Shape::List(value.clone())
                    }
                    (Shape::Dict(value), "get", _) => (**value).clone(),
                    _ => Shape::Unknown,
                }
            }
            ExprKind::Cond {
                then, otherwise, ..
            } => match otherwise {
                Some(otherwise) => self.shape(then).join(self.shape(otherwise)),
                None => self.shape(then),
            },
            ExprKind::Filter(filter) => {
                let value = self.shape(&filter.value);
                match &filter.kind {
                    FilterKind::Builtin(spec, _) => match spec.name {
                        "first" | "last" | "random" => value.item(),
                        "list" | "reverse" => Shape::List(Box::new(value.item())),
                        "default" | "d" => value,
                        "items" => value.pairs(),
                        _ => Shape::Unknown,
                    },
                    FilterKind::Select(_) | FilterKind::Sort { .. } | FilterKind::Unique { .. } => {
                        Shape::List(Box::new(value.item()))
                    }
                    FilterKind::MinMax { .. } => value.item(),
                    FilterKind::DictSort { .. } => value.pairs(),
                    FilterKind::GroupBy { .. } => {
                        Shape::List(Box::new(Shape::Group(Box::new(value.item()))))
                    }
                    _ => Shape::Unknown,
                }
            }
            _ => Shape::Unknown,
        }
    }

    /// Records that the names of `pattern` hold a value of `shape`.
    pub(super) fn bind_shape(&mut self, pattern: &Pattern, shape: Shape) {
        match pattern {
            Pattern::Name(id) => self.bind_shape_of(*id, shape),
            Pattern::Tuple(items) => {
                for (i, item) in items.iter().enumerate() {
                    let part = match &shape {
                        Shape::Tuple(parts) => parts.get(i).cloned().unwrap_or_default(),
                        Shape::Group(_) => shape.group_part(i == 1),
                        _ => Shape::Unknown,
                    };
                    self.bind_shape(item, part);
                }
            }
        }
    }

    /// Records that local `id` holds a value of `shape`.
    pub(super) fn bind_shape_of(&mut self, id: BindingId, shape: Shape) {
        if shape == Shape::Unknown {
            self.shapes.0.remove(&id);
        } else {
            self.shapes.0.insert(id, shape);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::codegen::test_support::assert_compiles;

    /// `.key` on a dict reads its item wherever the dict goes; elsewhere it is a field.
    #[test]
    fn dict_attributes_are_items_wherever_the_dict_goes() {
        let item = "kiln_item (\"a\")";
        assert_compiles("{% set d = {'a': 1} %}{{ d.a }}", &[item]);
        assert_compiles("{% with d = {'a': 1} %}{{ d.a }}{% endwith %}", &[item]);
        assert_compiles("{% for d in [{'a': 1}] %}{{ d.a }}{% endfor %}", &[item]);
        assert_compiles("{{ {'a': {'b': 1}}.a.b }}", &[item, "kiln_item (\"b\")"]);
        assert_compiles(
            "{% for k, v in {'x': {'a': 1}}.items() %}{{ v.a }}{% endfor %}",
            &[item],
        );
        assert_compiles(
            "{% macro m(d) %}{{ d.a }}{% endmacro %}{{ m({'a': 1}) }}",
            &[item],
        );
        assert_compiles(
            "{{ [{'a': 1}]|map(attribute='a')|join }}{{ [{'a': 1}]|selectattr('a')|list }}",
            &[item],
        );
        assert_compiles("{{ {'a': 1}.get('a', 2) }}", &["get_or"]);
        // A field of the struct stays a field, and a name set to a dict and then to
        // something else is followed.
        let out = crate::codegen::test_support::compile(
            "{{ users.a }}{% set d = {'a': 1} %}{% set d = users %}{{ d.a }}",
        );
        assert!(!out.contains("kiln_item"), "{out}");
    }

    /// A `groupby` group answers to Jinja2's `grouper` and `list` (its tuple fields 0 and
    /// 1) wherever it goes; elsewhere `grouper` and `list` stay fields.
    #[test]
    fn groupby_groups_read_grouper_and_list() {
        let out = crate::codegen::test_support::compile(
            "{% for g in users|groupby('city') %}{{ g.grouper }}{{ g.list[0].name }}{% endfor %}\
             {% set gs = users|groupby('city') %}{{ (gs|first).grouper }}\
             {% macro m(g) %}{{ g.list|length }}{% endmacro %}{% for g in gs %}{{ m(g) }}{% endfor %}\
             {% for g in gs|sort(attribute='grouper') %}{{ g.grouper }}{% endfor %}",
        );
        assert!(!out.contains("compile_error"), "{out}");
        assert!(
            !out.contains(". grouper") && !out.contains(". list"),
            "{out}"
        );
        let out = crate::codegen::test_support::compile(
            "{% for g in users %}{{ g.grouper }}{{ g.list }}{% endfor %}",
        );
        assert!(out.contains(". grouper") && out.contains(". list"), "{out}");
    }

    /// A field declared as a Rust map is read like a dict, and one declared as a list
    /// like a list, through nested maps and lists, references and smart pointers.
    #[test]
    fn rust_map_fields_are_read_like_dicts() {
        use super::Shape;
        let shape = |ty: &str| Shape::of_type(&syn::parse_str(ty).expect("a type"));
        let map = |value| Shape::Map(Box::new(value));
        assert_eq!(shape("HashMap<String, String>"), map(Shape::Unknown));
        assert_eq!(
            shape("&'a std::collections::BTreeMap<String, Arc<HashMap<String, i64>>>"),
            map(map(Shape::Unknown))
        );
        assert_eq!(
            shape("Vec<BTreeMap<String, u8>>"),
            Shape::List(Box::new(map(Shape::Unknown)))
        );
        assert_eq!(
            shape("(u8, HashMap<String, u8>)"),
            Shape::Tuple(vec![Shape::Unknown, map(Shape::Unknown)])
        );
        let list = |item| Shape::List(Box::new(item));
        assert_eq!(shape("&[String]"), list(Shape::Unknown));
        assert_eq!(shape("Box<[[u8; 2]; 3]>"), list(list(Shape::Unknown)));
        for other in ["(u8, u8)", "Option<HashMap<String, u8>>", "Config", "u8"] {
            assert_eq!(shape(other), Shape::Unknown, "{other}");
        }
    }
}
