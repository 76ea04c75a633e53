use kiln::Template;

#[derive(Template)]
#[template(path = "ui/include_cycle_a.html")]
struct Page {
    a: i32,
}

fn main() {}
