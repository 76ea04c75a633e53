use kiln::Template;

#[derive(Template)]
#[template(pth = "ui/footer.html")]
struct Page {
    year: u16,
}

fn main() {}
