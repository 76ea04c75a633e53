use kiln::Template;

#[derive(Template)]
enum Page {
    #[template(source = "<p>home</p>", ext = "html")]
    Home,
    #[template(source = "{\"about\": true}", ext = "json")]
    About,
}

fn main() {}
