use kiln::Template;

#[derive(Template)]
#[template(source = "{{ a }}")]
struct Page {
    a: i32,
}

fn main() {}
