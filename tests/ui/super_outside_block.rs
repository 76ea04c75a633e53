use kiln::Template;

#[derive(Template)]
#[template(path = "ui/super_outside_block.html")]
struct Page {
    a: i32,
}

fn main() {}
