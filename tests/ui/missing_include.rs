use kiln::Template;

#[derive(Template)]
#[template(path = "ui/includes_missing.html")]
struct Page {
    year: u16,
}

fn main() {}
