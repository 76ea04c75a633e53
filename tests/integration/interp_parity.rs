//! The interpreter (hot reload, `kiln render`) on the Jinja2-parity suite: every case
//! rendered from its JSON data must be byte for byte what Jinja2 rendered, as the compiled
//! template is (`parity.rs`). The few cases that need something only Rust has (a method of
//! a struct) are listed with the reason, and must fail with the interpreter's located
//! "rebuild to see it" error, never render other bytes.

use std::path::{Path, PathBuf};

use kiln::dynamic::{ToValue, Value};
use kiln::interp::{Config, Program, Project};

/// Cases the interpreter cannot render from JSON, and why.
const NEEDS_RUST: &[(&str, &str)] = &[];

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One case: its template name, data and expected output.
struct Case {
    name: String,
    template: String,
    data: Value,
    config: Config,
    expected: String,
}

fn cases() -> Vec<Case> {
    let root = tests_dir();
    let mut cases = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("parity/data"))
        .expect("the parity data")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("the data file");
        let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON data");
        let object = json.as_object_mut().expect("an object");
        let template = object
            .remove("_template")
            .and_then(|t| t.as_str().map(str::to_owned));
        let mut config = Config::load(&root).expect("kiln.toml");
        if let Some(serde_json::Value::Object(env)) = object.remove("_env") {
            for (key, value) in env {
                let on = value.as_bool().unwrap_or(false);
                match key.as_str() {
                    "trim_blocks" => config.syntax.trim_blocks = on,
                    "lstrip_blocks" => config.syntax.lstrip_blocks = on,
                    "keep_trailing_newline" => config.syntax.keep_trailing_newline = on,
                    other => panic!("unknown _env option {other}"),
                }
            }
        }
        if let Some(serde_json::Value::Array(names)) = object.remove("_undefined") {
            for name in names {
                object.remove(name.as_str().unwrap_or_default());
            }
        }
        let expected_path = expected_file(&root, &name);
        let ext = expected_path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        let template = template.unwrap_or_else(|| format!("{name}.{ext}"));
        cases.push(Case {
            template: format!("parity/{template}"),
            data: json.to_value(),
            config,
            expected: std::fs::read_to_string(&expected_path).expect("the expected output"),
            name,
        });
    }
    cases
}

fn expected_file(root: &Path, name: &str) -> PathBuf {
    std::fs::read_dir(root.join("parity/expected"))
        .expect("the expected outputs")
        .map(|e| e.expect("an entry").path())
        .find(|p| p.file_stem().is_some_and(|s| s == name))
        .unwrap_or_else(|| panic!("no expected output for {name}"))
}

/// The first line where `got` differs from `expected`, with both versions of it.
fn first_difference(name: &str, expected: &str, got: &str) -> String {
    let mut expected_lines = expected.split('\n');
    let mut got_lines = got.split('\n');
    for line in 1.. {
        match (expected_lines.next(), got_lines.next()) {
            (Some(e), Some(g)) if e == g => continue,
            (e, g) => {
                return format!(
                    "{name}: line {line} differs\n  expected: {e:?}\n  interpreted: {g:?}"
                )
            }
        }
    }
    unreachable!("the outputs differ")
}

#[test]
fn the_interpreter_renders_the_parity_suite_as_jinja2_does() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases() {
        checked += 1;
        let mut project = Project::new(case.config.clone());
        let result = Program::load(&mut project, &case.template, &case.data)
            .map_err(|errors| errors.join("\n"))
            .and_then(|program| program.render(&case.data).map_err(|e| e.to_string()));
        let known = NEEDS_RUST.iter().find(|(name, _)| *name == case.name);
        match (result, known) {
            (Ok(output), None) if output == case.expected => {}
            (Ok(output), None) => {
                failures.push(first_difference(&case.name, &case.expected, &output))
            }
            (Err(error), None) => failures.push(format!("{}: {error}", case.name)),
            (Err(error), Some(_)) if error.contains("rebuild to see it") => {}
            (result, Some((_, why))) => failures.push(format!(
                "{}: listed as needing Rust ({why}), but gave {result:?}",
                case.name
            )),
        }
    }
    assert!(checked > 50, "only {checked} cases found");
    assert!(
        failures.is_empty(),
        "{} of {checked} cases:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[derive(kiln::ToValue)]
struct Point(i32, i32);

#[derive(kiln::ToValue)]
enum Shape {
    Dot,
    Line { from: Point, to: Point },
    Label(String),
}

#[derive(kiln::ToValue)]
struct Drawing<'a, T> {
    name: &'a str,
    shapes: Vec<Shape>,
    extra: T,
    r#type: Option<u8>,
    meta: Meta,
}

/// Not `ToValue`, but `Serialize`: with `kiln`'s `json` feature it converts through JSON.
#[derive(serde::Serialize)]
struct Meta {
    width: u32,
    tags: Vec<&'static str>,
}

/// Not `ToValue`: a field of this type is opaque to the interpreter.
struct Secret;

/// `#[derive(kiln::ToValue)]`: structs are maps of their fields, tuple structs lists,
/// unit variants their names; a field of a type without `ToValue` converts through
/// `Serialize` (the `json` feature is on here), else is opaque.
#[test]
fn derived_to_value_reads_structs_and_enums() {
    let drawing = Drawing {
        name: "<d>",
        shapes: vec![
            Shape::Dot,
            Shape::Line {
                from: Point(0, 1),
                to: Point(2, 3),
            },
            Shape::Label("x".into()),
        ],
        extra: Secret,
        r#type: None,
        meta: Meta {
            width: 3,
            tags: vec!["a"],
        },
    };
    let printed = kiln::value::to_string(&drawing.to_value());
    assert_eq!(
        printed,
        "{'name': '<d>', 'shapes': ['Dot', {'from': [0, 1], 'to': [2, 3]}, ['x']], \
         'extra': <integration::interp_parity::Secret>, 'type': None, \
         'meta': {'tags': ['a'], 'width': 3}}"
    );
}

/// A collection given to `format` is an error at its place, as it is (from rustc) for the
/// compiled template, rather than printing `None`.
#[test]
fn format_refuses_a_collection_as_the_compiled_template_does() {
    let dir = std::env::temp_dir().join(format!("kiln-interp-format-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/f.html"), "{{ '%s'|format(items) }}").unwrap();
    let mut project = Project::open(&dir).unwrap();
    let data = Value::map([(
        Value::str("items"),
        Value::list(vec![Value::Int(1), Value::str("a")]),
    )]);
    let program = Program::load(&mut project, "f.html", &data).unwrap();
    let error = program.render(&data).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        error.contains(
            "f.html:1:4: `format` formats numbers, strings, booleans and `none`, not `list`"
        ),
        "{error}"
    );
}
