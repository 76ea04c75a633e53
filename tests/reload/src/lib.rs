//! The views of the hot-reload test: a page that extends a layout which includes a
//! footer, and a page that calls a method of its struct.

use kiln::Template;

/// A page with a title and items, in a layout.
#[derive(Template)]
#[template(path = "page.html")]
pub struct Page {
    /// The page's title.
    pub title: String,
    /// What it lists.
    pub items: Vec<String>,
    /// A value of a type the interpreter cannot read.
    pub owner: Owner,
}

/// A type without `kiln::ToValue`.
pub struct Owner {
    /// The owner's name.
    pub name: String,
}
