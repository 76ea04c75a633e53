//! `cargo +nightly fuzz run compile`: the engine must turn any template into code or a
//! diagnostic, never panic. Add finds to `fuzzed_inputs` in `engine/tests/robustness.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[template(source = #source, ext = "html")]
        struct Page { a: i32 }
    };
    let _ = kiln_engine::expand(&input, std::path::Path::new("."));
});
