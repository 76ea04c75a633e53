use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_typo.html")]
struct Page {
    a: i32,
}

fn main() {}
