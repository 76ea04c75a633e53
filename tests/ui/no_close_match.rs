use kiln::Template;

#[derive(Template)]
#[template(path = "ui/no_close_match.html")]
struct Page {
    title: String,
    items: Vec<String>,
}

fn main() {}
