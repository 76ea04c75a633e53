use kiln::Template;

#[derive(Template)]
#[template(path = "ui/call_unknown_macro.html")]
struct Page {
    a: i32,
}

fn main() {}
