use kiln::Template;

#[derive(Template)]
#[template(path = "ui/unknown_tag.html")]
struct Page {
    xs: Vec<i32>,
}

fn main() {}
