//! Integration tests: real templates rendered through the derive.

use kiln::Template;

struct Item {
    title: String,
    score: i64,
}

#[derive(Template)]
#[template(path = "hello.html")]
struct Hello<'a> {
    name: &'a str,
    items: Vec<Item>,
    flag: bool,
    maybe: Option<i32>,
    raw: &'a str,
}

#[test]
fn smoke() {
    let page = Hello {
        name: "<world>",
        items: vec![Item { title: "a & b".into(), score: 2 }, Item { title: "c".into(), score: -1 }],
        flag: true,
        maybe: None,
        raw: "<i>x</i>",
    };
    println!("{}", page.render().unwrap());
}
