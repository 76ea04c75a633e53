//! The edit-refresh loop, measured: how long the first render after saving a template
//! takes with hot reload (the template checked again and interpreted), and what a render
//! costs before and after. `cargo run -p kiln-reload-tests --example dev_loop`; the
//! template is put back as it was, modification time included.

use std::time::{Duration, Instant};

use kiln::Template;
use kiln_reload_tests::edits::Edits;
use kiln_reload_tests::{Author, Owner, Page, Role};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(page: &Page) -> (Duration, String) {
    let start = Instant::now();
    let out = page.render().expect("renders");
    (start.elapsed(), out)
}

fn main() {
    let page = Page {
        title: "Tea & cake".into(),
        items: (0..20).map(|i| format!("item {i}")).collect(),
        owner: Owner { name: "Ann".into() },
        author: Author {
            name: "Bo".into(),
            role: Role::Editor,
        },
    };
    let compiled = median((0..200).map(|_| time(&page).0).collect());
    let mut templates = Edits::of(&["page.html"]);
    let mut after_save = Vec::new();
    let mut interpreted = Vec::new();
    for edit in 1..=20 {
        let text = format!(
            "{{% extends \"base.html\" %}}\n{{% block title %}}{{{{ title }}}} #{edit}{{% endblock %}}\n\
             {{% block body %}}<ul>{{% for item in items %}}<li>{{{{ item|upper }}}}</li>{{% endfor %}}</ul>{{% endblock %}}\n"
        );
        templates.edit("page.html", &text);
        let (took, out) = time(&page);
        assert!(out.contains(&format!("#{edit}")), "the edit shows: {out}");
        after_save.push(took);
        interpreted.extend((0..10).map(|_| time(&page).0));
    }
    drop(templates);

    println!("compiled render (files unchanged, one stat per file): {compiled:?}");
    println!(
        "first render after a save (check again + interpret):  {:?}",
        median(after_save)
    );
    println!(
        "interpreted render after that:                          {:?}",
        median(interpreted)
    );
}
