//! Views beyond one struct: `blocks = […]` renders fragments of one template through
//! generated `as_<block>()` methods, and an enum renders its variant's template (its own,
//! a block of the enum's, or the field's). Expected outputs are Jinja2's (3.1), from the
//! templates in `templates/views/` and `templates/fragments/`.

use std::fmt::Display;

use kiln::Template;

#[derive(Template)]
#[template(path = "fragments/page.html.j2", blocks = ["content", "footer", "extra"])]
struct Page<'a> {
    items: Vec<&'a str>,
    year: u16,
}

#[test]
fn each_listed_block_renders_alone_as_inside_the_page() {
    let page = Page {
        items: vec!["<a>", "b"],
        year: 2026,
    };
    let whole = page.render().unwrap();
    let content = page.as_content().render().unwrap();
    assert_eq!(content, "<ul><li>&lt;a&gt;</li><li>b</li></ul> more");
    assert!(whole.contains(&content), "{whole}");
    // Inherited from the parent, and nested in another block.
    assert_eq!(page.as_footer().render().unwrap(), "© 2026");
    assert_eq!(page.as_extra().render().unwrap(), " more");
    // The page itself is unchanged by the list.
    assert_eq!(
        whole,
        "<html><body><ul><li>&lt;a&gt;</li><li>b</li></ul> more<footer>© 2026</footer></body></html>"
    );
}

#[test]
fn a_block_view_is_a_template_like_the_page() {
    let page = Page {
        items: vec!["x"],
        year: 1999,
    };
    let footer = page.as_footer();
    let mut out = String::from("[");
    footer.render_into(&mut out).unwrap();
    footer.render_to(&mut out).unwrap();
    assert_eq!(out, "[© 1999© 1999");
    let mut bytes = Vec::new();
    footer.write_into(&mut bytes).unwrap();
    assert_eq!(bytes, "© 1999".as_bytes());
    assert_eq!(footer.to_string(), "© 1999");
    assert_eq!(format!("{}", page.as_content()), "<ul><li>x</li></ul> more");
    fn content_type<T: Template>(_: &T) -> &'static str {
        T::CONTENT_TYPE
    }
    assert_eq!(content_type(&footer), "text/html; charset=utf-8");
    assert_eq!(content_type(&footer), content_type(&page));
}

/// Generic structs keep their parameters and bounds on the views.
#[derive(Template)]
#[template(path = "views/notice.html", blocks = ["text"])]
struct Notice<T: Display> {
    text: T,
}

#[test]
fn block_views_of_generic_templates() {
    let notice = Notice { text: "<hi>" };
    assert_eq!(notice.render().unwrap(), "<p>&lt;hi&gt;</p>");
    assert_eq!(notice.as_text().render().unwrap(), "&lt;hi&gt;");
    assert_eq!(Notice { text: 7 }.as_text().to_string(), "7");
}

/// One template per variant, each seeing its variant's fields by name.
#[derive(Template)]
enum Widget<'a> {
    #[template(path = "views/card.html")]
    Card { title: &'a str, body: String },
    #[template(source = "<hr>", ext = "html")]
    Rule,
    #[template(
        source = "<p>{% for l in lines %}{{ l }}{% if not loop.last %}<br>{% endif %}{% endfor %}</p>",
        ext = "html"
    )]
    Lines { lines: Vec<&'a str> },
}

#[test]
fn an_enum_renders_the_template_of_its_variant() {
    let card = Widget::Card {
        title: "<T>",
        body: "\"b\" & c".to_owned(),
    };
    assert_eq!(
        card.render().unwrap(),
        "<div class=\"card\">&lt;T&gt;: &#34;b&#34; &amp; c</div>"
    );
    assert_eq!(Widget::Rule.render().unwrap(), "<hr>");
    let lines = Widget::Lines {
        lines: vec!["a", "<b>"],
    };
    assert_eq!(lines.to_string(), "<p>a<br>&lt;b&gt;</p>");
    let mut out = Vec::new();
    lines.write_into(&mut out).unwrap();
    assert_eq!(out, b"<p>a<br>&lt;b&gt;</p>");
    assert_eq!(
        <Widget<'_> as Template>::CONTENT_TYPE,
        "text/html; charset=utf-8"
    );
}

/// One template for the enum, a block of it per variant; `ext` and the template are the
/// enum's, inherited by each variant.
#[derive(Template)]
#[template(path = "views/shapes.txt")]
enum Shape<T: Display> {
    #[template(block = "square")]
    Square { side: u32 },
    #[template(block = "rectangle")]
    Rectangle { a: u32, b: T },
    #[template(block = "nothing")]
    Nothing,
    /// No attribute: the whole of the enum's template, with this variant's fields.
    Whole { side: u32, a: u32, b: T },
}

#[test]
fn a_block_of_the_enum_template_per_variant() {
    type S = Shape<&'static str>;
    assert_eq!(S::Square { side: 3 }.render().unwrap(), "3²");
    assert_eq!(
        Shape::Rectangle { a: 2, b: "<5>" }.render().unwrap(),
        "2 × <5>"
    );
    assert_eq!(S::Nothing.render().unwrap(), "nothing");
    assert_eq!(
        Shape::Whole {
            side: 1,
            a: 2,
            b: 3
        }
        .render()
        .unwrap(),
        "1²2 × 3nothing"
    );
    assert_eq!(S::CONTENT_TYPE, "text/plain; charset=utf-8");
}

#[derive(Template)]
#[template(source = "<h1>Home of {{ user }}</h1>", ext = "html")]
struct Home<'a> {
    user: &'a str,
}

#[derive(Template)]
#[template(source = "<h1>Not found: {{ path }}</h1>", ext = "html")]
struct Missing {
    path: String,
}

/// Variants that hold a template render it: one type for every page a handler returns.
#[derive(Template)]
enum Routed<'a> {
    Home(Home<'a>),
    Missing(Missing),
    #[template(source = "<p>{{ message }}</p>", ext = "html")]
    Message {
        message: &'a str,
    },
}

#[test]
fn a_variant_holding_a_template_renders_it() {
    assert_eq!(
        Routed::Home(Home { user: "<ann>" }).render().unwrap(),
        "<h1>Home of &lt;ann&gt;</h1>"
    );
    let missing = Routed::Missing(Missing {
        path: "/x?a&b".to_owned(),
    });
    assert_eq!(missing.render().unwrap(), "<h1>Not found: /x?a&amp;b</h1>");
    assert_eq!(
        Routed::Message { message: "&" }.render().unwrap(),
        "<p>&amp;</p>"
    );
    assert_eq!(Routed::CONTENT_TYPE, "text/html; charset=utf-8");
    // The estimate covers the largest variant.
    assert!(Routed::SIZE_HINT >= Missing::SIZE_HINT.max(Home::SIZE_HINT));
}

#[test]
fn a_failing_variant_leaves_no_output() {
    #[derive(Template)]
    enum Risky {
        #[template(source = "a{{ 1 // n }}b", ext = "txt")]
        Divide { n: i64 },
    }
    let mut out = String::from("kept");
    let err = Risky::Divide { n: 0 }.render_into(&mut out).unwrap_err();
    assert!(err.to_string().contains("<source>:1:"), "{err}");
    assert_eq!(out, "kept");
    assert_eq!(Risky::Divide { n: 2 }.render().unwrap(), "a0b");
}

/// With an enum template too, a one-field variant without an attribute renders its field.
#[derive(Template)]
#[template(source = "{% block a %}<i>{{ x }}</i>{% endblock %}", ext = "html")]
enum Mixed<'a> {
    #[template(block = "a")]
    A {
        x: &'a str,
    },
    Home(Home<'a>),
}

#[test]
fn a_field_template_beside_the_enum_template() {
    assert_eq!(Mixed::A { x: "&" }.render().unwrap(), "<i>&amp;</i>");
    assert_eq!(
        Mixed::Home(Home { user: "b" }).render().unwrap(),
        "<h1>Home of b</h1>"
    );
    assert_eq!(Mixed::CONTENT_TYPE, "text/html; charset=utf-8");
}
