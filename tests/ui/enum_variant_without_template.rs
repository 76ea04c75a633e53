use kiln::Template;

#[derive(Template)]
enum Page {
    #[template(source = "home", ext = "html")]
    Home,
    About { text: String },
}

fn main() {}
