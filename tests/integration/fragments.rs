//! `block = "…"` renders one block of a template (an HTML fragment, e.g. for htmx), and the
//! extension under a trailing `.j2`/`.jinja` decides escaping.

use kiln::Template;

#[derive(Template)]
#[template(path = "fragments/page.html.j2")]
struct Page<'a> {
    items: Vec<&'a str>,
    year: u16,
}

/// Only what the `content` block uses: a fragment's struct needs no more fields.
#[derive(Template)]
#[template(path = "fragments/page.html.j2", block = "content")]
struct Content<'a> {
    items: Vec<&'a str>,
}

#[derive(Template)]
#[template(path = "fragments/page.html.j2", block = "footer")]
struct Footer {
    year: u16,
}

#[test]
fn a_block_alone_renders_as_it_does_inside_the_page() {
    let items = vec!["<a>", "b"];
    let page = Page {
        items: items.clone(),
        year: 2026,
    }
    .render()
    .unwrap();
    let content = Content { items }.render().unwrap();
    assert_eq!(content, "<ul><li>&lt;a&gt;</li><li>b</li></ul> more");
    assert!(page.contains(&content), "{page}");
    // A block the child does not override comes from the parent.
    let footer = Footer { year: 2026 }.render().unwrap();
    assert_eq!(footer, "© 2026");
    assert!(
        page.contains(&format!("<footer>{footer}</footer>")),
        "{page}"
    );
}

#[derive(Template)]
#[template(path = "fragments/mail.txt.jinja")]
struct Mail<'a> {
    name: &'a str,
}

#[test]
fn inner_extension_decides_escaping() {
    // `.html.j2` escapes (checked above); `.txt.jinja` does not.
    assert_eq!(
        Mail { name: "<Ann>" }.render().unwrap(),
        "Hi <Ann>, <this> & \"that\" stay as they are."
    );
}
