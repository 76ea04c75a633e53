use kiln::Template;

#[derive(Template)]
#[template(source = "{% if a %}yes{% else %}no{% endif %}{% endif %}", ext = "txt")]
struct Page {
    a: bool,
}

fn main() {}
