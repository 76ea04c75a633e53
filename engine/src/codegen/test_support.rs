//! Helpers for the code generator's unit tests: expand a template and look at the tokens.

/// The macro's output for an inline HTML template over a few fields.
pub(crate) fn compile(source: &str) -> String {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[template(source = #source, ext = "html")]
        struct Page { n: i64, name: String, items: Vec<String>, users: Vec<User> }
    };
    crate::expand(&input, std::path::Path::new(".")).to_string()
}

/// Asserts that `source` fails to compile with an error containing every `expected` part.
pub(crate) fn assert_error(source: &str, expected: &[&str]) {
    let out = compile(source);
    assert!(
        out.contains("compile_error"),
        "no error for {source}: {out}"
    );
    for part in expected {
        assert!(
            out.contains(part),
            "`{part}` not in the error for {source}: {out}"
        );
    }
}

/// Asserts that `source` compiles to code containing every `expected` part.
pub(crate) fn assert_compiles(source: &str, expected: &[&str]) {
    let out = compile(source);
    assert!(!out.contains("compile_error"), "error for {source}: {out}");
    for part in expected {
        assert!(
            out.contains(part),
            "`{part}` not in the code for {source}: {out}"
        );
    }
}

/// The render function generated for an inline HTML template over a few fields, formatted
/// with prettyplease: what the snapshot tests compare.
pub(crate) fn render_function(source: &str) -> String {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[template(source = #source, ext = "html")]
        struct Page { n: i64, name: String, items: Vec<String>, users: Vec<User> }
    };
    let args = match crate::input::TemplateArgs::from_input(&input) {
        Ok(args) => args,
        Err(diag) => return format!("error: {}", diag.message),
    };
    let fields: Vec<String> = ["n", "name", "items", "users"].map(String::from).to_vec();
    let syn::Data::Struct(data) = &input.data else {
        unreachable!("the input above is a struct")
    };
    let types = crate::field_types(&data.fields);
    let scope = crate::Scope {
        fields: Some(&fields),
        types: &types,
        owner: "the struct",
    };
    let body = match crate::compile_body(&args, None, &scope, std::path::Path::new(".")) {
        Ok(body) => body.render.body.unwrap_or_default(),
        Err(errors) => return format!("error: {errors}"),
    };
    let function: syn::File = match syn::parse2(quote::quote! {
        fn render_buffer(&self, __kiln_w: &mut ::kiln::Buffer) -> ::kiln::Result<()> {
            let __kiln_self = self;
            #body
        }
    }) {
        Ok(file) => file,
        Err(error) => return format!("unparsable: {error}"),
    };
    prettyplease::unparse(&function)
}
