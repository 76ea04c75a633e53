use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_missing_arg.html")]
struct Page {
    a: i32,
}

fn main() {}
