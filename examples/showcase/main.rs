//! Renders a small blog with Kiln: a base layout, an index looping over posts, one page per
//! post with its (escaped) user comments and their replies (a recursive loop), and a footer
//! include.
//!
//! ```text
//! cargo run --release --example showcase [OUTPUT_DIR]
//! ```
//!
//! Writes the site to `OUTPUT_DIR` (default: `target/showcase` in the workspace) and prints
//! where it went.

use std::path::PathBuf;

use kiln::Template;

/// Site-wide settings shared by every page.
struct Site {
    name: &'static str,
    tagline: &'static str,
    root: &'static str,
    nav: Vec<Link>,
}

struct Link {
    href: &'static str,
    label: &'static str,
}

struct Comment {
    author: Option<&'static str>,
    text: &'static str,
    replies: Vec<Comment>,
}

struct Post {
    slug: &'static str,
    title: &'static str,
    date: &'static str,
    author: &'static str,
    tags: Vec<&'static str>,
    body: Vec<&'static str>,
    comments: Vec<Comment>,
}

#[derive(Template)]
#[template(path = "showcase/index.html")]
struct IndexPage<'a> {
    site: &'a Site,
    posts: &'a [Post],
    current: &'a str,
}

#[derive(Template)]
#[template(path = "showcase/post.html")]
struct PostPage<'a> {
    site: &'a Site,
    posts: &'a [Post],
    post: &'a Post,
    current: &'a str,
}

fn site() -> Site {
    Site {
        name: "Kiln Notes",
        tagline: "Templates, fired at compile time",
        root: "",
        nav: vec![
            Link {
                href: "index.html",
                label: "Home",
            },
            Link {
                href: "first-light.html",
                label: "First post",
            },
        ],
    }
}

fn posts() -> Vec<Post> {
    vec![
        Post {
            slug: "first-light",
            title: "First light: compiling Jinja to Rust",
            date: "2026-11-23",
            author: "ada lovelace",
            tags: vec!["rust", "templates"],
            body: vec![
                "Kiln reads a Jinja template while your crate compiles and turns it into a plain Rust function, so rendering parses nothing at run time.",
                "Mistakes in a template are compile errors that point at its line and column.",
            ],
            comments: vec![
                Comment {
                    author: Some("grace"),
                    text: "Does it escape <script>alert('x')</script> in comments?",
                    replies: vec![Comment {
                        author: None,
                        text: "Yes: & < > \" ' all become entities.",
                        replies: vec![Comment {
                            author: Some("grace"),
                            text: "And replies nest: one recursive loop renders the thread.",
                            replies: vec![],
                        }],
                    }],
                },
                Comment {
                    author: Some("linus"),
                    text: "Errors point at the template's line and column, too.",
                    replies: vec![],
                },
            ],
        },
        Post {
            slug: "inheritance",
            title: "Layouts & blocks",
            date: "2026-11-20",
            author: "alan turing",
            tags: vec![],
            body: vec!["Pages extend a base layout and fill its blocks; {{ super() }} keeps the parent's content."],
            comments: vec![],
        },
    ]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/showcase"));
    std::fs::create_dir_all(&out)?;
    let out = out.canonicalize()?;

    let site = site();
    let posts = posts();
    let mut written = Vec::new();

    let index = IndexPage {
        site: &site,
        posts: &posts,
        current: "index.html",
    };
    std::fs::write(out.join("index.html"), index.render()?)?;
    written.push("index.html".to_owned());

    for post in &posts {
        let file = format!("{}.html", post.slug);
        let page = PostPage {
            site: &site,
            posts: &posts,
            post,
            current: &file,
        };
        std::fs::write(out.join(&file), page.render()?)?;
        written.push(file);
    }
    std::fs::write(
        out.join("style.css"),
        include_str!("../templates/showcase/style.css"),
    )?;

    println!("Rendered {} pages with Kiln:", written.len());
    for file in &written {
        println!("  {}", out.join(file).display());
    }
    println!("Open {} in a browser.", out.join("index.html").display());
    Ok(())
}
