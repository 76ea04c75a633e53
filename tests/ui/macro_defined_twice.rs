use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_defined_twice.html")]
struct Page {
    a: i32,
}

fn main() {}
