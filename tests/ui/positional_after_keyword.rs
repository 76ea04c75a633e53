use kiln::Template;

#[derive(Template)]
#[template(path = "ui/positional_after_keyword.html")]
struct Page {
    text: String,
}

fn main() {}
