use kiln::Template;

struct Page {
    title: String,
    children: Vec<Page>,
}

#[derive(Template)]
#[template(path = "ui/loop_not_recursive.html")]
struct Sitemap {
    pages: Vec<Page>,
}

fn main() {}
