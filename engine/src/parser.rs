//! Template source to AST: pest tokens, whitespace control, then the tag stack.

mod expr;
mod nesting;
mod tags;

use pest::iterators::Pair;
use pest::Parser as _;

use crate::ast::{Template, Trim, Ws};
use crate::diagnostic::{backticked, Diagnostic};
use crate::source::{FileId, Span};

pub(crate) use tags::Tag;

/// The pest parser generated from `grammar.pest`.
mod grammar {
    #![allow(missing_docs)] // RATIONALE: pest_derive generates the `Rule` enum and its impls.
    #[derive(pest_derive::Parser)]
    #[grammar = "grammar.pest"]
    pub struct TemplateParser;
}

use grammar::{Rule, TemplateParser};

/// Parsing state shared by the helpers: which file, and its text.
pub(crate) struct Ctx<'a> {
    file: FileId,
    text: &'a str,
    /// Spans of parenthesised expressions: `(a < b) < c` does not chain.
    grouped: std::cell::RefCell<Vec<Span>>,
    /// Spans of the `and`s that chained comparisons became.
    chains: std::cell::RefCell<Vec<Span>>,
}

impl Ctx<'_> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }
}

/// Options that change how template text is lexed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Syntax {
    /// Keep a single trailing newline at the end of the template (Jinja2's
    /// `keep_trailing_newline`, off by default).
    pub keep_trailing_newline: bool,
    /// Remove the first newline after a block tag or comment (Jinja2's `trim_blocks`).
    pub trim_blocks: bool,
    /// Remove spaces and tabs before a block tag or comment that starts a line (Jinja2's
    /// `lstrip_blocks`).
    pub lstrip_blocks: bool,
}

/// One lexical unit of a template, before tags are nested.
#[derive(Debug)]
pub(crate) enum Token {
    /// Text, as a byte range that whitespace control may shrink.
    Text { start: usize, end: usize },
    /// `{{ expr }}`.
    Print { expr: crate::ast::SExpr, ws: Ws },
    /// `{% … %}`.
    Tag { tag: Tag, ws: Ws, span: Span },
    /// `{# … #}`.
    Comment { ws: Ws },
    /// `{% raw %}…{% endraw %}`: `outer` are the markers facing outside, `inner` those
    /// facing the body.
    Raw {
        outer: Ws,
        inner: Ws,
        start: usize,
        end: usize,
    },
}

/// Parses one template file.
pub fn parse_template(file: FileId, text: &str, syntax: Syntax) -> Result<Template, Diagnostic> {
    // Jinja2 drops one trailing newline of the source unless told to keep it.
    let text = if syntax.keep_trailing_newline {
        text
    } else {
        text.strip_suffix('\n')
            .map_or(text, |t| t.strip_suffix('\r').unwrap_or(t))
    };
    let ctx = Ctx {
        file,
        text,
        grouped: Default::default(),
        chains: Default::default(),
    };
    let pairs = TemplateParser::parse(Rule::template, text).map_err(|err| ctx.syntax_error(err))?;
    let mut tokens = Vec::new();
    for pair in pairs.flatten().filter(|p| p.as_rule() != Rule::EOI) {
        if let Some(token) = ctx.token(pair)? {
            tokens.push(token);
        }
    }
    apply_whitespace_control(text, &mut tokens, syntax);
    nesting::build_tree(&ctx, tokens)
}

impl Ctx<'_> {
    /// Turns a top-level pair into a token; other pairs (nested ones) give `None`.
    fn token(&self, pair: Pair<'_, Rule>) -> Result<Option<Token>, Diagnostic> {
        Ok(Some(match pair.as_rule() {
            Rule::text => Token::Text {
                start: pair.as_span().start(),
                end: pair.as_span().end(),
            },
            Rule::comment => {
                let s = pair.as_str();
                let ws = Ws {
                    before: marker(s[2..].chars().next()),
                    after: marker(s[..s.len() - 2].chars().last()),
                };
                Token::Comment { ws }
            }
            Rule::print => {
                let mut inner = pair.into_inner();
                let open = inner.next().expect("grammar: print_open");
                let expr = self.expr(inner.next().expect("grammar: print has an expression"))?;
                let close = inner.next().expect("grammar: print_close");
                Token::Print {
                    expr,
                    ws: Ws {
                        before: marker(open.as_str()[2..].chars().next()),
                        after: marker(close.as_str().chars().next()),
                    },
                }
            }
            Rule::tag => {
                let span = self.span(&pair);
                let mut inner = pair.into_inner();
                let open = inner.next().expect("grammar: tag_open");
                let body = inner.next().expect("grammar: tag has a body");
                let close = inner.next().expect("grammar: tag_close");
                let ws = Ws {
                    before: marker(open.as_str()[2..].chars().next()),
                    after: marker(close.as_str().chars().next()),
                };
                Token::Tag {
                    tag: self.tag(body)?,
                    ws,
                    span,
                }
            }
            Rule::raw => {
                let mut inner = pair.into_inner();
                let open = inner.next().expect("grammar: raw_open");
                let body = inner.next().expect("grammar: raw_body");
                let close = inner.next().expect("grammar: raw_close");
                let (open_ws, close_ws) = (tag_markers(open), tag_markers(close));
                Token::Raw {
                    outer: Ws {
                        before: open_ws.before,
                        after: close_ws.after,
                    },
                    inner: Ws {
                        before: close_ws.before,
                        after: open_ws.after,
                    },
                    start: body.as_span().start(),
                    end: body.as_span().end(),
                }
            }
            _ => return Ok(None),
        }))
    }
}

/// The markers of a raw tag's `tag_open` and `tag_close` children.
fn tag_markers(pair: Pair<'_, Rule>) -> Ws {
    let mut ws = Ws::default();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::tag_open => ws.before = marker(p.as_str()[2..].chars().next()),
            Rule::tag_close => ws.after = marker(p.as_str().chars().next()),
            _ => {}
        }
    }
    ws
}

fn marker(c: Option<char>) -> Trim {
    match c {
        Some('-') => Trim::Strip,
        Some('+') => Trim::Keep,
        _ => Trim::Default,
    }
}

/// Applies whitespace control, as Jinja2's lexer does: a `-` marker strips all whitespace on
/// its side; with `lstrip_blocks`, spaces and tabs between the start of a line and a block
/// tag or comment go; with `trim_blocks`, one newline after a block tag or comment goes.
/// `+` turns the options off for its side of one tag. Neither option touches `{{ … }}`, and
/// `trim_blocks` does not apply after `{% raw %}`.
fn apply_whitespace_control(text: &str, tokens: &mut [Token], syntax: Syntax) {
    for i in 0..tokens.len() {
        // (marker before, marker after, whether it is a block tag or comment)
        let (before, after, block) = match &tokens[i] {
            Token::Text { .. } => continue,
            Token::Print { ws, .. } => (ws.before, ws.after, false),
            Token::Tag { ws, .. } | Token::Comment { ws } => (ws.before, ws.after, true),
            Token::Raw { outer, .. } => (outer.before, outer.after, true),
        };
        if i > 0 {
            if let Token::Text { start, end } = &mut tokens[i - 1] {
                if before == Trim::Strip {
                    *end = *start + text[*start..*end].trim_end().len();
                } else if before == Trim::Default && block && syntax.lstrip_blocks {
                    let segment = &text[*start..*end];
                    let line_start = match segment.rfind('\n') {
                        Some(newline) => Some(*start + newline + 1),
                        None if *start == 0 || text[..*start].ends_with('\n') => Some(*start),
                        None => None,
                    };
                    if let Some(line_start) = line_start {
                        if text[line_start..*end]
                            .bytes()
                            .all(|b| b == b' ' || b == b'\t')
                        {
                            *end = line_start;
                        }
                    }
                }
            }
        }
        if let Some(Token::Text { start, end }) = tokens.get_mut(i + 1) {
            if after == Trim::Strip {
                *start = *end - text[*start..*end].trim_start().len();
            } else if after == Trim::Default && block && syntax.trim_blocks {
                let rest = &text[*start..*end];
                if rest.starts_with("\r\n") {
                    *start += 2;
                } else if rest.starts_with('\n') || rest.starts_with('\r') {
                    *start += 1;
                }
            }
        }
        if let Token::Raw {
            inner, start, end, ..
        } = &mut tokens[i]
        {
            if inner.after == Trim::Strip {
                *start = *end - text[*start..*end].trim_start().len();
            }
            if inner.before == Trim::Strip {
                *end = *start + text[*start..*end].trim_end().len();
            }
        }
    }
}

/// Every tag name Kiln knows, for did-you-mean.
const KNOWN_TAGS: &[&str] = &[
    "filter",
    "endfilter",
    "macro",
    "endmacro",
    "call",
    "endcall",
    "import",
    "from",
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "break",
    "continue",
    "do",
    "set",
    "let",
    "endset",
    "endlet",
    "block",
    "endblock",
    "extends",
    "include",
    "raw",
    "endraw",
    "with",
    "endwith",
    "autoescape",
    "endautoescape",
];

impl Ctx<'_> {
    /// Rewrites a pest error into a message a template author can act on.
    fn syntax_error(&self, err: pest::error::Error<Rule>) -> Diagnostic {
        let pos = match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
        let rest = &self.text[pos..];
        let at = |len: usize| Span::new(self.file, pos, pos + len);

        // A tag whose name is wrong: `{% endfro %}`, `{% macro %}`.
        if let Some(tag_start) = self.tag_name_position(pos) {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() && !KNOWN_TAGS.contains(&word.as_str()) {
                let span = Span::new(self.file, tag_start, tag_start + word.len());
                let diagnostic = Diagnostic::new(format!("unknown tag `{word}`"), span);
                if matches!(word.as_str(), "elseif" | "elsif") {
                    return diagnostic.with_help("Jinja spells it `elif`");
                }
                return diagnostic
                    .suggest(&word, KNOWN_TAGS.iter().copied())
                    .or_help(format!("the tags are {}", backticked(KNOWN_TAGS)));
            }
        }

        // A delimiter that is never closed: point at it rather than at whatever confused the
        // expression parser further on.
        let opener = [("{{", "}}"), ("{%", "%}"), ("{#", "#}")]
            .into_iter()
            .find(|(open, close)| rest.starts_with(open) && !rest[2..].contains(close))
            .map(|(open, close)| (open, close, pos))
            .or_else(|| self.last_unclosed(pos));
        if let Some((open, close, start)) = opener {
            return Diagnostic::new(
                format!("unclosed `{open}`"),
                Span::new(self.file, start, start + open.len()),
            )
            .with_help(format!("add `{close}` to close it"));
        }

        let expected = match &err.variant {
            pest::error::ErrorVariant::ParsingError { positives, .. } => {
                describe_expected(positives)
            }
            pest::error::ErrorVariant::CustomError { message } => message.clone(),
        };
        // pest refuses input nested deeper than its stack allows.
        if expected.contains("stack limit") {
            return Diagnostic::new(
                "the expression is nested too deeply",
                at(rest.chars().next().map_or(0, char::len_utf8)),
            )
            .with_help("split it with `{% set %}`");
        }
        let (found, len) = describe_found(rest);
        // After `}}` or `%}` could come, the other choices (operators, `if`, `is`) say more
        // about the grammar than about the mistake.
        let expected = ["`}}`", "`%}`"]
            .into_iter()
            .find(|close| expected.starts_with(close) && found != "end of template")
            .map_or(expected.clone(), str::to_owned);
        let diagnostic = Diagnostic::new(format!("expected {expected}, found {found}"), at(len));
        match habit_help(&self.text[..pos], rest) {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }

    /// If `pos` is where a tag's name starts (`{%` and spaces before it), the position.
    fn tag_name_position(&self, pos: usize) -> Option<usize> {
        let before = &self.text[..pos];
        let open = before.rfind("{%")?;
        let between = before[open + 2..].trim_start_matches(['-', '+']);
        between.trim().is_empty().then_some(pos)
    }

    /// The last `{{`, `{%` or `{#` before `pos` that has no closing delimiter after it.
    fn last_unclosed(&self, pos: usize) -> Option<(&'static str, &'static str, usize)> {
        let before = &self.text[..pos];
        [("{{", "}}"), ("{%", "%}"), ("{#", "#}")]
            .into_iter()
            .filter_map(|(open, close)| {
                let start = before.rfind(open)?;
                (!self.text[start + 2..].contains(close)).then_some((open, close, start))
            })
            .max_by_key(|(_, _, start)| *start)
    }
}

/// Names for what the grammar expected, merged so the list stays short.
fn describe_expected(rules: &[Rule]) -> String {
    let mut names: Vec<String> = Vec::new();
    for rule in rules {
        let name = match rule {
            Rule::print_close => "`}}`".to_owned(),
            Rule::tag_close => "`%}`".to_owned(),
            Rule::expr
            | Rule::op_expr
            | Rule::string
            | Rule::int
            | Rule::float
            | Rule::list
            | Rule::dict
            | Rule::group
            | Rule::path
            | Rule::kw_true
            | Rule::kw_false
            | Rule::kw_none
            | Rule::op_not
            | Rule::op_neg
            | Rule::op_pos
            | Rule::primary => "an expression".to_owned(),
            Rule::ident | Rule::target => "a name".to_owned(),
            Rule::filter | Rule::test | Rule::attr | Rule::index | Rule::call | Rule::call_args => {
                "an operator".to_owned()
            }
            r if format!("{r:?}").starts_with("op_") => "an operator".to_owned(),
            Rule::if_tag | Rule::for_tag | Rule::set_tag | Rule::block_tag | Rule::tag_body => {
                "a tag name".to_owned()
            }
            Rule::string_list => "a list of template names".to_owned(),
            Rule::arg | Rule::kwarg => "an argument".to_owned(),
            r => {
                let debug = format!("{r:?}");
                match debug.strip_prefix("kw_") {
                    Some(word) => format!("`{word}`"),
                    None => debug.replace('_', " "),
                }
            }
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // Where an expression may stand, a name is one kind of expression.
    if names.iter().any(|n| n == "an expression") {
        names.retain(|n| n != "a name");
    }
    match names.len() {
        0 => "something else".to_owned(),
        1 => names.remove(0),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {last}", names.join(", "))
        }
    }
}

/// A short description of the text where parsing stopped, and its length in bytes (for
/// the caret).
fn describe_found(rest: &str) -> (String, usize) {
    if rest.is_empty() {
        return ("end of template".to_owned(), 0);
    }
    for token in ["}}", "%}", "#}", "{{", "{%", "{#", "&&", "||"] {
        if rest.starts_with(token) {
            return (format!("`{token}`"), token.len());
        }
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if !word.is_empty() {
        return (format!("`{word}`"), word.len());
    }
    match rest.chars().next() {
        Some('\n') => ("end of line".to_owned(), 1),
        Some(c) => (format!("`{c}`"), c.len_utf8()),
        None => ("end of template".to_owned(), 0),
    }
}

/// A hint for syntax from Rust, C or Python that Jinja spells differently, given the text
/// `before` the error and the `rest` from it on.
fn habit_help(before: &str, rest: &str) -> Option<&'static str> {
    let previous_word = before
        .trim_end()
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if previous_word == "else" && rest.starts_with("if") {
        return Some("Jinja spells `else if` as `elif`: `{% elif … %}`");
    }
    if rest.starts_with("&&") {
        Some("Jinja writes `and` for `&&`")
    } else if rest.starts_with("||") {
        Some("Jinja writes `or` for `||`")
    } else if rest.starts_with('!') {
        Some("Jinja writes negation as `not x`, and inequality as `!=`")
    } else if rest.starts_with('?') {
        Some("Jinja's conditional expression is `a if condition else b`")
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
