use kiln::Template;

#[derive(Template)]
#[template(path = "ui/bad_expression.html")]
struct Page {
    price: f64,
}

fn main() {}
