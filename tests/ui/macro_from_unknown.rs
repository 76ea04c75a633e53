use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_from_unknown.html")]
struct Page {
    a: i32,
}

fn main() {}
