//! `urlize`: Jinja2 3.1's `urlize`, with its regular expressions written out as code (the
//! runtime has no regex engine; the matching below follows each pattern, backtracking
//! included, and the unit tests pin Jinja2's output).

use crate::escape::{escape_html, Safe};
use crate::filters::markup::is_python_space;
use crate::filters::select::int_arg;
use crate::ops::Operand;
use crate::value::{to_str, to_string, Render};
use crate::{Error, Result};

/// Python's `\w` for `str` patterns: letters, digits and `_`.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The suffix of a URL after its host: `(?::\d{1,5})?(?:[/?#]\S*)?$`. The text never holds
/// whitespace (it is one word).
fn port_and_path(rest: &str) -> bool {
    let path = |s: &str| s.is_empty() || s.starts_with(['/', '?', '#']);
    if let Some(port) = rest.strip_prefix(':') {
        let digits = port.chars().take_while(char::is_ascii_digit).count();
        if (1..=5).contains(&digits) && path(&port[digits..]) {
            return true;
        }
    }
    path(rest)
}

/// Byte offsets in `s` where a run of labels `label.label.` ends (just after a dot), each
/// label being `min_len..=max_len` characters of `[\w%-]`; offset 0 is included when
/// `allow_none`.
fn label_ends(s: &str, allow_none: bool, min_len: usize, max_len: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    if allow_none {
        ends.push(0);
    }
    let mut label = 0;
    for (i, c) in s.char_indices() {
        if c == '.' {
            if !(min_len..=max_len).contains(&label) {
                break;
            }
            ends.push(i + 1);
            label = 0;
        } else if is_word(c) || c == '%' || c == '-' {
            label += 1;
        } else {
            break;
        }
    }
    ends
}

/// Whether some prefix of `s` matching `count` characters of `class`, for a count in
/// `min..=max`, is followed by a valid port and path.
fn run_then_tail(s: &str, class: impl Fn(char) -> bool, min: usize, max: usize) -> bool {
    let mut ends = s
        .char_indices()
        .take_while(|&(_, c)| class(c))
        .map(|(i, c)| i + c.len_utf8())
        .take(max);
    let mut count = 0;
    ends.any(|end| {
        count += 1;
        count >= min && port_and_path(&s[end..])
    })
}

/// Strips a case-insensitive ASCII `prefix`.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// `(https?://|www\.)(([\w%-]+\.)+)?([a-z]{2,63}|xn--[\w%]{2,59})` then port and path.
fn scheme_or_www_host(s: &str) -> bool {
    let Some(rest) = strip_prefix_ci(s, "https://")
        .or_else(|| strip_prefix_ci(s, "http://"))
        .or_else(|| strip_prefix_ci(s, "www."))
    else {
        return false;
    };
    label_ends(rest, true, 1, usize::MAX).into_iter().any(|at| {
        let tld = &rest[at..];
        run_then_tail(tld, |c| c.is_ascii_alphabetic(), 2, 63)
            || strip_prefix_ci(tld, "xn--")
                .is_some_and(|idna| run_then_tail(idna, |c| is_word(c) || c == '%', 2, 59))
    })
}

/// `([\w%-]{2,63}\.)+(com|net|int|edu|gov|org|info|mil)` then port and path.
fn bare_domain(s: &str) -> bool {
    label_ends(s, false, 2, 63).into_iter().any(|at| {
        ["com", "net", "int", "edu", "gov", "org", "info", "mil"]
            .iter()
            .any(|tld| strip_prefix_ci(&s[at..], tld).is_some_and(port_and_path))
    })
}

/// `\d{1,3}(\.\d{1,3}){3}` then port and path, trying every split of the digit runs.
fn ipv4(s: &str, group: usize) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    (1..=digits.min(3)).any(|n| {
        let rest = &s[n..];
        if group == 3 {
            port_and_path(rest)
        } else {
            rest.strip_prefix('.').is_some_and(|r| ipv4(r, group + 1))
        }
    })
}

/// `\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}]` then port and path.
fn ipv6(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('[') else {
        return false;
    };
    let Some(close) = inner.find(']') else {
        return false;
    };
    let (body, rest) = (&inner[..close], &inner[close + 1..]);
    if !body.chars().all(|c| c.is_ascii_hexdigit() || c == ':') {
        return false;
    }
    let mut body = body;
    for _ in 0..2 {
        let hex = body.chars().take_while(char::is_ascii_hexdigit).count();
        if hex > 4 || !body[hex..].starts_with(':') {
            return false;
        }
        body = &body[hex + 1..];
    }
    // The fewest `[\da-f]{0,4}:?` pieces that make up the rest: greedy is optimal.
    let mut pieces = 0;
    let bytes = body.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && i - start < 4 && bytes[i] != b':' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b':' {
            i += 1;
        }
        pieces += 1;
        if i >= bytes.len() {
            break;
        }
    }
    pieces <= 6 && port_and_path(rest)
}

/// Jinja2's `_http_re`.
fn is_http_url(s: &str) -> bool {
    if scheme_or_www_host(s) || bare_domain(s) {
        return true;
    }
    let Some(host) = strip_prefix_ci(s, "https://").or_else(|| strip_prefix_ci(s, "http://"))
    else {
        return false;
    };
    ipv4(host, 0) || ipv6(host)
}

/// Jinja2's `_email_re`: `^\S+@\w[\w.-]*\.\w+$`.
fn is_email(s: &str) -> bool {
    s.char_indices().filter(|&(_, c)| c == '@').any(|(at, _)| {
        if at == 0 || s[..at].chars().any(is_python_space) {
            return false;
        }
        let domain = &s[at + 1..];
        let mut chars = domain.chars();
        if !chars.next().is_some_and(is_word) {
            return false;
        }
        let Some(dot) = domain.rfind('.') else {
            return false;
        };
        let tld = &domain[dot + 1..];
        dot >= 1
            && !tld.is_empty()
            && tld.chars().all(is_word)
            && domain[..dot]
                .chars()
                .skip(1)
                .all(|c| is_word(c) || c == '.' || c == '-')
    })
}

/// Jinja2's check of an extra scheme: `^([\w.+-]{2,}:(/){0,2})$`.
fn is_scheme_prefix(scheme: &str) -> bool {
    let Some(colon) = scheme.find(':') else {
        return false;
    };
    let name = &scheme[..colon];
    let slashes = &scheme[colon + 1..];
    name.chars().count() >= 2
        && name
            .chars()
            .all(|c| is_word(c) || matches!(c, '.' | '+' | '-'))
        && slashes.len() <= 2
        && slashes.chars().all(|c| c == '/')
}

/// Splits `text` like Python's `re.split(r"(\s+)", text)`: words and whitespace runs.
fn words_and_spaces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = is_python_space(c);
        if in_space != Some(space) {
            if in_space.is_some() {
                out.push(&text[start..i]);
            }
            start = i;
            in_space = Some(space);
        }
    }
    out.push(&text[start..]);
    out
}

/// The options of [`urlize`], as Jinja2's parameters.
struct Links<'a> {
    trim_url_limit: Option<usize>,
    rel_attr: String,
    target_attr: String,
    extra_schemes: &'a [String],
}

impl Links<'_> {
    fn trim(&self, url: &str) -> String {
        match self.trim_url_limit {
            Some(limit) if url.chars().count() > limit => {
                format!("{}...", url.chars().take(limit).collect::<String>())
            }
            _ => url.to_owned(),
        }
    }

    /// One word of the escaped text, with a link if it is a URL or an email address.
    fn word(&self, word: &str) -> String {
        let mut middle = word;
        loop {
            let rest = middle
                .strip_prefix('(')
                .or_else(|| middle.strip_prefix('<'))
                .or_else(|| middle.strip_prefix("&lt;"));
            match rest {
                Some(rest) => middle = rest,
                None => break,
            }
        }
        let head = &word[..word.len() - middle.len()];
        let mut tail_start = middle.len();
        loop {
            let before = &middle[..tail_start];
            if let Some(rest) = before.strip_suffix("&gt;") {
                tail_start = rest.len();
            } else if before.ends_with([')', '>', '.', ',', '\n']) {
                tail_start -= 1;
            } else {
                break;
            }
        }
        let mut middle_text = middle[..tail_start].to_owned();
        let mut tail = middle[tail_start..].to_owned();
        // Prefer balancing parentheses in URLs to leaving a closing one out.
        for (open, close) in [("(", ")"), ("<", ">"), ("&lt;", "&gt;")] {
            let opens = middle_text.matches(open).count();
            if opens <= middle_text.matches(close).count() {
                continue;
            }
            for _ in 0..opens.min(tail.matches(close).count()) {
                let Some(at) = tail.find(close) else { break };
                let end = at + close.len();
                middle_text.push_str(&tail[..end]);
                tail.drain(..end);
            }
        }
        let middle = middle_text;
        let linked = if is_http_url(&middle) {
            let href = if middle.starts_with("https://") || middle.starts_with("http://") {
                middle.clone()
            } else {
                format!("https://{middle}")
            };
            format!(
                "<a href=\"{href}\"{}{}>{}</a>",
                self.rel_attr,
                self.target_attr,
                self.trim(&middle)
            )
        } else if let Some(address) = middle.strip_prefix("mailto:").filter(|a| is_email(a)) {
            format!("<a href=\"{middle}\">{address}</a>")
        } else if middle.contains('@')
            && !middle.starts_with("www.")
            && !middle.starts_with('@')
            && !middle.contains(':')
            && is_email(&middle)
        {
            format!("<a href=\"mailto:{middle}\">{middle}</a>")
        } else {
            let mut out = middle.clone();
            for scheme in self.extra_schemes {
                if out != *scheme && out.starts_with(scheme.as_str()) {
                    out = format!(
                        "<a href=\"{out}\"{}{}>{out}</a>",
                        self.rel_attr, self.target_attr
                    );
                }
            }
            out
        };
        format!("{head}{linked}{tail}")
    }
}

/// `urlize(trim_url_limit=none, nofollow=false, target=none, rel=none, extra_schemes=none)`:
/// the text escaped for HTML, with `http://`, `https://`, `www.` and bare domain URLs and
/// email addresses turned into links, as Jinja2 3.1 does (with its default policies:
/// `rel="noopener"`, no target). The result is safe markup.
pub fn urlize<T, N, S>(
    value: &T,
    trim_url_limit: Option<N>,
    nofollow: bool,
    target: Option<&str>,
    rel: Option<&str>,
    extra_schemes: Option<S>,
) -> Result<Safe<String>>
where
    T: Render + ?Sized,
    N: Operand,
    S: IntoIterator,
    S::Item: Render,
{
    let mut rel_parts: Vec<&str> = rel.unwrap_or("").split_whitespace().collect();
    if nofollow {
        rel_parts.push("nofollow");
    }
    rel_parts.push("noopener");
    rel_parts.sort_unstable();
    rel_parts.dedup();
    let rel = rel_parts.join(" ");
    let extra_schemes: Vec<String> = extra_schemes
        .into_iter()
        .flatten()
        .map(|s| to_string(&s))
        .collect();
    if let Some(bad) = extra_schemes.iter().find(|s| !is_scheme_prefix(s)) {
        return Err(Error::filter(
            "urlize",
            format!("{bad:?} is not a valid URI scheme prefix"),
        ));
    }
    let trim_url_limit = match trim_url_limit {
        Some(n) => Some(usize::try_from(int_arg("urlize", "trim_url_limit", &n)?).unwrap_or(0)),
        None => None,
    };
    let links = Links {
        trim_url_limit,
        rel_attr: format!(" rel=\"{}\"", escape_html(&rel)),
        target_attr: target
            .filter(|t| !t.is_empty())
            .map(|t| format!(" target=\"{}\"", escape_html(t)))
            .unwrap_or_default(),
        extra_schemes: &extra_schemes,
    };
    let text = escape_html(&to_str(value));
    let out: String = words_and_spaces(&text)
        .into_iter()
        .map(|word| links.word(word))
        .collect();
    Ok(Safe(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urlize_default(text: &str) -> String {
        urlize(text, None::<i64>, false, None, None, None::<[&str; 0]>)
            .unwrap()
            .0
    }

    #[test]
    fn links_urls_like_jinja2() {
        // Expected values from Jinja2 3.1.6.
        assert_eq!(
            urlize_default("see http://example.com/a?b=1, or (www.example.org)."),
            "see <a href=\"http://example.com/a?b=1\" rel=\"noopener\">http://example.com/a?b=1</a>, \
             or (<a href=\"https://www.example.org\" rel=\"noopener\">www.example.org</a>)."
        );
        assert_eq!(
            urlize_default("example.com and foo.bar"),
            "<a href=\"https://example.com\" rel=\"noopener\">example.com</a> and foo.bar"
        );
        assert_eq!(
            urlize_default("mail me@example.com <x>"),
            "mail <a href=\"mailto:me@example.com\">me@example.com</a> &lt;x&gt;"
        );
        assert_eq!(
            urlize_default("http://127.0.0.1:8080/x http://[::1]/"),
            "<a href=\"http://127.0.0.1:8080/x\" rel=\"noopener\">http://127.0.0.1:8080/x</a> \
             <a href=\"http://[::1]/\" rel=\"noopener\">http://[::1]/</a>"
        );
        assert_eq!(
            urlize_default("(see http://a.com/x_(y))"),
            "(see <a href=\"http://a.com/x_(y)\" rel=\"noopener\">http://a.com/x_(y)</a>)"
        );
    }

    #[test]
    fn options_follow_jinja2() {
        let out = urlize(
            "http://example.com/long/path",
            Some(10),
            true,
            Some("_blank"),
            Some("external"),
            None::<[&str; 0]>,
        )
        .unwrap()
        .0;
        assert_eq!(
            out,
            "<a href=\"http://example.com/long/path\" rel=\"external nofollow noopener\" \
             target=\"_blank\">http://exa...</a>"
        );
        let out = urlize(
            "ftp://x.y tel:123",
            None::<i64>,
            false,
            None,
            None,
            Some(["ftp://", "tel:"]),
        )
        .unwrap()
        .0;
        assert_eq!(
            out,
            "<a href=\"ftp://x.y\" rel=\"noopener\">ftp://x.y</a> \
             <a href=\"tel:123\" rel=\"noopener\">tel:123</a>"
        );
        assert!(urlize("x", None::<i64>, false, None, None, Some(["x"])).is_err());
    }

    #[test]
    fn patterns() {
        assert!(is_http_url("www.example.com"));
        assert!(is_http_url("HTTP://EXAMPLE.COM:80"));
        assert!(!is_http_url("http://example.com:123456"));
        assert!(is_http_url("sub.example.info/x"));
        assert!(!is_http_url("a.b"));
        assert!(is_http_url("https://xn--bcher-kva.example"));
        assert!(is_email("a.b+c@d-e.fg"));
        assert!(!is_email("@x.com"));
        assert!(!is_email("a@b"));
        assert!(is_scheme_prefix("ftp://"));
        assert!(!is_scheme_prefix("f:"));
        assert_eq!(words_and_spaces(" a  b"), [" ", "a", "  ", "b"]);
    }
}
