use kiln::Template;

#[derive(Template)]
#[template(path = "ui/macro_reads_loop_variable.html")]
struct Page {
    users: Vec<String>,
}

fn main() {}
