use kiln::Template;

#[derive(Template)]
#[template(path = "../Cargo.toml")]
struct Page {
    a: i32,
}

fn main() {}
