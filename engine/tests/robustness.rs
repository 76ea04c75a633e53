//! The engine never panics, whatever the template: random and mutated templates either
//! compile or give a diagnostic whose location is inside the template.
//!
//! CI runs a bounded number of cases (`PROPTEST_CASES` raises it); `fuzz/` has a
//! `cargo fuzz` target for longer runs, whose finds are replayed in `fuzzed_inputs` below.

use std::path::Path;

use proptest::prelude::*;

/// Expands a derive whose template is `source`; returns the compile error message, if any.
fn compile(source: &str) -> Option<String> {
    compile_in(source, Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// [`compile`], with the template dirs of the crate at `root`.
fn compile_in(source: &str, root: &Path) -> Option<String> {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[template(source = #source, ext = "html")]
        struct Page { a: i32, items: Vec<i32> }
    };
    let tokens = kiln_engine::expand(&input, root);
    let text = tokens.to_string();
    text.contains("compile_error").then_some(text)
}

/// The crate root whose `templates/` has what nested templates extend, include and import.
fn nesting_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nesting")
}

/// Tags and expressions that stand alone, including those that only make sense in some
/// places (`break`, `super()`, `caller()`, `extends`).
fn leaf() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "x",
        "{{ a }}",
        "{{ b }}",
        "{{ loop.index }}",
        "{% set b = 1 %}",
        "{% break %}",
        "{% continue %}",
        "{{ super() }}",
        "{{ caller() }}",
        "{{ m() }}",
        "{{ m(1, 2) }}",
        "{% do a %}",
        "{% include \"inc.html\" %}",
        "{% extends \"base.html\" %}",
        "{% import \"macros.html\" as lib %}{{ lib.hello() }}",
        "{% from \"macros.html\" import hello %}{{ hello(2) }}",
        "{{ loop(items) }}",
        "{% set d = {\"k\": a, 1: [b]} %}{{ d.k }}{{ d[1] }}",
        "{{ m({\"k\": 1}) }}{{ dict(k=a).k }}",
        "{{ super()|upper }}{{ \"[\" ~ super() ~ \"]\" }}",
    ])
    .prop_map(str::to_owned)
}

/// Wraps `body` in a block tag of kind `kind`.
fn wrap(kind: usize, body: &str) -> String {
    match kind {
        0 => format!("{{% if a %}}{body}{{% elif a > 1 %}}{body}{{% else %}}{body}{{% endif %}}"),
        1 => format!("{{% for x in items %}}{body}{{% else %}}{body}{{% endfor %}}"),
        2 => format!("{{% for x in items recursive %}}{body}{{% endfor %}}"),
        3 => format!("{{% macro m(p=1) %}}{body}{{% endmacro %}}"),
        4 => format!("{{% call m() %}}{body}{{% endcall %}}"),
        5 => format!("{{% call(y) m() %}}{body}{{% endcall %}}"),
        6 => format!("{{% filter upper %}}{body}{{% endfilter %}}"),
        7 => format!("{{% set s %}}{body}{{% endset %}}"),
        8 => format!("{{% with w = 1 %}}{body}{{% endwith %}}"),
        9 => format!("{{% autoescape false %}}{body}{{% endautoescape %}}"),
        10 => format!("{{% block content %}}{body}{{% endblock %}}"),
        11 => format!("{{% block b1 %}}{body}{{% endblock %}}"),
        12 => format!("{{% block other %}}{body}{{% endblock %}}"),
        _ => format!("{{% raw %}}{body}{{% endraw %}}"),
    }
}

/// Well-formed templates that nest every block tag inside every other, with leaves that
/// are valid only in some of those places.
fn nested() -> impl Strategy<Value = String> {
    leaf().prop_recursive(5, 48, 4, |inner| {
        (0..14usize, prop::collection::vec(inner, 0..4))
            .prop_map(|(kind, children)| wrap(kind, &children.concat()))
    })
}

/// Checks that an error message names a real position: of `source` for `<source>`, or of
/// a fixture under `tests/nesting/templates/` for the files nested templates name.
fn assert_located(source: &str, message: &str) {
    let (text, rest) = match message.split_once("<source>:") {
        Some((_, rest)) => (source.to_owned(), rest),
        None => {
            // `compile_error ! { "base.html:1:4: …" }`: the file is the first word.
            let start = message
                .find("compile_error ! { \"")
                .map(|at| at + "compile_error ! { \"".len())
                .expect("a compile_error! call");
            let quoted = &message[start..];
            let Some((file, rest)) = quoted.split_once(".html:") else {
                // A message about no place in a file (a missing template): it says what.
                assert!(quoted.len() > 1, "an empty message: {message}");
                return;
            };
            let path = nesting_root()
                .join("templates")
                .join(format!("{file}.html"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("an error in an unknown file `{file}`: {message}"));
            (text, rest)
        }
    };
    let mut parts = rest.split(':');
    let line: usize = parts
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect("a line number");
    let col: usize = parts
        .next()
        .and_then(|c| c.trim().parse().ok())
        .expect("a column number");
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        line >= 1 && line <= lines.len().max(1),
        "line {line} outside the template: {message}"
    );
    let width = lines.get(line - 1).map_or(0, |l| l.chars().count());
    assert!(
        col >= 1 && col <= width + 1,
        "column {col} outside line {line}: {message}"
    );
}

/// Pieces that make templates interesting: delimiters, keywords, operators, names.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "{{-",
        "-}}",
        "{%-",
        "-%}",
        "{%+",
        " ",
        "\n",
        "\r\n",
        "x",
        "a",
        "items",
        "loop",
        "loop.index",
        "if",
        "elif",
        "else",
        "endif",
        "for",
        "in",
        "endfor",
        "set",
        "=",
        "endset",
        "block",
        "endblock",
        "extends",
        "include",
        "macro",
        "endmacro",
        "call",
        "endcall",
        "caller()",
        "filter",
        "endfilter",
        "raw",
        "endraw",
        "break",
        "continue",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        "dict",
        ",",
        ".",
        "|",
        "upper",
        "truncate(3)",
        "default",
        "e",
        "+",
        "-",
        "*",
        "/",
        "//",
        "%",
        "**",
        "~",
        "==",
        "<",
        "and",
        "or",
        "not",
        "is",
        "none",
        "true",
        "1",
        "2.5",
        "\"s\"",
        "'t'",
        "super()",
        "range(3)",
        "é",
        "\t",
        "{",
        "}",
        "#",
    ])
}

fn template() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

/// Real templates to mutate: every parity fixture.
fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/templates/parity");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    seeds.sort();
    seeds
}

proptest! {
    // 512 cases unless `PROPTEST_CASES` says otherwise (an explicit count would override it).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_templates_compile_or_fail_cleanly(source in template()) {
        if let Some(message) = compile(&source) {
            assert_located(&source, &message);
        }
    }

    #[test]
    fn nested_tags_compile_or_fail_cleanly(
        parts in prop::collection::vec(nested(), 1..4),
    ) {
        let source = parts.concat();
        if let Some(message) = compile_in(&source, &nesting_root()) {
            assert_located(&source, &message);
        }
    }

    #[test]
    fn mutated_templates_compile_or_fail_cleanly(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), fragment(), 0..4usize), 1..6),
    ) {
        let seeds = seeds();
        prop_assume!(!seeds.is_empty());
        let mut source: Vec<char> = seed.get(&seeds).chars().collect();
        for (at, insert, delete) in edits {
            let at = at.index(source.len() + 1);
            let end = (at + delete).min(source.len());
            source.splice(at..end, insert.chars());
        }
        let source: String = source.into_iter().collect();
        if let Some(message) = compile(&source) {
            assert_located(&source, &message);
        }
    }
}

/// Inputs found by fuzzing or by the properties above, replayed on every run.
#[test]
fn fuzzed_inputs() {
    for source in [
        "{{",
        "{%",
        "{#",
        "{{}}",
        "{%%}",
        "{{ (( }}",
        "{% for %}",
        "{% raw %}",
        "{%- raw -%}{%- endraw -%}",
        "{{ x|}}",
        "é{{ é }}",
        "\r\n{{ a ! }}",
    ] {
        if let Some(message) = compile(source) {
            assert_located(source, &message);
        }
    }
}

/// A block inside a macro, a `call`, a `filter` or a block `set`, or before `extends`, is a
/// block of the template, as in Jinja2 (these panicked the macro before issue 15).
#[test]
fn blocks_nest_in_every_tag() {
    for source in [
        "{% for x in items recursive %}{% macro m(p=1) %}{% block content %}{% endblock %}{% endmacro %}{% endfor %}",
        "{% macro x() %}{% block foo %}x{% endblock %}{% endmacro %}[{{ x() }}]",
        "{% macro x() %}{{ caller() }}{% endmacro %}{% call x() %}{% block foo %}x{% endblock %}{% endcall %}",
        "{% filter upper %}{% block foo %}x{% endblock %}{% endfilter %}",
        "{% set s %}{% block foo %}x{% endblock %}{% endset %}{{ s }}",
        "{% block pre %}x{% endblock %}{% extends \"base.html\" %}{% block content %}{{ super() }}{% endblock %}",
        "{% extends \"base.html\" %}{% macro m() %}{% block content %}{{ super() }}{% endblock %}{% endmacro %}",
    ] {
        assert_eq!(compile_in(source, &nesting_root()), None, "{source}");
    }
}

/// A template of 50,000 lines (about 3 MB) compiles, in one piece of merged text where
/// it can be.
#[test]
fn huge_templates_compile() {
    let line = "<tr><td>{{ a }}</td><td>static text that repeats</td></tr>\n";
    let source = line.repeat(50_000);
    assert!(source.len() > 2_500_000);
    assert_eq!(compile(&source), None);
}
