use kiln::Template;

#[derive(Template)]
#[template(source = "<p>home</p>", ext = "html")]
struct Home;

#[derive(Template)]
#[template(source = "User-agent: *", ext = "txt")]
struct Robots;

#[derive(Template)]
enum Page {
    Home(Home),
    Robots(Robots),
}

fn main() {
    let _ = Page::Home(Home).render();
}
