use kiln::Template;

#[derive(Template)]
#[template(path = "ui/child_of_bad_parent.html")]
struct Page {
    a: i32,
}

fn main() {}
