//! Editing a template makes the next `cargo build` recompile the crate that uses it, with no
//! `build.rs`: the derive emits `include_bytes!` of every template it read, and cargo tracks
//! those files.
//!
//! The test builds a scratch crate that depends on `kiln`, edits its template, builds again
//! and checks the new output. It uses its own target directory (the outer `cargo test` holds
//! the workspace's) and `--offline` with the workspace's lock file, so nothing is fetched.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run(dir: &Path, target: &Path) -> String {
    let output = cargo()
        .args(["run", "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("KILN_MANIFEST_DIR_OVERRIDE")
        .current_dir(dir)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo run failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

#[test]
fn editing_a_template_rebuilds_the_crate() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace");
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rebuild-crate");
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rebuild-target");
    std::fs::create_dir_all(scratch.join("src")).unwrap();
    std::fs::create_dir_all(scratch.join("templates")).unwrap();
    let runtime = workspace.join("runtime");
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rebuild-crate\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nkiln = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    std::fs::write(
        scratch.join("src/main.rs"),
        "use kiln::Template;\n\n#[derive(Template)]\n#[template(path = \"page.txt\")]\nstruct Page { n: u32 }\n\n\
         fn main() { print!(\"{}\", Page { n: 7 }.render().unwrap()); }\n",
    )
    .unwrap();

    std::fs::write(scratch.join("templates/page.txt"), "first {{ n }}").unwrap();
    assert_eq!(run(&scratch, &target), "first 7");

    // Cargo compares modification times; make sure the edit is seen as newer.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(scratch.join("templates/page.txt"), "second {{ n * 2 }}").unwrap();
    assert_eq!(run(&scratch, &target), "second 14");
}
