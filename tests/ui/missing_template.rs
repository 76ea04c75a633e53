use kiln::Template;

#[derive(Template)]
#[template(path = "ui/fotter.html")]
struct Page {
    year: u16,
}

fn main() {}
