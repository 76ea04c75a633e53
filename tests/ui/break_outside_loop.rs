use kiln::Template;

#[derive(Template)]
#[template(path = "ui/break_outside_loop.html")]
struct Page {
    xs: Vec<i32>,
}

fn main() {}
