use kiln::Template;

#[derive(Template)]
#[template(path = "ui/format_spec.html")]
struct Page {
    name: String,
    price: f64,
}

fn main() {}
