use kiln::Template;

#[derive(Template)]
#[template(path = "ui/several_errors.html")]
struct Page {
    title: String,
    items: Vec<String>,
}

fn main() {}
