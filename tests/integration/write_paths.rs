//! Every way to render writes the same bytes, appends to what the output already holds,
//! uses the caller's allocation where it can, and leaves the output as it was on an error.

use std::fmt::{self, Write as _};
use std::io::Write as _;

use kiln::{Buffer, FmtOutput, Template};

#[derive(Template)]
#[template(
    source = "<ul>{% for n in numbers %}<li>{{ n }} {{ label }}</li>{% endfor %}</ul>",
    ext = "html"
)]
struct List<'a> {
    numbers: Vec<u32>,
    label: &'a str,
}

fn list(len: u32) -> List<'static> {
    List {
        numbers: (0..len).collect(),
        label: "<a&b>",
    }
}

fn expected(len: u32) -> String {
    let items: String = (0..len)
        .map(|n| format!("<li>{n} &lt;a&amp;b&gt;</li>"))
        .collect();
    format!("<ul>{items}</ul>")
}

/// A `fmt::Write` that is none of the types rendered into directly.
#[derive(Default)]
struct Pieces(Vec<String>);

impl fmt::Write for Pieces {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.push(s.to_owned());
        Ok(())
    }
}

#[test]
fn every_path_appends_the_same_bytes_to_what_the_output_holds() {
    for len in [0, 3, 2_000, 120_000] {
        let page = list(len);
        let want = expected(len);
        let prefixed = format!("before:{want}");

        let mut text = String::from("before:");
        page.render_into(&mut text).unwrap();
        assert_eq!(text, prefixed, "render_into(&mut String), {len} items");

        let mut text = String::from("before:");
        page.render_to(&mut text).unwrap();
        assert_eq!(text, prefixed, "render_to(&mut String)");

        let mut buffer = Buffer::from(String::from("before:"));
        page.render_to(&mut buffer).unwrap();
        assert_eq!(buffer.as_str(), prefixed, "render_to(&mut Buffer)");
        let mut buffer = Buffer::from(String::from("before:"));
        page.render_into(&mut buffer).unwrap();
        assert_eq!(buffer.as_str(), prefixed, "render_into(&mut Buffer)");

        let mut text = String::from("before:");
        write!(text, "{page}").unwrap();
        assert_eq!(text, prefixed, "Display through a Formatter");
        assert_eq!(page.to_string(), want, "to_string");

        let mut text = String::from("before:");
        page.render_to(&mut FmtOutput(&mut text)).unwrap();
        assert_eq!(text, prefixed, "render_to(FmtOutput)");

        let mut text = String::from("before:");
        let dynamic: &mut dyn fmt::Write = &mut text;
        page.render_into(dynamic).unwrap();
        assert_eq!(text, prefixed, "render_into(&mut dyn fmt::Write)");

        let mut pieces = Pieces::default();
        page.render_into(&mut pieces).unwrap();
        assert_eq!(
            pieces.0,
            std::slice::from_ref(&want),
            "another writer gets one write"
        );

        let mut bytes = Vec::new();
        page.write_into(&mut bytes).unwrap();
        assert_eq!(bytes, want.as_bytes(), "write_into(empty Vec)");
        let mut bytes = b"before:".to_vec();
        page.write_into(&mut bytes).unwrap();
        assert_eq!(bytes, prefixed.as_bytes(), "write_into(Vec with text)");
        let mut bytes = vec![0xff];
        page.write_into(&mut bytes).unwrap();
        assert_eq!(&bytes[1..], want.as_bytes(), "a Vec that is not UTF-8");

        let mut cursor = std::io::Cursor::new(Vec::new());
        cursor.write_all(b"before:").unwrap();
        page.write_into(&mut cursor).unwrap();
        assert_eq!(
            cursor.into_inner(),
            prefixed.as_bytes(),
            "write_into(Cursor)"
        );
    }
}

/// Defines a template like `List`, with a learned size of its own: the other tests' large
/// pages raise `List`'s, and an output with less room than that is grown once to fit it.
macro_rules! list_template {
    ($name:ident) => {
        #[derive(Template)]
        #[template(
            source = "<ul>{% for n in numbers %}<li>{{ n }} {{ label }}</li>{% endfor %}</ul>",
            ext = "html"
        )]
        struct $name<'a> {
            numbers: Vec<u32>,
            label: &'a str,
        }
    };
}

list_template!(ReusedList);
list_template!(NewList);

#[test]
fn a_reused_string_with_room_is_written_in_place() {
    let page = ReusedList {
        numbers: (0..500).collect(),
        label: "<a&b>",
    };
    let want = expected(500);
    let mut text = String::with_capacity(64 * 1024);
    let address = text.as_ptr();
    for _ in 0..3 {
        text.clear();
        page.render_into(&mut text).unwrap();
        assert_eq!(text, want);
        assert_eq!(text.as_ptr(), address, "no new allocation, no copy");
    }
    let mut bytes = Vec::with_capacity(64 * 1024);
    let address = bytes.as_ptr();
    page.write_into(&mut bytes).unwrap();
    assert_eq!((bytes.as_ptr(), bytes.len()), (address, want.len()));
}

#[test]
fn a_new_string_gets_the_learned_capacity_at_once() {
    let page = NewList {
        numbers: (0..3_000).collect(),
        label: "<a&b>",
    };
    let first = page.render().unwrap();
    let mut text = String::new();
    page.render_into(&mut text).unwrap();
    assert_eq!(text, first);
    let learned = NewList::learned_size().unwrap().get();
    assert!(learned >= first.len());
    assert_eq!(
        text.capacity(),
        learned,
        "one allocation of the learned size"
    );
}

#[derive(Template)]
#[template(source = "{{ a }}/{{ a // b }}", ext = "txt")]
struct Failing {
    a: i64,
    b: i64,
}

#[test]
fn a_failed_render_leaves_every_output_as_it_was() {
    let page = Failing { a: 7, b: 0 };
    let message = "<source>:1:12: integer division or modulo by zero";

    let mut text = String::from("kept");
    assert_eq!(
        page.render_into(&mut text).unwrap_err().to_string(),
        message
    );
    assert_eq!(text, "kept");
    assert_eq!(page.render_to(&mut text).unwrap_err().to_string(), message);
    assert_eq!(text, "kept");
    let mut buffer = Buffer::from(String::from("kept"));
    assert!(page.render_to(&mut buffer).is_err());
    assert_eq!(buffer.as_str(), "kept");
    let mut pieces = Pieces::default();
    assert!(page.render_into(&mut pieces).is_err());
    assert!(pieces.0.is_empty());
    let mut bytes = Vec::new();
    assert!(page.write_into(&mut bytes).is_err());
    assert!(bytes.is_empty());
    let mut bytes = b"kept".to_vec();
    assert!(page.write_into(&mut bytes).is_err());
    assert_eq!(bytes, b"kept");
    let mut text = String::from("kept");
    assert!(write!(text, "{page}").is_err());
    assert_eq!(text, "kept");

    assert_eq!(Failing { a: 7, b: 2 }.render().unwrap(), "7/3");
}

/// A value whose `Display` renders another template: the inner render needs a scratch
/// buffer while the outer one is using the thread's.
struct Nested(List<'static>);

impl fmt::Display for Nested {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Template)]
#[template(source = "[{{ inner }}]", ext = "txt")]
struct Outer {
    inner: Nested,
}

#[test]
fn a_render_inside_a_render_gets_its_own_scratch_buffer() {
    let page = Outer {
        inner: Nested(list(2)),
    };
    let want = format!("[{}]", expected(2));
    let mut pieces = Pieces::default();
    page.render_into(&mut pieces).unwrap();
    assert_eq!(pieces.0.concat(), want);
    assert_eq!(format!("{page}"), want);
}
