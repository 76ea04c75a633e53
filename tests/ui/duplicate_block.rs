use kiln::Template;

#[derive(Template)]
#[template(path = "ui/duplicate_block.html")]
struct Page {
    a: i32,
}

fn main() {}
