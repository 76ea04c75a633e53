//! Compile-fail tests: each `tests/ui/*.rs` must fail to compile with exactly the message
//! in its `.stderr` file. Bless new or changed messages with `TRYBUILD=overwrite` and read
//! the diff: would a newcomer know what to fix?

#[test]
fn compile_errors_point_at_the_template() {
    // trybuild builds each case in its own crate under `target/`; point Kiln back at this
    // crate's `templates/` so messages show stable `templates/ui/…` paths.
    std::env::set_var("KILN_MANIFEST_DIR_OVERRIDE", env!("CARGO_MANIFEST_DIR"));
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
