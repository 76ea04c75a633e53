use kiln::Template;

#[derive(Template)]
#[template(path = "ui/mismatched_end.html")]
struct Page {
    xs: Vec<i32>,
}

fn main() {}
