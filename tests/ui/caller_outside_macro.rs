use kiln::Template;

#[derive(Template)]
#[template(path = "ui/caller_outside_macro.html")]
struct Page {
    title: String,
}

fn main() {}
