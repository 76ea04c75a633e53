use kiln::Template;

#[derive(Template)]
#[template(path = "ui/autoescape_not_literal.html")]
struct Page {
    trusted: bool,
    body: String,
}

fn main() {}
