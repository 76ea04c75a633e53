//! Nothing for those who don't ask: with its default features, `kiln` depends on no web
//! framework, HTTP or logging crate; each framework feature brings only its own.

use std::collections::BTreeSet;
use std::process::Command;

/// Crates that only a framework or logging feature may bring in.
const FRAMEWORK_CRATES: &[&str] = &[
    "actix-web",
    "actix-http",
    "actix-rt",
    "axum",
    "axum-core",
    "bytes",
    "h2",
    "http",
    "http-body",
    "hyper",
    "hyper-util",
    "log",
    "mio",
    "poem",
    "rocket",
    "tokio",
    "tower",
    "tracing",
    "tracing-core",
    "warp",
];

/// The names of the packages `kiln` depends on (normal dependencies) with `args`.
fn dependencies(args: &[&str]) -> BTreeSet<String> {
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["tree", "--offline", "-p", "kiln", "-e", "normal"])
        .args(["--prefix", "none", "--format", "{p}"])
        .args(args)
        .current_dir(workspace)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8 output")
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn default_features_bring_no_framework_http_or_logging_crate() {
    let default = dependencies(&[]);
    assert!(default.contains("itoa"), "the tree was read: {default:?}");
    let found: Vec<&&str> = FRAMEWORK_CRATES
        .iter()
        .filter(|name| default.contains(**name))
        .collect();
    assert!(found.is_empty(), "default features pull in {found:?}");

    let axum = dependencies(&["--features", "axum"]);
    assert!(
        axum.contains("axum-core") && axum.contains("http"),
        "{axum:?}"
    );
    assert!(
        !axum.contains("rocket") && !axum.contains("actix-web"),
        "{axum:?}"
    );
}
