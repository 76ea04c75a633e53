use kiln::Template;

pub struct User {
    pub name: String,
}

// A misspelled attribute of a field is rustc's to find: the engine does not know `User`.
#[derive(Template)]
#[template(path = "ui/field_type_error.html")]
struct Page {
    user: User,
}

fn main() {}
