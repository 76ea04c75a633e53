use kiln::Template;

// The template uses a custom filter, but there is no `filters` module.
#[derive(Template)]
#[template(source = "{{ name|slugify }}", ext = "txt")]
struct Page {
    name: String,
}

fn main() {}
