//! Custom escapers declared in `kiln.toml` (`[[escaper]]`), chosen by extension or by
//! `escape = "<extension>"`.

use std::fmt;

use kiln::Template;

/// The escaper of `tests/kiln.toml` (`crate::escapers::Tex`): escapes LaTeX's special
/// characters with a backslash.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tex;

impl kiln::Escaper for Tex {
    fn write_escaped<W: fmt::Write + ?Sized>(self, out: &mut W, text: &str) -> fmt::Result {
        for c in text.chars() {
            if matches!(c, '&' | '%' | '$' | '#' | '_' | '{' | '}') {
                out.write_char('\\')?;
            }
            out.write_char(c)?;
        }
        Ok(())
    }
}

#[derive(Template)]
#[template(path = "report.tex")]
struct Report<'a> {
    title: &'a str,
    body: &'a str,
    count: u32,
}

#[test]
fn extension_selects_the_custom_escaper() {
    let report = Report {
        title: "50% of {all}",
        body: "R&D_costs",
        count: 3,
    };
    assert_eq!(
        report.render().unwrap(),
        "\\section{50\\% of \\{all\\}}\nR\\&D\\_costs (3 items, R&D_costs)"
    );
}

#[derive(Template)]
#[template(source = "{{ a }} & {{ b }}", ext = "txt", escape = "tex")]
struct Forced<'a> {
    a: &'a str,
    b: &'a str,
}

#[test]
fn escape_key_selects_the_custom_escaper_by_extension() {
    assert_eq!(
        Forced { a: "$x$", b: "#1" }.render().unwrap(),
        "\\$x\\$ & \\#1"
    );
}
