use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_param_not_callable.html")]
struct Page {
    title: String,
}

fn main() {}
