use kiln::Template;

#[derive(Template)]
#[template(path = "ui/filter_bad_kwarg.html")]
struct Page {
    text: String,
}

fn main() {}
