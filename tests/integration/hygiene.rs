//! Generated code names everything by an absolute path: a template derived in a module
//! without the prelude, beside modules of its own named `core`, `std` and `kiln`, compiles
//! and renders the same bytes as Jinja2 (the `everything` parity case, with the same data).

#[no_implicit_prelude]
mod no_prelude {
    // Modules named like the crates generated code uses: a relative path would find these.
    #[allow(dead_code)]
    pub mod core {}
    #[allow(dead_code)]
    pub mod std {}
    #[allow(dead_code)]
    pub mod kiln {}

    use ::std::string::String;
    use ::std::vec::Vec;

    #[derive(::kiln::Template)]
    #[template(path = "parity/everything.html")]
    pub struct Everything {
        pub site: String,
        pub name: String,
        pub user: String,
        pub html: String,
        pub items: Vec<Item>,
        pub nums: Vec<i64>,
        pub tree: Vec<Node>,
        pub nick: ::std::option::Option<String>,
    }

    #[derive(::kiln::ToValue)]
    pub struct Item {
        pub name: String,
        pub kind: String,
        pub count: i64,
    }

    #[derive(::kiln::ToValue)]
    pub struct Node {
        pub name: String,
        pub children: Vec<Node>,
    }
}

use no_prelude::{Everything, Item, Node};

fn item(name: &str, kind: &str, count: i64) -> Item {
    Item {
        name: name.into(),
        kind: kind.into(),
        count,
    }
}

fn node(name: &str, children: Vec<Node>) -> Node {
    Node {
        name: name.into(),
        children,
    }
}

#[test]
fn a_template_derived_without_the_prelude_renders_like_jinja2() {
    use kiln::Template;
    let page = Everything {
        site: "Kiln & co".into(),
        name: "ada lovelace".into(),
        user: "Bob <b>".into(),
        html: "<b>bold</b>".into(),
        items: vec![
            item("apples and pears", "fruit", 3),
            item("pears", "fruit", 0),
            item("leeks", "veg", 2),
            item("kale", "veg", 5),
            item("rice", "grain", 4),
        ],
        nums: vec![1, 2, 3],
        tree: vec![node(
            "a",
            vec![node("b", vec![]), node("c", vec![node("d", vec![])])],
        )],
        nick: None,
    };
    let expected = include_str!("../parity/expected/everything.html");
    assert_eq!(page.render().unwrap(), expected);
}
