//! Rendering through the derive: the `Template` API and Rust-specific features.

use kiln::Template;

#[derive(kiln::ToValue)]
struct Item {
    title: String,
    score: i64,
}

#[derive(Template)]
#[template(path = "hello.html")]
struct Hello<'a> {
    name: &'a str,
    items: Vec<Item>,
    flag: bool,
    maybe: Option<i32>,
    raw: &'a str,
}

fn hello() -> Hello<'static> {
    Hello {
        name: "<world>",
        items: vec![
            Item {
                title: "a & b".into(),
                score: 2,
            },
            Item {
                title: "c".into(),
                score: -1,
            },
        ],
        flag: true,
        maybe: None,
        raw: "<i>x</i>",
    }
}

/// Jinja2 3.1 renders `hello.html` with the same data to exactly this.
const HELLO: &str = "<h1>Hello &lt;world&gt;!</h1>\n<li class=\"odd\">1. A &amp; B (4)</li>\n<li class=\"even\">2. C (-2) last</li>\n3 0.5 3.0 True None &lt;b&gt; <i>x</i>";

#[test]
fn render_matches_jinja2() {
    assert_eq!(hello().render().unwrap(), HELLO);
}

#[test]
fn render_into_display_and_write_into_agree() {
    let page = hello();
    let mut via_fmt = String::new();
    page.render_into(&mut via_fmt).unwrap();
    let mut via_io = Vec::new();
    page.write_into(&mut via_io).unwrap();
    assert_eq!(via_fmt, HELLO);
    assert_eq!(String::from_utf8(via_io).unwrap(), HELLO);
    assert_eq!(format!("{page}"), HELLO);
    assert_eq!(page.to_string(), HELLO);
}

#[test]
fn size_hint_is_in_the_right_range() {
    // Static text plus an estimate per expression and loop: the same order as the output.
    let len = hello().render().unwrap().len();
    assert!(Hello::SIZE_HINT >= len / 4, "{} vs {len}", Hello::SIZE_HINT);
    assert!(
        Hello::SIZE_HINT <= len * 16,
        "{} vs {len}",
        Hello::SIZE_HINT
    );
}

#[derive(Template)]
#[template(
    source = "{% for n in numbers %}<i>{{ n }}</i>{% endfor %}",
    ext = "html"
)]
struct Numbers {
    numbers: Vec<u32>,
}

#[test]
fn render_allocates_what_earlier_renders_needed() {
    // Far more output than SIZE_HINT guesses: after one render, `render` asks for enough
    // capacity up front, so the string is never grown (and its capacity shows it).
    let page = Numbers {
        numbers: (0..5_000).collect(),
    };
    let first = page.render().unwrap();
    assert!(first.len() > 8 * Numbers::SIZE_HINT);
    let learned = Numbers::learned_size()
        .expect("derived templates learn")
        .get();
    assert!(learned >= first.len(), "{learned} < {}", first.len());
    let second = page.render().unwrap();
    assert_eq!(second, first);
    assert_eq!(second.capacity(), learned);
}

#[test]
fn dyn_template_is_object_safe() {
    let boxed: Box<dyn kiln::DynTemplate> = Box::new(hello());
    assert_eq!(boxed.dyn_render().unwrap(), HELLO);
}

/// Methods, generics, lifetimes, `let`, Rust ranges and paths.
#[derive(Template)]
#[template(
    source = "{% let total = items.len() %}{{ title(\"x\") }} {{ total }}{% for i in 0..count %}[{{ i }}]{% endfor %} {{ crate::render::ANSWER }} {{ first.0 }}-{{ first.1 }}",
    ext = "txt"
)]
struct Generic<'a, T: std::fmt::Display> {
    items: &'a [T],
    count: u8,
    first: (T, &'a str),
}

pub const ANSWER: i32 = 42;

impl<T: std::fmt::Display> Generic<'_, T> {
    fn title(&self, suffix: &str) -> String {
        format!("T{}{suffix}", self.items.len())
    }
}

/// `Self` and `self` in paths: the template type and its module, although the render
/// function is compiled in a module of its own.
#[derive(Template)]
#[template(source = "{{ Self::UNIT }} {{ self::ANSWER }} {{ name }}", ext = "txt")]
struct SelfPaths<'a> {
    name: &'a str,
}

impl SelfPaths<'_> {
    const UNIT: &'static str = "km";
}

#[test]
fn self_in_a_path_is_the_template_type() {
    assert_eq!(SelfPaths { name: "n" }.render().unwrap(), "km 42 n");
}

#[test]
fn methods_generics_lifetimes_and_rust_extensions() {
    let page = Generic {
        items: &[1.5, 2.5],
        count: 3,
        first: (7.0, "<&>"),
    };
    // `T` is generic, so it prints through `Display`; `.txt` is not escaped.
    assert_eq!(page.render().unwrap(), "T2x 2[0][1][2] 42 7-<&>");
}

/// A type of the user's own whose methods share names with Python's string methods.
struct Doc {
    words: Vec<&'static str>,
}

impl Doc {
    fn title(&self) -> &str {
        self.words[0]
    }
    fn count(&self, word: &str) -> usize {
        self.words.iter().filter(|w| **w == word).count()
    }
    fn find(&self, at: i64) -> Option<&str> {
        usize::try_from(at)
            .ok()
            .and_then(|i| self.words.get(i).copied())
    }
}

/// Python's string methods on strings, the user's own methods on the user's types.
#[derive(Template)]
#[template(
    source = "{{ doc.title() }} {{ doc.count(\"a\") }} {{ doc.find(1) }} | {{ name.title() }} \
              {{ name.count(\"a\") }} {{ name.find(\"z\") }}{% set d = {\"n\": 1} %}\
              {% if fail %}{{ d.n.upper() }}{% endif %}",
    ext = "txt"
)]
struct Methods {
    doc: Doc,
    name: String,
    fail: bool,
}

#[test]
fn a_users_method_wins_over_pythons_string_method_of_that_name() {
    let page = Methods {
        doc: Doc {
            words: vec!["a", "b", "a"],
        },
        name: "banana split".to_owned(),
        fail: false,
    };
    assert_eq!(page.render().unwrap(), "a 2 b | Banana Split 3 -1");
    let error = Methods { fail: true, ..page }.render().unwrap_err();
    assert_eq!(
        error.to_string(),
        "<source>:1:159: 'int' object has no attribute 'upper'"
    );
}

/// A user type without `Render` prints through `Display`, escaped.
struct Money(i64);

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}.{:02}>", self.0 / 100, self.0 % 100)
    }
}

#[derive(Template)]
#[template(
    source = "{{ price }}{% if price %} is truthy{% endif %}",
    ext = "html"
)]
struct Priced {
    price: Money,
}

#[test]
fn display_types_print_escaped_and_are_truthy() {
    assert_eq!(
        Priced { price: Money(1234) }.render().unwrap(),
        "&lt;12.34&gt; is truthy"
    );
}

/// Run-time errors carry the template location instead of panicking.
#[derive(Template)]
#[template(source = "{{ a // b }}|{{ items[i] }}", ext = "txt")]
struct Fallible {
    a: i64,
    b: i64,
    items: Vec<i32>,
    i: i64,
}

#[test]
fn runtime_errors_name_template_and_position() {
    let err = Fallible {
        a: 1,
        b: 0,
        items: vec![],
        i: 0,
    }
    .render()
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "<source>:1:4: integer division or modulo by zero"
    );
    // An index past the end is Jinja's undefined: it prints as nothing.
    let page = Fallible {
        a: 1,
        b: 1,
        items: vec![1],
        i: 5,
    };
    assert_eq!(page.render().unwrap(), "1|");
    assert_eq!(
        Fallible {
            a: 7,
            b: 2,
            items: vec![1, 2],
            i: -1
        }
        .render()
        .unwrap(),
        "3|2"
    );
}

mod filters {
    /// A custom filter: found in a `filters` module in scope of the struct.
    pub fn shout(value: &&str, times: usize) -> kiln::Result<String> {
        Ok(format!("{}{}", value.to_uppercase(), "!".repeat(times)))
    }

    /// Keyword arguments of `wrap`.
    #[derive(Default)]
    pub struct WrapOptions {
        pub left: Option<String>,
    }
    impl kiln::filters::Options for WrapOptions {}

    /// A custom filter with options, generic over its input.
    pub fn wrap<T: std::fmt::Display>(value: &T, options: WrapOptions) -> kiln::Result<String> {
        let left = options.left.as_deref().unwrap_or("(");
        Ok(format!("{left}{value})"))
    }
}

/// A module-level function named like a filter is not a filter: only `filters::…` is.
#[allow(dead_code)]
fn shout() {}

#[derive(Template)]
#[template(
    source = "{% for wrap in words %}{{ wrap|shout(1)|wrap }}{{ wrap|wrap(left='[') }}{% endfor %}",
    ext = "txt"
)]
struct CustomScopes<'a> {
    words: Vec<&'a str>,
}

#[test]
fn custom_filter_names_do_not_hide_variables_of_the_same_name() {
    let page = CustomScopes {
        words: vec!["a", "b"],
    };
    assert_eq!(page.render().unwrap(), "(A!)[a)(B!)[b)");
}

#[derive(Template)]
#[template(source = "{{ word|shout(3)|lower }}", ext = "html")]
struct Custom<'a> {
    word: &'a str,
}

#[test]
fn custom_filters_come_from_the_filters_module() {
    assert_eq!(Custom { word: "hey" }.render().unwrap(), "hey!!!");
}

#[derive(PartialEq)]
enum Kind {
    Post,
    Page,
}

#[derive(Template)]
#[template(
    source = "{% if kind == Kind::Post %}post{% elif kind != Kind::Page %}?{% else %}page{% endif %}",
    ext = "txt"
)]
struct Kinded {
    kind: Kind,
}

#[test]
fn user_enums_compare_with_partial_eq_only() {
    assert_eq!(Kinded { kind: Kind::Post }.render().unwrap(), "post");
    assert_eq!(Kinded { kind: Kind::Page }.render().unwrap(), "page");
}

#[derive(Template)]
#[template(
    source = "{% macro down(n) %}{{ n }} {{ down(n - 1) }}{% endmacro %}{{ down(start) }}",
    ext = "txt"
)]
struct Runaway {
    start: i64,
}

#[test]
fn runaway_macro_recursion_is_an_error_not_a_stack_overflow() {
    let err = Runaway { start: 3 }.render().unwrap_err();
    assert_eq!(
        err.to_string(),
        "<source>:1:62: macros call each other more than 256 levels deep"
    );
}

struct Chain {
    id: u32,
    next: Vec<Chain>,
}

fn chain(len: u32) -> Vec<Chain> {
    (0..len).fold(Vec::new(), |next, id| vec![Chain { id, next }])
}

#[derive(Template)]
#[template(
    source = "{% for c in chain recursive %}{{ c.id }}{% if loop.depth == 1 %}:{% endif %}{{ loop(c.next) }}{% endfor %}",
    ext = "txt"
)]
struct Deep {
    chain: Vec<Chain>,
}

#[test]
fn recursive_loops_go_256_levels_deep_then_fail_without_overflowing() {
    // 255 levels of items, and the empty level the last item's `loop(c.next)` renders.
    let out = Deep { chain: chain(255) }.render().unwrap();
    assert!(out.starts_with("254:253252"), "{out}");
    assert!(out.ends_with("210"), "{out}");
    let err = Deep { chain: chain(256) }.render().unwrap_err();
    assert_eq!(
        err.to_string(),
        "<source>:1:1: a recursive loop nests more than 256 levels deep"
    );
}

#[derive(Template)]
#[template(
    source = "{% for c in chain|sort(attribute='id') recursive %}{{ c.id }}({{ loop(c.next|sort(attribute='id')) }}){% endfor %}|{% for n in names recursive %}{{ n }}{% endfor %}",
    ext = "txt"
)]
struct SortedLevels<'a> {
    chain: Vec<Chain>,
    names: &'a [&'a str],
}

#[test]
fn recursive_loops_iterate_filter_results_and_borrowed_slices() {
    let out = SortedLevels {
        chain: chain(3),
        names: &["a", "b"],
    }
    .render()
    .unwrap();
    assert_eq!(out, "2(1(0()))|ab");
}

struct Visits(std::cell::Cell<u32>);

impl Visits {
    fn count(&self) -> u32 {
        self.0.set(self.0.get() + 1);
        self.0.get()
    }
}

#[derive(Template)]
#[template(
    source = "{% do visits.count() %}{% for _ in 0..3 %}{% do visits.count() %}{% endfor %}{{ visits.count() }}",
    ext = "txt"
)]
struct Doing {
    visits: Visits,
}

#[derive(Template)]
#[template(
    source = "{% extends \"parity/base.html\" %}{% do visits.count() %}{% block content %}{{ visits.count() }}{% endblock %}",
    ext = "html"
)]
struct DoingChild {
    site: &'static str,
    visits: Visits,
}

#[test]
fn do_evaluates_for_the_effect_and_prints_nothing() {
    // Jinja2 runs a child template's top-level `do`s (and `set`s) before the layout.
    let child = DoingChild {
        site: "s",
        visits: Visits(std::cell::Cell::new(0)),
    };
    assert!(child.render().unwrap().contains("<main>2</main>"));

    let page = Doing {
        visits: Visits(std::cell::Cell::new(0)),
    };
    assert_eq!(page.render().unwrap(), "5");
}

struct Person {
    name: &'static str,
    age: u32,
}

#[derive(Template)]
#[template(
    source = "{{ (people|first).name }} {{ (people|sort(attribute='age')|last).name }}{% set p = people|last %} {{ p.name }} {{ 2 is in [1, 2] }} {{ tag|urlize ~ \"<i>\" }}",
    ext = "html"
)]
struct Firsts {
    people: Vec<Person>,
    tag: &'static str,
}

#[test]
fn attributes_of_filter_results_and_markup_from_markup_filters() {
    let people = vec![
        Person {
            name: "Ann",
            age: 40,
        },
        Person {
            name: "Bob",
            age: 30,
        },
    ];
    // Jinja2 3.1 prints the same for the same data.
    assert_eq!(
        Firsts { people, tag: "<b>" }.render().unwrap(),
        "Ann Ann Bob True &lt;b&gt;&lt;i&gt;"
    );
    let err = Firsts {
        people: vec![],
        tag: "",
    }
    .render()
    .unwrap_err();
    assert!(err.to_string().contains("has no attributes"), "{err}");
}
