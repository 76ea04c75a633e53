use kiln::Template;

#[derive(Template)]
#[template(source = "{% block a %}{{ titel }}{% endblock %}", ext = "html")]
enum Page {
    #[template(block = "a")]
    A { title: String },
}

fn main() {}
