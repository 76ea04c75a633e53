//! The views of the hot-reload test: a page that extends a layout which includes a
//! footer, and a page that calls a method of its struct.

use kiln::Template;

pub mod edits;

/// A constant the template reads by its Rust path.
pub const SITE: &str = "Kiln";

/// A page with a title and items, in a layout; `as_body()` renders its body alone.
#[derive(Template)]
#[template(path = "page.html", blocks = ["body"])]
pub struct Page {
    /// The page's title.
    pub title: String,
    /// What it lists.
    pub items: Vec<String>,
    /// A value of a type the interpreter cannot read.
    pub owner: Owner,
    /// A value of a type that derives `ToValue`.
    pub author: Author,
}

/// A type the interpreter reads: it derives `ToValue`.
#[derive(kiln::ToValue)]
pub struct Author {
    /// The author's name.
    pub name: String,
    /// Their role.
    pub role: Role,
}

/// An enum of unit variants: each is its name to the interpreter.
#[derive(kiln::ToValue)]
pub enum Role {
    /// Writes.
    Editor,
}

impl Page {
    /// How many items the page lists: a method the template calls.
    pub fn total(&self) -> usize {
        self.items.len()
    }
}

/// A type without `kiln::ToValue`.
pub struct Owner {
    /// The owner's name.
    pub name: String,
}

impl Owner {
    /// The name, loud: a method the template calls on a field.
    pub fn shout(&self) -> String {
        self.name.to_uppercase()
    }
}

/// Only the title block of the page (an htmx-style fragment).
#[derive(Template)]
#[template(path = "page.html", block = "title")]
pub struct Title {
    /// The page's title.
    pub title: String,
}

/// An enum template: each variant renders its part of the page.
#[derive(Template)]
#[template(path = "page.html")]
pub enum View {
    /// The title block, from the variant's field.
    #[template(block = "title")]
    Heading {
        /// The page's title.
        title: String,
    },
}
