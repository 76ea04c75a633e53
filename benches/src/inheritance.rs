//! The `inheritance` workload: a page that extends a layout that extends a base, with blocks
//! that call `super()`, a 100-item loop and an include per item.
//!
//! The Jinja templates (`templates/kiln/inheritance/`): `base.html` lays out the document with
//! the blocks `title`, `header`, `content` and `footer`; `layout.html` extends it, prefixes the
//! title and adds a `<nav>` after the base header (both with `super()`) and opens a `body`
//! block inside `content`; `page.html` extends the layout, prefixes the title again, fills
//! `body` with a list whose items come from `item.html` (an include inside the loop), and
//! appends to the footer. Exact output, with every value escaped:
//!
//! ```text
//! <!DOCTYPE html>\n
//! <html><head><title>{title} | {section} | {site}</title></head>\n
//! <body>\n
//! <header><h1>{site}</h1><nav><a href="{href}">{label}</a>…</nav></header>\n
//! <main><div class="layout"><h2>{title}</h2>\n
//! <ul>\n
//! <li id="item-{id}"><a href="/items/{id}">{name}</a> ({stock} in stock)</li>\n   (one per item)
//! </ul></div></main>\n
//! <footer>&copy; {year} {site} | page {page}</footer>\n
//! </body>\n
//! </html>                                                               (no newline at the end)
//! ```

use askama::Template as _;
use serde::Serialize;

use crate::buffer::{escaped_bound, into_string, Chunk, MAX_DIGITS};
use crate::escape::escape_plain;

/// How many items [`build`] puts on the page.
pub const ITEMS: usize = 100;

/// A link of the layout's navigation bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The target, printed in an attribute.
    pub href: String,
    /// The text of the link.
    pub label: String,
}

/// One item of the page's list, rendered by the included `item.html`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The item's number, printed twice.
    pub id: u32,
    /// The item's name, escaped.
    pub name: String,
    /// How many are in stock.
    pub stock: u32,
}

/// The data every level of the template chain reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The site's name (base level).
    pub site: String,
    /// The copyright year (base level).
    pub year: u16,
    /// The section of the site (layout level).
    pub section: String,
    /// The navigation bar (layout level).
    pub nav: Vec<Link>,
    /// The page's title (page level).
    pub title: String,
    /// The page number shown in the footer (page level).
    pub page: u32,
    /// The list the page's loop renders.
    pub items: Vec<Item>,
}

/// Builds the page: names with `&`, `<`, `>` and quotes at every level, and [`ITEMS`] items,
/// every seventh and every tenth of which has markup characters in its name.
pub fn build() -> Page {
    let link = |href: &str, label: &str| Link {
        href: href.to_owned(),
        label: label.to_owned(),
    };
    let items = (1..=ITEMS as u32)
        .map(|id| Item {
            id,
            name: if id % 10 == 0 {
                format!("<Deluxe> cup #{id}")
            } else if id % 7 == 0 {
                format!("Cup #{id} & saucer")
            } else {
                format!("Cup #{id}")
            },
            stock: id * 37 % 50,
        })
        .collect();
    Page {
        site: "Kiln & Co".to_owned(),
        year: 2026,
        section: "Shop".to_owned(),
        nav: vec![
            link("/", "Home"),
            link("/shop?sort=new&page=1", "New & noteworthy"),
            link("/about", "About \"us\""),
            link("/contact", "Contact"),
        ],
        title: "Tea <cups> & pots".to_owned(),
        page: 3,
        items,
    }
}

/// Renders `page` the straightforward way: one `push_str` per piece, in template order, a
/// fresh `itoa::Buffer` per number, a `char`-by-`char` escaper and a growing `String`.
pub fn render_plain(page: &Page) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html><head><title>");
    escape_plain(&mut out, &page.title);
    out.push_str(" | ");
    escape_plain(&mut out, &page.section);
    out.push_str(" | ");
    escape_plain(&mut out, &page.site);
    out.push_str("</title></head>\n<body>\n<header><h1>");
    escape_plain(&mut out, &page.site);
    out.push_str("</h1><nav>");
    for link in &page.nav {
        out.push_str("<a href=\"");
        escape_plain(&mut out, &link.href);
        out.push_str("\">");
        escape_plain(&mut out, &link.label);
        out.push_str("</a>");
    }
    out.push_str("</nav></header>\n<main><div class=\"layout\"><h2>");
    escape_plain(&mut out, &page.title);
    out.push_str("</h2>\n<ul>\n");
    for item in &page.items {
        out.push_str("<li id=\"item-");
        out.push_str(itoa::Buffer::new().format(item.id));
        out.push_str("\"><a href=\"/items/");
        out.push_str(itoa::Buffer::new().format(item.id));
        out.push_str("\">");
        escape_plain(&mut out, &item.name);
        out.push_str("</a> (");
        out.push_str(itoa::Buffer::new().format(item.stock));
        out.push_str(" in stock)</li>\n");
    }
    out.push_str("</ul></div></main>\n<footer>&copy; ");
    out.push_str(itoa::Buffer::new().format(page.year));
    out.push(' ');
    escape_plain(&mut out, &page.site);
    out.push_str(" | page ");
    out.push_str(itoa::Buffer::new().format(page.page));
    out.push_str("</footer>\n</body>\n</html>");
    out
}

/// Renders `page` as fast as safe code allows: the head, each item and the tail are written
/// into one reused [`Chunk`] (merged literals, numbers assembled in a register, SWAR escaping)
/// and appended to the output, allocated once with an upper bound of its length.
pub fn render_tuned(page: &Page) -> String {
    const HEAD: usize = 200; // The literal text before the items (about 180 bytes), rounded up.
    const TAIL: usize = 64; // The literal text after them (about 50 bytes), rounded up.
    const PER_LINK: usize = "<a href=\"\"></a>".len();
    const PER_ITEM: usize =
        "<li id=\"item-\"><a href=\"/items/\"></a> ( in stock)</li>\n".len() + 3 * MAX_DIGITS;

    let head = HEAD
        + escaped_bound(2 * page.title.len() + page.section.len() + 2 * page.site.len())
        + page
            .nav
            .iter()
            .map(|l| PER_LINK + escaped_bound(l.href.len() + l.label.len()))
            .sum::<usize>();
    let tail = TAIL + 2 * MAX_DIGITS + escaped_bound(page.site.len());
    let longest_name = page.items.iter().map(|i| i.name.len()).max().unwrap_or(0);
    let names: usize = page.items.iter().map(|i| escaped_bound(i.name.len())).sum();
    let mut out = Vec::with_capacity(head + tail + page.items.len() * PER_ITEM + names);
    let mut chunk = Chunk::new(head.max(tail).max(PER_ITEM + escaped_bound(longest_name)));

    chunk.push("<!DOCTYPE html>\n<html><head><title>");
    chunk.push_escaped(&page.title);
    chunk.push(" | ");
    chunk.push_escaped(&page.section);
    chunk.push(" | ");
    chunk.push_escaped(&page.site);
    chunk.push("</title></head>\n<body>\n<header><h1>");
    chunk.push_escaped(&page.site);
    chunk.push("</h1><nav>");
    for link in &page.nav {
        chunk.push("<a href=\"");
        chunk.push_escaped(&link.href);
        chunk.push("\">");
        chunk.push_escaped(&link.label);
        chunk.push("</a>");
    }
    chunk.push("</nav></header>\n<main><div class=\"layout\"><h2>");
    chunk.push_escaped(&page.title);
    chunk.push("</h2>\n<ul>\n");
    chunk.flush_into(&mut out);
    for item in &page.items {
        chunk.push("<li id=\"item-");
        chunk.push_u64(u64::from(item.id));
        chunk.push("\"><a href=\"/items/");
        chunk.push_u64(u64::from(item.id));
        chunk.push("\">");
        chunk.push_escaped(&item.name);
        chunk.push("</a> (");
        chunk.push_u64(u64::from(item.stock));
        chunk.push(" in stock)</li>\n");
        chunk.flush_into(&mut out);
    }
    chunk.push("</ul></div></main>\n<footer>&copy; ");
    chunk.push_u64(u64::from(page.year));
    chunk.push(" ");
    chunk.push_escaped(&page.site);
    chunk.push(" | page ");
    chunk.push_u64(u64::from(page.page));
    chunk.push("</footer>\n</body>\n</html>");
    chunk.flush_into(&mut out);
    into_string(out)
}

/// The workload as askama templates (`templates/askama/inheritance/`, the Kiln text).
#[derive(askama::Template)]
#[template(path = "inheritance/page.html")]
pub struct AskamaInheritance<'a> {
    /// See [`Page::site`].
    pub site: &'a str,
    /// See [`Page::year`].
    pub year: u16,
    /// See [`Page::section`].
    pub section: &'a str,
    /// See [`Page::nav`].
    pub nav: &'a [Link],
    /// See [`Page::title`].
    pub title: &'a str,
    /// See [`Page::page`].
    pub page: u32,
    /// See [`Page::items`].
    pub items: &'a [Item],
}

/// Renders `page` with askama.
pub fn render_askama(page: &Page) -> String {
    AskamaInheritance {
        site: &page.site,
        year: page.year,
        section: &page.section,
        nav: &page.nav,
        title: &page.title,
        page: page.page,
        items: &page.items,
    }
    .render()
    .expect("askama cannot fail on this template")
}

/// The workload as sailfish templates (`templates/sailfish/inheritance/`).
///
/// sailfish has no `extends`, blocks or `super()`: its layouts are composed with `include!`,
/// which pastes a template in place at compile time. `page.stpl` holds the whole document and
/// includes the header (the base's heading and the layout's navigation), each item, and the
/// footer.
#[derive(sailfish::Template)]
#[template(path = "inheritance/page.stpl")]
pub struct SailfishInheritance<'a> {
    /// The page's data.
    pub page: &'a Page,
}

/// Renders `page` with sailfish.
pub fn render_sailfish(page: &Page) -> String {
    sailfish::Template::render(&SailfishInheritance { page })
        .expect("sailfish cannot fail on this template")
}
