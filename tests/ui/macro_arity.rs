use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_arity.html")]
struct Page {
    a: i32,
}

fn main() {}
