use kiln::Template;

#[derive(Template)]
#[template(path = "ui/include_bad_name.html")]
struct Page {
    user: String,
}

fn main() {}
