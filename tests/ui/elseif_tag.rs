use kiln::Template;

#[derive(Template)]
#[template(path = "ui/elseif_tag.html")]
struct Page {
    a: bool,
    b: bool,
}

fn main() {}
