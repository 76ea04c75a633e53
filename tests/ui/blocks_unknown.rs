use kiln::Template;

#[derive(Template)]
#[template(path = "ui/fragment_child.html", blocks = ["content", "fotter"])]
struct Page {
    year: u16,
}

fn main() {
    // The view of the listed block that exists is still there.
    let _ = Page { year: 1 }.as_content();
}
