use kiln::Template;

#[derive(Template)]
#[template(path = "ui/unclosed_for.html")]
struct Page {
    xs: Vec<i32>,
}

fn main() {}
