//! The `Content-Type` a template's output is served with, from its extension.

/// Extensions and their media types. Text types say `charset=utf-8`, since Kiln's output
/// is always UTF-8; XML, SVG and JSON carry their encoding themselves (RFC 7303, RFC 8259).
const TYPES: &[(&str, &str)] = &[
    ("html", "text/html; charset=utf-8"),
    ("htm", "text/html; charset=utf-8"),
    ("xhtml", "application/xhtml+xml"),
    ("xml", "application/xml"),
    ("svg", "image/svg+xml"),
    ("rss", "application/rss+xml"),
    ("atom", "application/atom+xml"),
    ("json", "application/json"),
    ("css", "text/css; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("mjs", "text/javascript; charset=utf-8"),
    ("md", "text/markdown; charset=utf-8"),
    ("markdown", "text/markdown; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("txt", "text/plain; charset=utf-8"),
    ("text", "text/plain; charset=utf-8"),
    ("yaml", "application/yaml"),
    ("yml", "application/yaml"),
    ("toml", "application/toml"),
    ("ics", "text/calendar; charset=utf-8"),
    ("tex", "application/x-tex"),
];

/// What an extension not in the table is served as: template output is text.
const FALLBACK: &str = "text/plain; charset=utf-8";

/// The media type of a template whose extension (already stripped of `.j2` / `.jinja`,
/// lowercase) is `ext`.
pub fn content_type(ext: Option<&str>) -> &'static str {
    ext.and_then(|ext| TYPES.iter().find(|(e, _)| *e == ext))
        .map_or(FALLBACK, |(_, ty)| ty)
}

#[cfg(test)]
mod tests {
    use super::content_type;
    use crate::extension_of;

    fn of_path(path: &str) -> &'static str {
        content_type(extension_of(path).as_deref())
    }

    #[test]
    fn types_follow_the_extension_after_a_jinja_suffix() {
        assert_eq!(of_path("index.html"), "text/html; charset=utf-8");
        assert_eq!(of_path("pages/index.HTML.j2"), "text/html; charset=utf-8");
        assert_eq!(of_path("feed.xml.jinja"), "application/xml");
        assert_eq!(of_path("icon.svg"), "image/svg+xml");
        assert_eq!(of_path("data.json.jinja2"), "application/json");
        assert_eq!(of_path("site.css"), "text/css; charset=utf-8");
        assert_eq!(of_path("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(of_path("notes.md"), "text/markdown; charset=utf-8");
        assert_eq!(of_path("mail.txt"), "text/plain; charset=utf-8");
    }

    #[test]
    fn unknown_or_missing_extensions_are_plain_text() {
        assert_eq!(of_path("Makefile"), "text/plain; charset=utf-8");
        assert_eq!(of_path("page.j2"), "text/plain; charset=utf-8");
        assert_eq!(content_type(Some("weird")), "text/plain; charset=utf-8");
        assert_eq!(content_type(None), "text/plain; charset=utf-8");
    }
}
