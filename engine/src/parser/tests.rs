//! Parser unit tests: one `parse(src)` helper, assertions on the tree or the message.

use super::*;
use crate::ast::{Expr, Node, Target, UnaryOp};
use crate::source::{Files, Spanned};
use std::sync::Arc;

fn parse(src: &str) -> Template {
    parse_template(FileId(0), src, Syntax::default())
        .unwrap_or_else(|d| panic!("{}", render(src, &d)))
}

fn error(src: &str) -> String {
    let diag = parse_template(FileId(0), src, Syntax::default()).expect_err("should not parse");
    render(src, &diag)
}

fn render(src: &str, diag: &Diagnostic) -> String {
    let mut files = Files::default();
    files.add("t.html".into(), None, Arc::from(src));
    diag.render(&files)
}

fn expr(src: &str) -> Expr {
    let template = parse(&format!("{{{{ {src} }}}}"));
    match template.nodes.into_iter().next() {
        Some(Node::Print(e)) => e.node,
        other => panic!("not a print: {other:?}"),
    }
}

/// A compact, precedence-revealing rendering of an expression.
fn sexp(e: &Expr) -> String {
    match e {
        Expr::Var(v) => v.clone(),
        Expr::Int(i) => i.to_string(),
        Expr::Float(f) => format!("{f:?}"),
        Expr::Str(s) => format!("{s:?}"),
        Expr::Bool(b) => b.to_string(),
        Expr::None => "none".into(),
        Expr::Binary(op, a, b) => format!("({} {} {})", sexp(&a.node), op.symbol(), sexp(&b.node)),
        Expr::Unary(UnaryOp::Not, a) => format!("(not {})", sexp(&a.node)),
        Expr::Unary(UnaryOp::Neg, a) => format!("(-{})", sexp(&a.node)),
        Expr::Unary(UnaryOp::Pos, a) => format!("(+{})", sexp(&a.node)),
        Expr::Filter(v, name, args) => format!(
            "({}|{}{})",
            sexp(&v.node),
            name.node,
            if args.is_empty() { "" } else { "(..)" }
        ),
        Expr::Test {
            value,
            negated,
            name,
            ..
        } => {
            format!(
                "({} is {}{})",
                sexp(&value.node),
                if *negated { "not " } else { "" },
                name.node
            )
        }
        Expr::Attr(v, name) => format!("{}.{}", sexp(&v.node), name.node),
        Expr::Index(v, k) => format!("{}[{}]", sexp(&v.node), sexp(&k.node)),
        Expr::Call(f, args) => format!(
            "{}({})",
            sexp(&f.node),
            args.positional
                .iter()
                .map(|a| sexp(&a.node))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Expr::Cond {
            cond,
            then,
            otherwise,
        } => format!(
            "({} if {} else {})",
            sexp(&then.node),
            sexp(&cond.node),
            otherwise.as_ref().map_or("_".into(), |o| sexp(&o.node))
        ),
        Expr::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|a| sexp(&a.node))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Expr::Tuple(items) => format!(
            "({},)",
            items
                .iter()
                .map(|a| sexp(&a.node))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => format!("{other:?}"),
    }
}

#[test]
fn precedence_follows_jinja2() {
    let cases = [
        ("a + b * c", "(a + (b * c))"),
        ("a ~ b + c", "((a ~ b) + c)"),
        ("a * b ~ c", "((a * b) ~ c)"),
        ("not a == b", "(not (a == b))"),
        ("a or b and c", "(a or (b and c))"),
        ("-x|abs", "((-x)|abs)"),
        ("-x.y", "(-x.y)"),
        ("a ** b|abs", "(a ** (b|abs))"),
        ("2 ** 3 ** 2", "((2 ** 3) ** 2)"),
        ("x is not none and y", "((x is not none) and y)"),
        ("x is none", "(x is none)"),
        ("a not in b", "(a not in b)"),
        ("a if c else b", "(a if c else b)"),
        ("a if c", "(a if c else _)"),
        ("items[0].name|upper", "(items[0].name|upper)"),
        ("0..n + 1", "(0 .. (n + 1))"),
        ("x // 2 % 3", "((x // 2) % 3)"),
        ("f(1, 2)", "f(1, 2)"),
        ("(1, 2)", "(1, 2,)"),
        ("(1)", "1"),
        ("[1, 'a']", "[1, \"a\"]"),
        ("n is divisibleby 3", "(n is divisibleby)"),
        ("x is in [1, 2]", "(x is in)"),
        ("loop.index0", "loop.index0"),
        ("a < b < c", "((a < b) and (b < c))"),
        ("a < b <= c > d", "(((a < b) and (b <= c)) and (c > d))"),
        ("(a < b) < c", "((a < b) < c)"),
        (
            "a == b and c < d < e",
            "((a == b) and ((c < d) and (d < e)))",
        ),
    ];
    for (src, expected) in cases {
        assert_eq!(sexp(&expr(src)), expected, "{src}");
    }
}

#[test]
fn literals() {
    assert_eq!(expr("1_000"), Expr::Int(1000));
    assert_eq!(expr("0xff"), Expr::Int(255));
    assert_eq!(expr("1.5e3"), Expr::Float(1500.0));
    assert_eq!(
        expr(r#""a\n\"b\x41\u00e9\q""#),
        Expr::Str("a\n\"bAé\\q".into())
    );
    assert_eq!(expr("True"), Expr::Bool(true));
    assert_eq!(expr("none"), Expr::None);
    assert_eq!(
        expr("crate::X"),
        Expr::Path(vec!["crate".into(), "X".into()])
    );
}

#[test]
fn keyword_arguments() {
    match expr("s|truncate(9, end='!')") {
        Expr::Filter(_, name, args) => {
            assert_eq!(name.node, "truncate");
            assert_eq!(args.positional.len(), 1);
            assert_eq!(args.keyword[0].0.node, "end");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn tags_nest() {
    let t = parse("{% for a, b in xs if a %}{% if a %}x{% elif b %}y{% else %}z{% endif %}{% else %}none{% endfor %}");
    let Node::For(f) = &t.nodes[0] else { panic!() };
    assert!(matches!(&f.target, Target::Tuple(t) if t.len() == 2));
    assert!(f.filter.is_some());
    assert_eq!(f.else_body.len(), 1);
    let Node::If(i) = &f.body[0] else { panic!() };
    assert_eq!(i.branches.len(), 3);
    assert!(i.branches[2].0.is_none());
}

#[test]
fn recursive_loops_and_do_tags() {
    let t = parse("{% for x in xs if x recursive %}{{ loop(x.children) }}{% endfor %}");
    let Node::For(f) = &t.nodes[0] else { panic!() };
    assert!(f.recursive && f.filter.is_some());
    let t = parse("{% for x in xs recursive %}{% endfor %}{% for recursive in xs %}{% endfor %}");
    assert!(matches!(&t.nodes[0], Node::For(f) if f.recursive && f.filter.is_none()));
    assert!(matches!(&t.nodes[1], Node::For(f) if !f.recursive));

    let t = parse("{% do xs.append(1) %}{% do x %}");
    assert!(matches!(&t.nodes[0], Node::Do(e) if matches!(e.node, Expr::Call(..))));
    assert!(matches!(&t.nodes[1], Node::Do(e) if e.node == Expr::Var("x".into())));
    let e = error("{% do %}");
    assert!(e.contains("1:7"), "{e}");
    let e = error("{% for x in xs recursive x %}{% endfor %}");
    assert!(e.contains("1:26"), "{e}");
    // `do` is as close to `fo` as `for` is; the one that starts the same wins.
    let e = error("{% fo x in xs %}{% endfor %}");
    assert!(e.contains("did you mean `for`?"), "{e}");
}

#[test]
fn with_and_autoescape_blocks_nest() {
    let t = parse("{% with a = 1, b = x|upper %}{% autoescape false %}{{ a }}{% endautoescape %}{% endwith %}");
    let Node::With(w) = &t.nodes[0] else { panic!() };
    let names: Vec<&str> = w.assigns.iter().map(|(n, _)| n.node.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    let Node::Autoescape(a) = &w.body[0] else {
        panic!()
    };
    assert!(!a.enabled);
    assert_eq!(a.body.len(), 1);
    let t = parse("{% with %}{% endwith %}");
    assert!(matches!(&t.nodes[0], Node::With(w) if w.assigns.is_empty() && w.body.is_empty()));

    let e = error("{% with a = 1 %}x");
    assert!(e.contains("`with`") && e.contains("endwith"), "{e}");
    let e = error("{% autoescape yes %}x{% endautoescape %}");
    assert!(e.contains("`autoescape` takes `true` or `false`"), "{e}");
}

#[test]
fn whitespace_control_strips_both_sides() {
    let t = parse("a  \n {%- if x -%}  \n b {%+ endif %}\n");
    let Node::Text(a) = &t.nodes[0] else { panic!() };
    assert_eq!(a.node, "a");
    let Node::If(i) = &t.nodes[1] else { panic!() };
    let Node::Text(b) = &i.branches[0].1[0] else {
        panic!()
    };
    assert_eq!(b.node, "b ");
}

#[test]
fn trailing_newline_is_dropped_like_jinja2() {
    let t = parse("x\n");
    assert_eq!(
        t.nodes,
        vec![Node::Text(Spanned::new(
            "x".into(),
            Span::new(FileId(0), 0, 1)
        ))]
    );
    let kept = parse_template(
        FileId(0),
        "x\n",
        Syntax {
            keep_trailing_newline: true,
            ..Syntax::default()
        },
    )
    .unwrap();
    assert!(matches!(&kept.nodes[0], Node::Text(t) if t.node == "x\n"));
}

#[test]
fn raw_and_comments() {
    let t = parse("{# c #}{% raw -%}  {{ x }}{% endraw %}");
    assert!(matches!(&t.nodes[..], [Node::Text(t)] if t.node == "{{ x }}"));
}

#[test]
fn extends_and_blocks() {
    let t = parse("{% extends \"base.html\" %}{% block title %}T{% endblock title %}");
    assert_eq!(
        t.extends.as_ref().map(|e| e.node.as_str()),
        Some("base.html")
    );
    assert!(matches!(&t.nodes[0], Node::Block(b) if b.name.node == "title"));
}

#[test]
fn unclosed_for_points_at_its_tag() {
    assert_eq!(
        error("a\n{% for x in xs %}\n{{ x }}"),
        "t.html:2:1: unclosed `for`\n  |\n2 | {% for x in xs %}\n  | ^^^^^^^^^^^^^^^^^\n  = help: add `{% endfor %}` where it should end"
    );
}

#[test]
fn stray_end_tag_names_what_is_open() {
    let msg = error("{% if a %}\n{% endfor %}");
    assert!(
        msg.starts_with("t.html:2:1: `endfor` does not match the `if` opened on line 1"),
        "{msg}"
    );
    assert!(error("{% endif %}").starts_with("t.html:1:1: `endif` without a matching `if`"));
    assert!(error("{% else %}").starts_with("t.html:1:1: `else` outside of an `if` or `for`"));
}

#[test]
fn unknown_tag_suggests_a_known_one() {
    let msg = error("{% for x in y %}{% endfro %}");
    assert!(
        msg.starts_with("t.html:1:20: unknown tag `endfro`"),
        "{msg}"
    );
    assert!(msg.ends_with("help: did you mean `endfor`?"), "{msg}");
}

#[test]
fn bad_expression_says_what_was_expected() {
    let msg = error("{{ a + }}");
    assert!(
        msg.starts_with("t.html:1:8: expected an expression, found `}}`"),
        "{msg}"
    );
    let msg = error("{{ user.name ) }}");
    assert!(msg.starts_with("t.html:1:14: expected"), "{msg}");
}

#[test]
fn unclosed_delimiters_point_at_the_opener() {
    assert!(error("ab {{ x").starts_with("t.html:1:4: unclosed `{{`"));
    assert!(error("ab {# x").starts_with("t.html:1:4: unclosed `{#`"));
    assert!(error("{% if x ").starts_with("t.html:1:1: unclosed `{%`"));
    assert!(
        error("<p>{{ name </p>").starts_with("t.html:1:4: unclosed `{{`"),
        "{}",
        error("<p>{{ name </p>")
    );
}

/// Runs `f` on a thread with the 8 MiB stack rustc gives proc macros, so a stack overflow
/// fails this test instead of passing on a bigger test-thread stack.
fn on_rustc_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn ten_thousand_deep_nesting_is_an_error_not_a_stack_overflow() {
    let cases = [
        (
            format!("{{{{ {}x{} }}}}", "(".repeat(10_000), ")".repeat(10_000)),
            "nested too deeply",
        ),
        (
            format!("{{{{ {}1{} }}}}", "[".repeat(10_000), "]".repeat(10_000)),
            "nested too deeply",
        ),
        (
            format!("{{{{ {}x }}}}", "not ".repeat(10_000)),
            "too many operators",
        ),
        (
            format!("{{{{ {}x }}}}", "-".repeat(10_000)),
            "too many operators",
        ),
        (
            format!("{{{{ x{} }}}}", "|upper".repeat(10_000)),
            "too many operators",
        ),
        (
            format!("{{{{ x{} }}}}", " + x".repeat(10_000)),
            "too many operators",
        ),
        (
            format!(
                "{}{}",
                "{% if x %}".repeat(10_000),
                "{% endif %}".repeat(10_000)
            ),
            "nested too deeply",
        ),
        (
            format!(
                "{}{}",
                "{% for x in y %}".repeat(10_000),
                "{% endfor %}".repeat(10_000)
            ),
            "nested too deeply",
        ),
    ];
    for (src, expected) in cases {
        let message = on_rustc_stack(move || {
            parse_template(FileId(0), &src, Syntax::default())
                .map(|_| ())
                .map_err(|d| d.message)
        });
        let message = message.expect_err("deep nesting is refused");
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn nesting_within_the_limits_parses() {
    let deep_ifs = format!("{}x{}", "{% if a %}".repeat(100), "{% endif %}".repeat(100));
    on_rustc_stack(move || parse_template(FileId(0), &deep_ifs, Syntax::default()).unwrap());
    let long_sum = format!("{{{{ x{} }}}}", " + 1".repeat(200));
    on_rustc_stack(move || parse_template(FileId(0), &long_sum, Syntax::default()).unwrap());
    let parens = format!("{{{{ {}x{} }}}}", "(".repeat(30), ")".repeat(30));
    on_rustc_stack(move || parse_template(FileId(0), &parens, Syntax::default()).unwrap());
}
