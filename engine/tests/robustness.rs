//! The engine never panics, whatever the template: random and mutated templates either
//! compile or give a diagnostic whose location is inside the template.
//!
//! CI runs a bounded number of cases (`PROPTEST_CASES` raises it); `fuzz/` has a
//! `cargo fuzz` target for longer runs, whose finds are replayed in `fuzzed_inputs` below.

use std::path::Path;

use proptest::prelude::*;

/// Expands a derive whose template is `source`; returns the compile error message, if any.
fn compile(source: &str) -> Option<String> {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[template(source = #source, ext = "html")]
        struct Page { a: i32, items: Vec<i32> }
    };
    let tokens = kiln_engine::expand(&input, Path::new(env!("CARGO_MANIFEST_DIR")));
    let text = tokens.to_string();
    text.contains("compile_error").then_some(text)
}

/// Checks that an error message names a real position of `source`.
fn assert_located(source: &str, message: &str) {
    let Some(rest) = message.split("<source>:").nth(1) else {
        return;
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
    let lines: Vec<&str> = source.split('\n').collect();
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
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_templates_compile_or_fail_cleanly(source in template()) {
        if let Some(message) = compile(&source) {
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

/// A template of 50,000 lines (about 3 MB) compiles, in one piece of merged text where
/// it can be.
#[test]
fn huge_templates_compile() {
    let line = "<tr><td>{{ a }}</td><td>static text that repeats</td></tr>\n";
    let source = line.repeat(50_000);
    assert!(source.len() > 2_500_000);
    assert_eq!(compile(&source), None);
}
