//! A template edited on disk under a running render loop shows on the next render,
//! without a build: a block of the page, the layout it extends, a file the layout
//! includes; a broken edit is the compiler's diagnostic as an error, and the next good
//! save recovers. The files are put back as they were, modification times included, so
//! cargo does not rebuild this crate for the edits.

use kiln::{ErrorKind, Template};
use kiln_reload_tests::edits::Edits;
use kiln_reload_tests::{Author, Owner, Page, Role, Title, View};

fn page() -> Page {
    Page {
        title: "Tea & cake".into(),
        items: vec!["<b>".into(), "scones".into()],
        owner: Owner { name: "Ann".into() },
        author: Author {
            name: "Bo".into(),
            role: Role::Editor,
        },
    }
}

const COMPILED: &str = "<title>Tea &amp; cake</title>\n<ul><li>&lt;b&gt;</li><li>scones</li></ul><p>2 by ANN at Kiln</p>\n<footer>v1</footer>";

#[test]
fn an_edited_template_shows_on_the_next_render_without_a_build() {
    let mut templates = Edits::of(&["base.html", "page.html", "footer.html"]);
    let page = page();
    assert_eq!(page.render().expect("renders"), COMPILED);

    // A block of the page.
    templates.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ title|upper }}!{% endblock %}\n\
         {% block body %}<ol>{% for item in items %}<li>{{ loop.index }} {{ item }}</li>{% endfor %}</ol>{% endblock %}\n",
    );
    assert_eq!(
        page.render().expect("renders"),
        "<title>TEA &amp; CAKE!</title>\n<ol><li>1 &lt;b&gt;</li><li>2 scones</li></ol>\n<footer>v1</footer>"
    );
    // A block rendered alone, as a `blocks = […]` view and as a `block = …` struct.
    assert_eq!(
        page.as_body().render().expect("renders"),
        "<ol><li>1 &lt;b&gt;</li><li>2 scones</li></ol>"
    );
    let title = Title {
        title: "tea".into(),
    };
    assert_eq!(title.render().expect("renders"), "TEA!");
    let heading = View::Heading {
        title: "tea".into(),
    };
    assert_eq!(heading.render().expect("renders"), "TEA!");

    // A file the layout includes, and the layout itself.
    templates.edit("footer.html", "<footer>v2</footer>\n");
    assert!(page
        .render()
        .expect("renders")
        .ends_with("<footer>v2</footer>"));
    templates.edit(
        "base.html",
        "<h1>{% block title %}{% endblock %}</h1>{% block body %}{% endblock %}|{% include \"footer.html\" %}\n",
    );
    assert_eq!(
        page.render().expect("renders"),
        "<h1>TEA &amp; CAKE!</h1><ol><li>1 &lt;b&gt;</li><li>2 scones</li></ol>|<footer>v2</footer>"
    );

    // A mistake: the compiler's diagnostic, as an error of the render; the process goes on.
    templates.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ title|uper }}{% endblock %}\n",
    );
    let error = page.render().expect_err("the edit has a mistake");
    let ErrorKind::Template(diagnostics) = error.kind() else {
        panic!("not a template error: {error:?}");
    };
    assert!(
        diagnostics.starts_with(
            "templates/page.html:2:27: unknown filter `uper`\n  |\n2 | {% block title %}{{ title|uper }}{% endblock %}\n  |                           ^^^^\n  = help: did you mean `upper`?"
        ),
        "{diagnostics}"
    );

    // The next good save recovers.
    templates.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ title|lower }}{% endblock %}\n",
    );
    assert_eq!(
        page.render().expect("renders"),
        "<h1>tea &amp; cake</h1>|<footer>v2</footer>"
    );

    // A field of a type that derives `ToValue`.
    templates.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ author.name }} ({{ author.role }}){% endblock %}\n",
    );
    assert_eq!(
        page.render().expect("renders"),
        "<h1>Bo (Editor)</h1>|<footer>v2</footer>"
    );

    // The struct's methods and the Rust paths that the compiled template calls: their
    // values, recorded by a compiled render run for the interpreter.
    templates.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ owner.shout() }}: {{ total() }} items at {{ crate::SITE }}{% endblock %}\n",
    );
    assert_eq!(
        page.render().expect("renders"),
        "<h1>ANN: 2 items at Kiln</h1>|<footer>v2</footer>"
    );

    // What the interpreter cannot read (a field of a type without `ToValue`) renders
    // with the compiled template, after a warning naming the line.
    templates.edit(
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ owner.name }}{% endblock %}\n",
    );
    assert_eq!(page.render().expect("renders"), COMPILED);

    // `KILN_RELOAD=0` turns reloading off.
    templates.edit("page.html", "changed\n");
    std::env::set_var("KILN_RELOAD", "0");
    let off = page.render();
    std::env::remove_var("KILN_RELOAD");
    assert_eq!(off.expect("renders"), COMPILED);
    assert_eq!(page.render().expect("renders"), "changed");

    // Put back as compiled, the compiled template renders again.
    drop(templates);
    assert_eq!(page.render().expect("renders"), COMPILED);
}
