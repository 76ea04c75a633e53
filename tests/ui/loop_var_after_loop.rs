use kiln::Template;

#[derive(Template)]
#[template(path = "ui/loop_var_after_loop.html")]
struct Page {
    items: Vec<i32>,
}

fn main() {}
