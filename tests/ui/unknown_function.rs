use kiln::Template;

#[derive(Template)]
#[template(path = "ui/unknown_function.html")]
struct Page {
    n: i64,
}

impl Page {
    fn total(&self) -> i64 {
        self.n
    }
}

fn main() {}
