use kiln::Template;

#[derive(Template)]
#[template(path = "ui/crlf_column.html")]
struct Page {
    x: i32,
}

fn main() {}
