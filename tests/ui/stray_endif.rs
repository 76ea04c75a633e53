use kiln::Template;

#[derive(Template)]
#[template(path = "ui/stray_endif.html")]
struct Page {
    title: String,
}

fn main() {}
