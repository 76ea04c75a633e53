use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_default_order.html")]
struct Page {
    a: i32,
}

fn main() {}
