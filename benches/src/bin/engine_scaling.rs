//! How the template compiler's time grows with the template (issue 18, item 5):
//! `engine_scaling tags N` expands a template of `N` tags (about 250 bytes of template
//! per tag: 20,000 tags is 5 MB), `engine_scaling inheritance N` a chain of `N` templates
//! each extending the last and calling `super()`. Prints the median of 3 expansions; run
//! it under `/usr/bin/time -v` for the peak memory. The expansion is all the derive does
//! (parse, resolve, check, generate); rustc's time on the generated code is not in it.

use std::path::Path;
use std::time::{Duration, Instant};

fn big_template(tags: usize) -> String {
    let mut text = String::with_capacity(tags * 260);
    for i in 0..tags {
        // Four shapes of tag in turn, with text around them.
        let tag = match i % 4 {
            0 => format!("{{{{ name|upper }}}} #{i}"),
            1 => "{% if flag %}on{% else %}off{% endif %}".to_owned(),
            2 => "{% for item in items %}<li>{{ item }}</li>{% endfor %}".to_owned(),
            _ => "{{ n + 1 }}".to_owned(),
        };
        text.push_str("<p class=\"row\">");
        text.push_str(&tag);
        text.push_str("</p>");
        // Padding to about 250 bytes a tag.
        while text.len() < (i + 1) * 250 {
            text.push_str(" lorem ipsum");
        }
        text.push('\n');
    }
    text
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join("templates").join(name), text).expect("write a template");
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, n) = match args.as_slice() {
        [kind, n] => (kind.as_str(), n.parse::<usize>().expect("a number")),
        _ => {
            eprintln!("usage: engine_scaling tags|inheritance N");
            std::process::exit(2);
        }
    };
    let dir = std::env::temp_dir().join(format!("kiln-scaling-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).expect("a scratch directory");
    let name = match kind {
        "tags" => {
            write(&dir, "big.html", &big_template(n));
            "big.html".to_owned()
        }
        _ => {
            write(
                &dir,
                "level0.html",
                "<main>{% block body %}0{% endblock %}</main>",
            );
            for level in 1..n {
                write(
                    &dir,
                    &format!("level{level}.html"),
                    &format!(
                        "{{% extends \"level{}.html\" %}}{{% block body %}}{{{{ super() }}}} {level}: {{{{ name }}}}{{% endblock %}}",
                        level - 1
                    ),
                );
            }
            format!("level{}.html", n.saturating_sub(1))
        }
    };
    let input: syn::DeriveInput = syn::parse_str(&format!(
        "#[template(path = \"{name}\")] struct Page {{ name: String, flag: bool, items: Vec<String>, n: i64 }}"
    ))
    .expect("a struct");
    let times: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            let tokens = kiln_engine::expand(&input, &dir);
            let took = start.elapsed();
            assert!(
                !tokens.to_string().contains("compile_error"),
                "the template compiles"
            );
            took
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    let took = median(times);
    println!(
        "{kind} {n}: {:.1} ms ({:.2} µs per unit)",
        took.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e6 / n as f64
    );
}
