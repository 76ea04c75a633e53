use kiln::Template;

#[derive(Template)]
#[template(path = "ui/fragment_child.html", block = "contnet")]
struct Page {
    year: u16,
}

fn main() {}
