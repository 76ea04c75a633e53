use kiln::Template;

#[derive(Template)]
#[template(path = "ui/unknown_variable.html")]
struct Page {
    title: String,
}

fn main() {}
