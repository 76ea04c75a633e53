use kiln::Template;

#[derive(Template)]
#[template(path = "ui/unknown_loop_attr.html")]
struct Page {
    xs: Vec<i32>,
}

fn main() {}
