use kiln::Template;

#[derive(Template)]
#[template(path = "ui/caller_without_call.html")]
struct Page {
    a: i32,
}

fn main() {}
