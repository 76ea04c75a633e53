use kiln::Template;

#[derive(Template)]
#[template(path = "ui/else_if.html")]
struct Page {
    a: bool,
    b: bool,
}

fn main() {}
