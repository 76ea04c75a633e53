//! The `kiln` binary, run as a user runs it: in a crate's directory, on good and broken
//! templates, checking exit statuses, messages and the JSON shape.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::{Command, Output};

fn crate_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a scratch directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn kiln(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_clean_crate_exits_zero() {
    let dir = crate_with(&[
        (
            "templates/base.html",
            "<title>{% block title %}{% endblock %}</title>",
        ),
        (
            "templates/home.html",
            "{% extends \"base.html\" %}{% block title %}{{ name|title }}{% endblock %}",
        ),
    ]);
    let output = kiln(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "checked 2 templates: no errors\n");
}

#[test]
fn mistakes_are_printed_like_rustc_and_exit_one() {
    let dir = crate_with(&[
        ("templates/base.html", "<p>{{ name|uper }}</p>\n"),
        ("templates/a.html", "{% extends \"base.html\" %}"),
        ("templates/b.html", "{% extends \"base.html\" %}"),
        ("templates/c.html", "{% include \"missing.html\" %}"),
    ]);
    let output = kiln(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    // The parent's mistake once, not once per child.
    assert_eq!(
        stderr(&output),
        "templates/base.html:1:12: unknown filter `uper`\n  \
         |\n1 | <p>{{ name|uper }}</p>\n  |            ^^^^\n  = help: did you mean `upper`?\n\n\
         templates/c.html:1:12: template `missing.html` not found in `templates`\n  \
         |\n1 | {% include \"missing.html\" %}\n  |            ^^^^^^^^^^^^^^\n\n\
         checked 4 templates: 2 errors\n"
    );
}

#[test]
fn json_lists_each_diagnostic_with_its_place() {
    let dir = crate_with(&[("templates/page.html", "line one\n{% if x %}\n")]);
    let output = kiln(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON object");
    assert_eq!(report["templates"], serde_json::json!(["page.html"]));
    assert_eq!(report["errors"], 1);
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["file"], "templates/page.html");
    assert_eq!(diagnostic["line"], 2);
    assert_eq!(diagnostic["column"], 1);
    assert_eq!(diagnostic["message"], "unclosed `if`");
    assert!(diagnostic["rendered"]
        .as_str()
        .is_some_and(|r| r.starts_with("templates/page.html:2:1: unclosed `if`")));
}

#[test]
fn directories_come_from_the_arguments_or_kiln_toml() {
    let dir = crate_with(&[
        ("kiln.toml", "[general]\ndirs = [\"views\"]\n"),
        ("views/ok.html", "{{ x }}"),
        ("other/bad.html", "{{ x|nope }}"),
    ]);
    let configured = kiln(dir.path(), &["check"]);
    assert_eq!(configured.status.code(), Some(0), "{}", stderr(&configured));
    let given = kiln(dir.path(), &["check", "other"]);
    assert_eq!(given.status.code(), Some(1));
    assert!(stderr(&given).contains("other/bad.html:1:6: unknown filter `nope`"));
}

#[test]
fn a_missing_directory_or_a_bad_command_line_is_a_clear_error() {
    let dir = crate_with(&[]);
    let missing = kiln(dir.path(), &["check"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("template directory"),
        "{}",
        stderr(&missing)
    );
    assert!(stderr(&missing).contains("does not exist"));
    let usage = kiln(dir.path(), &["chekc"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(stderr(&usage).contains("unknown command `chekc`"));
    let format = kiln(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(format.status.code(), Some(2));
    assert!(stderr(&format).contains("unknown format `xml`"));
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn render_prints_the_page_from_json_data() {
    let dir = crate_with(&[
        (
            "templates/base.html",
            "<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}",
        ),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block title %}{{ title|title }}{% endblock %}\
             {% block body %}{% for u in users if u.active %}<li>{{ loop.index }}. {{ u.name }}</li>{% endfor %}{% endblock %}",
        ),
        (
            "data.json",
            r#"{"title": "team <a>", "users": [{"name": "Ann", "active": true}, {"name": "Bob", "active": false}, {"name": "Cy", "active": true}]}"#,
        ),
    ]);
    let output = kiln(dir.path(), &["render", "page.html", "--data", "data.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "<title>Team &lt;A&gt;</title><li>1. Ann</li><li>2. Cy</li>"
    );
}

/// JSON objects are dicts in the document's order, as Python's `json.load` gives them to
/// Jinja2 (a `serde_json::Value` would have sorted them).
#[test]
fn render_keeps_the_order_of_json_objects() {
    let dir = crate_with(&[
        (
            "templates/order.html",
            "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %} {{ d|urlencode }} {{ d }}",
        ),
        (
            "data.json",
            r#"{"d": {"z": 1, "b": [2, 2.5, null], "a": "x y"}}"#,
        ),
    ]);
    let output = kiln(dir.path(), &["render", "order.html", "--data", "data.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "z=1;b=[2, 2.5, None];a=x y; z=1&amp;b=%5B2%2C+2.5%2C+None%5D&amp;a=x+y \
         {&#39;z&#39;: 1, &#39;b&#39;: [2, 2.5, None], &#39;a&#39;: &#39;x y&#39;}"
    );
}

#[test]
fn render_reports_bad_data_and_bad_templates_without_panicking() {
    let dir = crate_with(&[
        ("templates/ok.html", "{{ a // b }}"),
        ("templates/broken.html", "{{ name|uper }}"),
        ("not-json.json", "{ nope"),
        ("list.json", "[1, 2]"),
        ("zero.json", r#"{"a": 1, "b": 0}"#),
    ]);
    let broken = kiln(dir.path(), &["render", "broken.html"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stderr(&broken).contains("to use `name`, give the data a `name` entry"),
        "{}",
        stderr(&broken)
    );
    assert!(
        stderr(&broken).contains("templates/broken.html:1:9: unknown filter `uper`"),
        "{}",
        stderr(&broken)
    );
    let not_json = kiln(
        dir.path(),
        &["render", "ok.html", "--data", "not-json.json"],
    );
    assert_eq!(not_json.status.code(), Some(1));
    assert!(stderr(&not_json).contains("`not-json.json` is not JSON"));
    let list = kiln(dir.path(), &["render", "ok.html", "--data", "list.json"]);
    assert_eq!(list.status.code(), Some(1));
    assert!(stderr(&list).contains("must hold a JSON object"));
    let missing = kiln(dir.path(), &["render", "ok.html", "--data", "nowhere.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot read `nowhere.json`"));
    let zero = kiln(dir.path(), &["render", "ok.html", "--data", "zero.json"]);
    assert_eq!(zero.status.code(), Some(1));
    assert_eq!(
        stderr(&zero),
        "error: rendering `ok.html` failed: templates/ok.html:1:4: integer division or modulo by zero\n"
    );
    let two = kiln(dir.path(), &["render", "a.html", "b.html"]);
    assert_eq!(two.status.code(), Some(2));
}
