use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_reads_outer_set.html")]
struct Page {
    title: String,
}

fn main() {}
