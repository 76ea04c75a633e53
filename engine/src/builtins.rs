//! Jinja2's built-in filters and tests as Kiln knows them: one row each, with its
//! parameters, their typed defaults, and how the compiler treats its output.
//!
//! The check stage binds every call's arguments against these rows; code generation reads
//! the same rows to call the runtime function. Nothing else lists filter or test names.

use crate::ast::BinaryOp;

/// How an argument is passed to a built-in filter's runtime function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// As the Rust value (numbers, `&str`).
    Value,
    /// Wrapped in `Some(…)`, for a parameter whose default is `none`.
    Some,
    /// Places borrowed, temporaries moved: for generic parameters that keep the value.
    Generic,
    /// `Some(&…)`: an optional collection, borrowed.
    SomeRef,
}

/// A parameter's default, as the value it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamDefault {
    /// The argument must be given.
    Required,
    /// `none`, passed as `Option::None` (of the parameter's type).
    None,
    /// `none` for an optional integer whose type is otherwise open.
    NoneInt,
    /// `none` for an optional list of strings.
    NoneStrs,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(&'static str),
}

/// One parameter of a built-in filter or test, after the value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Param {
    /// Its Jinja2 name, for keyword arguments.
    pub name: &'static str,
    /// How its argument is passed.
    pub pass: Pass,
    /// Its default.
    pub default: ParamDefault,
}

/// What a filter's output is, for escaping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    /// Plain text, escaped when printed.
    No,
    /// Safe markup, whatever the input (`escape`, `urlize`, `tojson`, …).
    Always,
    /// Safe markup when the input is (Jinja2's `Markup` string methods: `upper`, `trim`, …).
    Kept,
}

/// How a filter compiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A call of `kiln::filters::<function>(&value, args…)`.
    Call,
    /// The same, with the input moved when it is a temporary (`first`, `last`, `list` keep
    /// what a previous filter made).
    Consumes,
    /// `format`: any number of positional arguments, no keywords.
    Format,
    /// A filter that takes an attribute, a test or a filter by name (`map`, `sort`, …): its
    /// arguments become code at compile time (`check::filters` lowers it).
    ByName,
}

/// A built-in filter.
#[derive(Debug, PartialEq)]
pub struct FilterSpec {
    /// Its name.
    pub name: &'static str,
    /// Other names for it (`d` for `default`).
    pub aliases: &'static [&'static str],
    /// The runtime function (`kiln::filters::<function>`).
    pub function: &'static str,
    /// Its parameters after the value. For `map`, `select`, `reject`, `selectattr` and
    /// `rejectattr`, whose arguments depend on the first one, this is empty and `ByName`
    /// lowering checks them.
    pub params: &'static [Param],
    /// What its output is.
    pub markup: Markup,
    /// Whether, printed on its own, it writes straight into the output
    /// (`kiln::filters::streamed`) instead of returning a `String`.
    pub streams: bool,
    /// How it compiles.
    pub shape: Shape,
}

impl FilterSpec {
    /// Whether `name` names this filter.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }

    /// `name(a, b=…)`, for messages.
    pub fn signature(&self) -> String {
        signature(self.name, self.params)
    }
}

/// `name(a, b=1)`, for messages.
pub fn signature(name: &str, params: &[Param]) -> String {
    let params: Vec<String> = params
        .iter()
        .map(|p| match p.default {
            ParamDefault::Required => p.name.to_owned(),
            ParamDefault::None | ParamDefault::NoneInt | ParamDefault::NoneStrs => {
                format!("{}=none", p.name)
            }
            ParamDefault::Bool(b) => format!("{}={b}", p.name),
            ParamDefault::Int(i) => format!("{}={i}", p.name),
            ParamDefault::Float(f) => format!("{}={f:?}", p.name),
            ParamDefault::Str(s) => format!("{}={s:?}", p.name),
        })
        .collect();
    format!("{name}({})", params.join(", "))
}

const fn param(name: &'static str, pass: Pass, default: ParamDefault) -> Param {
    Param {
        name,
        pass,
        default,
    }
}

const fn filter(name: &'static str, params: &'static [Param]) -> FilterSpec {
    FilterSpec {
        name,
        aliases: &[],
        function: name,
        params,
        markup: Markup::No,
        streams: false,
        shape: Shape::Call,
    }
}

use ParamDefault as D;
use Pass::{Generic, SomeRef, Value};

const OPTIONAL: Pass = Pass::Some;

/// Every built-in filter, in alphabetical order.
pub static FILTERS: &[FilterSpec] = &[
    filter("abs", &[]),
    FilterSpec {
        shape: Shape::ByName,
        ..filter("attr", &[param("name", Value, D::Required)])
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter(
            "batch",
            &[
                param("linecount", Value, D::Required),
                param("fill_with", Value, D::None),
            ],
        )
    },
    FilterSpec {
        markup: Markup::Kept,
        ..filter("capitalize", &[])
    },
    FilterSpec {
        markup: Markup::Kept,
        ..filter("center", &[param("width", Value, D::Int(80))])
    },
    FilterSpec {
        aliases: &["d"],
        ..filter(
            "default",
            &[
                param("default_value", Generic, D::Str("")),
                param("boolean", Value, D::Bool(false)),
            ],
        )
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter(
            "dictsort",
            &[
                param("case_sensitive", Value, D::Bool(false)),
                param("by", Value, D::Str("key")),
                param("reverse", Value, D::Bool(false)),
            ],
        )
    },
    FilterSpec {
        aliases: &["e"],
        markup: Markup::Always,
        ..filter("escape", &[])
    },
    filter("filesizeformat", &[param("binary", Value, D::Bool(false))]),
    FilterSpec {
        shape: Shape::Consumes,
        ..filter("first", &[])
    },
    filter("float", &[param("default", Value, D::Float(0.0))]),
    FilterSpec {
        markup: Markup::Always,
        ..filter("forceescape", &[])
    },
    FilterSpec {
        markup: Markup::Kept,
        shape: Shape::Format,
        ..filter("format", &[])
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter(
            "groupby",
            &[
                param("attribute", Value, D::Required),
                param("default", Value, D::None),
                param("case_sensitive", Value, D::Bool(false)),
            ],
        )
    },
    FilterSpec {
        markup: Markup::Kept,
        ..filter(
            "indent",
            &[
                param("width", Value, D::Int(4)),
                param("first", Value, D::Bool(false)),
                param("blank", Value, D::Bool(false)),
            ],
        )
    },
    filter(
        "int",
        &[
            param("default", Value, D::Int(0)),
            param("base", Value, D::Int(10)),
        ],
    ),
    filter("items", &[]),
    FilterSpec {
        streams: true,
        ..filter(
            "join",
            &[
                param("d", Value, D::Str("")),
                param("attribute", Value, D::None),
            ],
        )
    },
    FilterSpec {
        shape: Shape::Consumes,
        ..filter("last", &[])
    },
    FilterSpec {
        aliases: &["count"],
        ..filter("length", &[])
    },
    FilterSpec {
        markup: Markup::Always,
        ..filter("linebreaks", &[])
    },
    FilterSpec {
        markup: Markup::Always,
        ..filter("linebreaksbr", &[])
    },
    FilterSpec {
        shape: Shape::Consumes,
        ..filter("list", &[])
    },
    FilterSpec {
        markup: Markup::Kept,
        ..filter("lower", &[])
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter("map", &[])
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter("max", CASE_ATTRIBUTE)
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter("min", CASE_ATTRIBUTE)
    },
    filter(
        "pluralize",
        &[
            param("singular", Generic, D::Str("")),
            param("plural", Generic, D::Str("s")),
        ],
    ),
    FilterSpec {
        shape: Shape::ByName,
        ..filter("reject", &[])
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter("rejectattr", &[])
    },
    FilterSpec {
        markup: Markup::Kept,
        ..filter(
            "replace",
            &[
                param("old", Value, D::Required),
                param("new", Value, D::Required),
                param("count", OPTIONAL, D::None),
            ],
        )
    },
    filter("reverse", &[]),
    filter(
        "round",
        &[
            param("precision", Value, D::Int(0)),
            param("method", Value, D::Str("common")),
        ],
    ),
    FilterSpec {
        markup: Markup::Always,
        ..filter("safe", &[])
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter("select", &[])
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter("selectattr", &[])
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter(
            "slice",
            &[
                param("slices", Value, D::Required),
                param("fill_with", Value, D::None),
            ],
        )
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter(
            "sort",
            &[
                param("reverse", Value, D::Bool(false)),
                param("case_sensitive", Value, D::Bool(false)),
                param("attribute", Value, D::None),
            ],
        )
    },
    FilterSpec {
        markup: Markup::Kept,
        ..filter("string", &[])
    },
    filter("striptags", &[]),
    FilterSpec {
        shape: Shape::ByName,
        ..filter(
            "sum",
            &[
                param("attribute", Value, D::None),
                param("start", Value, D::Int(0)),
            ],
        )
    },
    FilterSpec {
        markup: Markup::Kept,
        ..filter("title", &[])
    },
    FilterSpec {
        markup: Markup::Always,
        ..filter("tojson", &[param("indent", OPTIONAL, D::NoneInt)])
    },
    FilterSpec {
        markup: Markup::Kept,
        ..filter("trim", &[param("chars", OPTIONAL, D::None)])
    },
    FilterSpec {
        markup: Markup::Kept,
        streams: true,
        ..filter(
            "truncate",
            &[
                param("length", Value, D::Int(255)),
                param("killwords", Value, D::Bool(false)),
                param("end", Value, D::Str("...")),
                param("leeway", Value, D::Int(5)),
            ],
        )
    },
    FilterSpec {
        shape: Shape::ByName,
        ..filter("unique", CASE_ATTRIBUTE)
    },
    FilterSpec {
        markup: Markup::Kept,
        streams: true,
        ..filter("upper", &[])
    },
    filter("urlencode", &[]),
    FilterSpec {
        markup: Markup::Always,
        ..filter(
            "urlize",
            &[
                param("trim_url_limit", OPTIONAL, D::NoneInt),
                param("nofollow", Value, D::Bool(false)),
                param("target", OPTIONAL, D::None),
                param("rel", OPTIONAL, D::None),
                param("extra_schemes", SomeRef, D::NoneStrs),
            ],
        )
    },
    filter("wordcount", &[]),
    filter(
        "wordwrap",
        &[
            param("width", Generic, D::Int(79)),
            param("break_long_words", Value, D::Bool(true)),
            param("wrapstring", OPTIONAL, D::None),
            param("break_on_hyphens", Value, D::Bool(true)),
        ],
    ),
    FilterSpec {
        markup: Markup::Always,
        ..filter("xmlattr", &[param("autospace", Value, D::Bool(true))])
    },
];

/// `case_sensitive=false, attribute=none`.
const CASE_ATTRIBUTE: &[Param] = &[
    param("case_sensitive", Value, D::Bool(false)),
    param("attribute", Value, D::None),
];

/// The built-in filter called `name` (or one of its aliases).
pub fn filter_named(name: &str) -> Option<&'static FilterSpec> {
    FILTERS.iter().find(|f| f.is_named(name))
}

/// Every built-in filter name and alias, for did-you-mean.
pub fn filter_names() -> impl Iterator<Item = &'static str> {
    FILTERS
        .iter()
        .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied()))
}

/// How a test compiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestKind {
    /// `defined` (`false`) / `undefined` (`true`): an empty `Option` is undefined.
    Undefined(bool),
    /// `none`.
    None,
    /// A `kiln::tests` function of the value, that may fail (`odd`, `divisibleby`).
    Fallible(&'static str),
    /// A `kiln::tests` function of the value as a `Val`, if it has one (`number`).
    Val(&'static str),
    /// `sequence`, `iterable`, `mapping`: a field of `Shaped`.
    Shape(&'static str),
    /// A `kiln::tests` function of the value's text (`lower`, `startingwith`).
    Text(&'static str),
    /// A comparison operator.
    Compare(BinaryOp),
    /// `sameas`.
    SameAs,
    /// `escaped`.
    Escaped,
    /// `filter` / `test`: whether a built-in of that name exists, known at compile time.
    Exists(&'static str),
}

/// A built-in test.
#[derive(Debug, PartialEq)]
pub struct TestSpec {
    /// Its names (Jinja2 has several for the comparisons).
    pub names: &'static [&'static str],
    /// How it compiles.
    pub kind: TestKind,
    /// Its parameters after the value; all required.
    pub params: &'static [&'static str],
}

const fn test(
    names: &'static [&'static str],
    kind: TestKind,
    params: &'static [&'static str],
) -> TestSpec {
    TestSpec {
        names,
        kind,
        params,
    }
}

/// Jinja2's built-in tests, and Kiln's `startingwith` / `endingwith`.
pub static TESTS: &[TestSpec] = &[
    test(&["defined"], TestKind::Undefined(false), &[]),
    test(&["undefined"], TestKind::Undefined(true), &[]),
    test(&["none"], TestKind::None, &[]),
    test(&["odd"], TestKind::Fallible("odd"), &[]),
    test(&["even"], TestKind::Fallible("even"), &[]),
    test(
        &["divisibleby"],
        TestKind::Fallible("divisibleby"),
        &["num"],
    ),
    test(&["number"], TestKind::Val("number"), &[]),
    test(&["integer"], TestKind::Val("integer"), &[]),
    test(&["float"], TestKind::Val("float"), &[]),
    test(&["boolean"], TestKind::Val("boolean"), &[]),
    test(&["string"], TestKind::Val("string"), &[]),
    test(&["true"], TestKind::Val("true_"), &[]),
    test(&["false"], TestKind::Val("false_"), &[]),
    test(&["sequence"], TestKind::Shape("sequence"), &[]),
    test(&["iterable"], TestKind::Shape("iterable"), &[]),
    test(&["mapping"], TestKind::Shape("mapping"), &[]),
    test(&["lower"], TestKind::Text("lower"), &[]),
    test(&["upper"], TestKind::Text("upper"), &[]),
    test(
        &["startingwith"],
        TestKind::Text("startingwith"),
        &["prefix"],
    ),
    test(&["endingwith"], TestKind::Text("endingwith"), &["suffix"]),
    test(
        &["eq", "equalto", "=="],
        TestKind::Compare(BinaryOp::Eq),
        &["other"],
    ),
    test(&["ne", "!="], TestKind::Compare(BinaryOp::Ne), &["other"]),
    test(
        &["lt", "lessthan", "<"],
        TestKind::Compare(BinaryOp::Lt),
        &["other"],
    ),
    test(&["le", "<="], TestKind::Compare(BinaryOp::Le), &["other"]),
    test(
        &["gt", "greaterthan", ">"],
        TestKind::Compare(BinaryOp::Gt),
        &["other"],
    ),
    test(&["ge", ">="], TestKind::Compare(BinaryOp::Ge), &["other"]),
    test(&["in"], TestKind::Compare(BinaryOp::In), &["seq"]),
    test(&["sameas"], TestKind::SameAs, &["other"]),
    test(&["escaped"], TestKind::Escaped, &[]),
    test(&["filter"], TestKind::Exists("filter"), &[]),
    test(&["test"], TestKind::Exists("test"), &[]),
];

/// The built-in test called `name`.
pub fn test_named(name: &str) -> Option<&'static TestSpec> {
    TESTS.iter().find(|t| t.names.contains(&name))
}

/// Every test name, for did-you-mean and the list in messages.
pub fn test_names() -> impl Iterator<Item = &'static str> {
    TESTS.iter().flat_map(|t| t.names.iter().copied())
}

/// Python's string methods (`title.upper()`, `", ".join(names)`), run by
/// `kiln::__private::py`, with the numbers of arguments each takes there.
const PY_METHODS: &[(&str, &[usize])] = &[
    ("upper", &[0]),
    ("lower", &[0]),
    ("title", &[0]),
    ("capitalize", &[0]),
    ("swapcase", &[0]),
    ("strip", &[0, 1]),
    ("lstrip", &[0, 1]),
    ("rstrip", &[0, 1]),
    ("split", &[0, 1, 2]),
    ("rsplit", &[0, 1, 2]),
    ("splitlines", &[0]),
    ("isdigit", &[0]),
    ("isalpha", &[0]),
    ("isalnum", &[0]),
    ("isspace", &[0]),
    ("islower", &[0]),
    ("isupper", &[0]),
    ("format", &[0, 1, 2, 3]),
    ("startswith", &[1]),
    ("endswith", &[1]),
    ("find", &[1]),
    ("rfind", &[1]),
    ("count", &[1]),
    ("join", &[1]),
    ("center", &[1, 2]),
    ("ljust", &[1, 2]),
    ("rjust", &[1, 2]),
    ("zfill", &[1]),
    ("removeprefix", &[1]),
    ("removesuffix", &[1]),
    ("replace", &[2, 3]),
];

/// Whether `name` called with `args` arguments is one of Python's string methods.
pub(crate) fn is_py_method(name: &str, args: usize) -> bool {
    PY_METHODS
        .iter()
        .any(|(method, counts)| *method == name && counts.contains(&args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_listed_once_in_order() {
        let names: Vec<&str> = FILTERS.iter().map(|f| f.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        let all: Vec<&str> = filter_names().collect();
        let mut unique = all.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(all.len(), unique.len(), "a name or alias is listed twice");
    }

    #[test]
    fn lookups_find_aliases_and_signatures_show_defaults() {
        assert_eq!(filter_named("d").map(|f| f.name), Some("default"));
        assert_eq!(filter_named("count").map(|f| f.name), Some("length"));
        assert!(filter_named("uper").is_none());
        assert_eq!(
            filter_named("truncate")
                .map(FilterSpec::signature)
                .as_deref(),
            Some("truncate(length=255, killwords=false, end=\"...\", leeway=5)")
        );
        assert_eq!(
            test_named("greaterthan").map(|t| t.kind),
            Some(TestKind::Compare(BinaryOp::Gt))
        );
    }
}
