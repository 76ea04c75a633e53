use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_unknown_kwarg.html")]
struct Page {
    a: i32,
}

fn main() {}
