use kiln::Template;

#[derive(Template)]
#[template(path = "ui/rust_and.html")]
struct Page {
    a: bool,
    b: bool,
}

fn main() {}
