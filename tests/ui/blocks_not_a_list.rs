use kiln::Template;

#[derive(Template)]
#[template(path = "ui/fragment_child.html", blocks = "content")]
struct Page {
    year: u16,
}

fn main() {}
