//! The edit-refresh loop, measured: how long the first render after saving a template
//! takes with hot reload (the template checked again and interpreted), and what a render
//! costs before and after. `cargo run -p kiln-reload-tests --example dev_loop`; the
//! template is put back as it was, modification time included.

use std::fs::{File, FileTimes};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use kiln::Template;
use kiln_reload_tests::{Author, Owner, Page, Role};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates/page.html");
    let original = std::fs::read(&path).expect("the template");
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("a modification time");
    let page = Page {
        title: "Tea & cake".into(),
        items: (0..20).map(|i| format!("item {i}")).collect(),
        owner: Owner { name: "Ann".into() },
        author: Author {
            name: "Bo".into(),
            role: Role::Editor,
        },
    };
    let time = |page: &Page| {
        let start = Instant::now();
        let out = page.render().expect("renders");
        (start.elapsed(), out)
    };

    let compiled = median((0..200).map(|_| time(&page).0).collect());
    let mut after_save = Vec::new();
    let mut interpreted = Vec::new();
    for edit in 1..=20u64 {
        let text = format!(
            "{{% extends \"base.html\" %}}\n{{% block title %}}{{{{ title }}}} #{edit}{{% endblock %}}\n\
             {{% block body %}}<ul>{{% for item in items %}}<li>{{{{ item|upper }}}}</li>{{% endfor %}}</ul>{{% endblock %}}\n"
        );
        std::fs::write(&path, text).expect("write");
        File::options()
            .write(true)
            .open(&path)
            .and_then(|f| {
                f.set_times(FileTimes::new().set_modified(modified + Duration::from_secs(edit)))
            })
            .expect("set the modification time");
        let (took, out) = time(&page);
        assert!(out.contains(&format!("#{edit}")), "the edit shows: {out}");
        after_save.push(took);
        interpreted.extend((0..10).map(|_| time(&page).0));
    }
    std::fs::write(&path, &original).expect("restore");
    File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_times(FileTimes::new().set_modified(modified)))
        .expect("restore the modification time");

    println!(
        "compiled render (files unchanged, one stat per file): {:?}",
        compiled
    );
    println!(
        "first render after a save (check again + interpret):  {:?}",
        median(after_save)
    );
    println!(
        "interpreted render after that:                          {:?}",
        median(interpreted)
    );
}
