use kiln::Template;

#[derive(Template)]
#[template(path = "ui/unclosed_print.html")]
struct Page {
    name: String,
}

fn main() {}
