use kiln::Template;

#[derive(Template)]
#[template(path = "ui/loop_outside_for.html")]
struct Page {
    name: String,
}

fn main() {}
