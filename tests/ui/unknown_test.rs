use kiln::Template;

#[derive(Template)]
#[template(path = "ui/unknown_test.html")]
struct Page {
    n: i32,
}

fn main() {}
