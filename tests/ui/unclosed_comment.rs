use kiln::Template;

#[derive(Template)]
#[template(path = "ui/unclosed_comment.html")]
struct Page {
    name: String,
}

fn main() {}
