use kiln::Template;

#[derive(Template)]
#[template(path = "ui/footer.html", escape = "htlm")]
struct Page {
    year: u16,
}

fn main() {}
