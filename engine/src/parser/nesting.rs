//! Nesting tags with a stack: `for` … `endfor` into one node, and so on.
//!
//! Nesting is checked here rather than in the grammar so that an unclosed block points at
//! its opening tag and a stray `end…` names what is actually open.

use super::tags::Tag;
use super::{Ctx, Token};
use crate::ast::{
    Autoescape, Block, CallBlock, Expr, FilterBlock, For, If, Import, Include, Macro, Node, Param,
    SExpr, Set, SetAttr, SetBlock, Target, Template, With,
};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

/// The deepest nesting of block tags accepted; later passes recurse once per level.
const MAX_NESTING: usize = 256;

/// A tag that is open, with the nodes collected since.
struct Frame {
    kind: FrameKind,
    span: Span,
    body: Vec<Node>,
}

enum FrameKind {
    If {
        done: Vec<(Option<SExpr>, Vec<Node>)>,
        cond: Option<SExpr>,
        seen_else: bool,
    },
    For {
        target: Target,
        iter: SExpr,
        filter: Option<SExpr>,
        recursive: bool,
        main: Option<Vec<Node>>,
    },
    SetBlock {
        name: Spanned<String>,
        filters: Vec<(Spanned<String>, crate::ast::Args)>,
    },
    Block {
        name: Spanned<String>,
    },
    Macro {
        name: Spanned<String>,
        params: Vec<Param>,
    },
    Call {
        params: Vec<Param>,
        call: SExpr,
    },
    Filter {
        filters: Vec<(Spanned<String>, crate::ast::Args)>,
    },
    With {
        assigns: Vec<(Spanned<String>, SExpr)>,
    },
    Autoescape {
        enabled: bool,
    },
}

/// Declarations collected from the whole file rather than left in the tree.
#[derive(Default)]
struct Decls {
    macros: Vec<Macro>,
    imports: Vec<Import>,
}

impl FrameKind {
    fn opener(&self) -> &'static str {
        match self {
            FrameKind::If { .. } => "if",
            FrameKind::For { .. } => "for",
            FrameKind::SetBlock { .. } => "set",
            FrameKind::Block { .. } => "block",
            FrameKind::Macro { .. } => "macro",
            FrameKind::Call { .. } => "call",
            FrameKind::Filter { .. } => "filter",
            FrameKind::With { .. } => "with",
            FrameKind::Autoescape { .. } => "autoescape",
        }
    }

    fn closer(&self) -> &'static str {
        match self {
            FrameKind::If { .. } => "endif",
            FrameKind::For { .. } => "endfor",
            FrameKind::SetBlock { .. } => "endset",
            FrameKind::Block { .. } => "endblock",
            FrameKind::Macro { .. } => "endmacro",
            FrameKind::Call { .. } => "endcall",
            FrameKind::Filter { .. } => "endfilter",
            FrameKind::With { .. } => "endwith",
            FrameKind::Autoescape { .. } => "endautoescape",
        }
    }
}

/// Nests the flat tokens into a tree.
pub(super) fn build_tree(ctx: &Ctx<'_>, tokens: Vec<Token>) -> Result<Template, Diagnostic> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let mut extends: Option<Spanned<String>> = None;
    let mut before_extends = Vec::new();
    let mut decls = Decls::default();

    for token in tokens {
        let node = match token {
            Token::Text { start, end } | Token::Raw { start, end, .. } => {
                if start == end {
                    continue;
                }
                Node::Text(Spanned::new(
                    ctx.text[start..end].to_owned(),
                    Span::new(ctx.file, start, end),
                ))
            }
            Token::Comment { .. } => continue,
            Token::Print { expr, .. } => match &expr.node {
                Expr::Call(callee, args)
                    if args.is_empty() && callee.node == Expr::Var("super".into()) =>
                {
                    Node::Super(expr.span)
                }
                _ => Node::Print(expr),
            },
            Token::Tag { tag, span, .. } => {
                let had_extends = extends.is_some();
                let node = handle_tag(ctx, &mut stack, &mut extends, &mut decls, tag, span)?;
                if !had_extends && extends.is_some() {
                    before_extends = std::mem::take(&mut top);
                }
                match node {
                    Some(node) => node,
                    None => continue,
                }
            }
        };
        match stack.last_mut() {
            Some(frame) => frame.body.push(node),
            None => top.push(node),
        }
    }
    if let Some(frame) = stack.pop() {
        return Err(
            Diagnostic::new(format!("unclosed `{}`", frame.kind.opener()), frame.span).with_help(
                format!("add `{{% {} %}}` where it should end", frame.kind.closer()),
            ),
        );
    }
    Ok(Template {
        before_extends,
        macros: decls.macros,
        imports: decls.imports,
        file: ctx.file,
        extends,
        nodes: top,
    })
}

/// Opens, continues or closes a frame; returns a finished node to add to the current body.
fn handle_tag(
    ctx: &Ctx<'_>,
    stack: &mut Vec<Frame>,
    extends: &mut Option<Spanned<String>>,
    decls: &mut Decls,
    tag: Tag,
    span: Span,
) -> Result<Option<Node>, Diagnostic> {
    let open = |kind: FrameKind, stack: &mut Vec<Frame>| {
        if stack.len() >= MAX_NESTING {
            return Err(Diagnostic::new(
                format!("tags are nested too deeply (at most {MAX_NESTING} levels)"),
                span,
            ));
        }
        stack.push(Frame {
            kind,
            span,
            body: Vec::new(),
        });
        Ok(None)
    };
    let name = tag.name();
    match tag {
        Tag::If(cond) => open(
            FrameKind::If {
                done: Vec::new(),
                cond: Some(cond),
                seen_else: false,
            },
            stack,
        ),
        Tag::For {
            target,
            iter,
            filter,
            recursive,
        } => open(
            FrameKind::For {
                target,
                iter,
                filter,
                recursive,
                main: None,
            },
            stack,
        ),
        Tag::Block { name } => open(FrameKind::Block { name }, stack),
        Tag::Set {
            target,
            value: None,
            filters,
        } => match target {
            Target::Name(name) => open(FrameKind::SetBlock { name, filters }, stack),
            Target::Tuple(_) => Err(Diagnostic::new("a block `set` assigns to one name", span)),
        },
        Tag::Set {
            target,
            value: Some(value),
            ..
        } => Ok(Some(Node::Set(Set {
            target,
            value,
            span,
        }))),
        Tag::SetAttr {
            object,
            attr,
            value,
        } => Ok(Some(Node::SetAttr(SetAttr {
            object,
            attr,
            value,
            span,
        }))),
        Tag::Break => Ok(Some(Node::Break(span))),
        Tag::Continue => Ok(Some(Node::Continue(span))),
        Tag::Do(expr) => Ok(Some(Node::Do(expr))),
        Tag::Include {
            names,
            ignore_missing,
        } => Ok(Some(Node::Include(Include {
            names,
            ignore_missing,
            span,
        }))),
        Tag::Macro { name, params } => open(FrameKind::Macro { name, params }, stack),
        Tag::Call { params, call } => open(FrameKind::Call { params, call }, stack),
        Tag::Filter(filters) => open(FrameKind::Filter { filters }, stack),
        Tag::With(assigns) => open(FrameKind::With { assigns }, stack),
        Tag::Autoescape(enabled) => open(FrameKind::Autoescape { enabled }, stack),
        Tag::Import(import) => {
            decls.imports.push(import);
            Ok(None)
        }
        Tag::Extends(parent) => {
            if !stack.is_empty() {
                return Err(Diagnostic::new(
                    "`extends` must be at the top level of the template",
                    span,
                ));
            }
            if let Some(first) = extends {
                let (line, _) = crate::source::line_col(ctx.text, first.span.start as usize);
                return Err(
                    Diagnostic::new("a template can extend only one parent", span)
                        .with_help(format!("the first `extends` is on line {line}")),
                );
            }
            *extends = Some(parent);
            Ok(None)
        }
        Tag::Elif(cond) => match stack.last_mut() {
            Some(Frame {
                kind:
                    FrameKind::If {
                        done,
                        cond: current,
                        seen_else,
                    },
                body,
                ..
            }) => {
                if *seen_else {
                    return Err(Diagnostic::new("`elif` after `else`", span)
                        .with_help("move it before the `else`"));
                }
                done.push((current.take(), std::mem::take(body)));
                *current = Some(cond);
                Ok(None)
            }
            _ => Err(misplaced(ctx, stack, name, span, "an `if`")),
        },
        Tag::Else => match stack.last_mut() {
            Some(Frame {
                kind:
                    FrameKind::If {
                        done,
                        cond,
                        seen_else,
                    },
                body,
                ..
            }) => {
                if *seen_else {
                    return Err(Diagnostic::new("`if` has two `else` branches", span));
                }
                done.push((cond.take(), std::mem::take(body)));
                *seen_else = true;
                Ok(None)
            }
            Some(Frame {
                kind: FrameKind::For { main, .. },
                body,
                ..
            }) => {
                if main.is_some() {
                    return Err(Diagnostic::new("`for` has two `else` branches", span));
                }
                *main = Some(std::mem::take(body));
                Ok(None)
            }
            _ => Err(misplaced(ctx, stack, name, span, "an `if` or `for`")),
        },
        Tag::EndIf
        | Tag::EndFor
        | Tag::EndSet
        | Tag::EndBlock { .. }
        | Tag::EndMacro { .. }
        | Tag::EndCall
        | Tag::EndFilter
        | Tag::EndWith
        | Tag::EndAutoescape => {
            let closes = |kind: &FrameKind| kind.closer() == name;
            match stack.last() {
                Some(frame) if closes(&frame.kind) => {}
                _ => return Err(misplaced(ctx, stack, name, span, "")),
            }
            let frame = stack.pop().expect("checked above");
            if let (
                Tag::EndBlock {
                    name: Some(end_name),
                },
                FrameKind::Block { name: open_name },
            ) = (&tag, &frame.kind)
            {
                if end_name.node != open_name.node {
                    return Err(Diagnostic::new(
                        format!(
                            "`endblock {}` closes block `{}`",
                            end_name.node, open_name.node
                        ),
                        end_name.span,
                    )
                    .with_help(format!(
                        "write `endblock {}` or just `endblock`",
                        open_name.node
                    )));
                }
            }
            if let (
                Tag::EndMacro {
                    name: Some(end_name),
                },
                FrameKind::Macro {
                    name: open_name, ..
                },
            ) = (&tag, &frame.kind)
            {
                if end_name.node != open_name.node {
                    return Err(Diagnostic::new(
                        format!(
                            "`endmacro {}` closes macro `{}`",
                            end_name.node, open_name.node
                        ),
                        end_name.span,
                    ));
                }
            }
            finish(ctx, frame, decls)
        }
    }
}

/// Turns a closed frame into its node; a macro goes to the file's declarations instead.
fn finish(ctx: &Ctx<'_>, frame: Frame, decls: &mut Decls) -> Result<Option<Node>, Diagnostic> {
    let span = frame.span;
    Ok(Some(match frame.kind {
        FrameKind::If {
            mut done,
            cond,
            seen_else,
        } => {
            // After `else`, `cond` was already taken with the branch before it.
            done.push((if seen_else { None } else { cond }, frame.body));
            Node::If(If {
                branches: done,
                span,
            })
        }
        FrameKind::For {
            target,
            iter,
            filter,
            recursive,
            main,
        } => {
            let (body, else_body) = match main {
                Some(main) => (main, frame.body),
                None => (frame.body, Vec::new()),
            };
            Node::For(Box::new(For {
                target,
                iter,
                filter,
                recursive,
                body,
                else_body,
                span,
            }))
        }
        // `set name|f` captures what `filter f` around its body would print, as in Jinja2.
        FrameKind::SetBlock { name, filters } if !filters.is_empty() => Node::SetBlock(SetBlock {
            name,
            body: vec![Node::FilterBlock(FilterBlock {
                filters,
                body: frame.body,
                span,
            })],
            span,
        }),
        FrameKind::SetBlock { name, .. } => Node::SetBlock(SetBlock {
            name,
            body: frame.body,
            span,
        }),
        FrameKind::Call { params, call } => Node::CallBlock(CallBlock {
            call,
            params,
            body: frame.body,
            span,
        }),
        FrameKind::Filter { filters } => Node::FilterBlock(FilterBlock {
            filters,
            body: frame.body,
            span,
        }),
        FrameKind::With { assigns } => Node::With(With {
            assigns,
            body: frame.body,
            span,
        }),
        FrameKind::Autoescape { enabled } => Node::Autoescape(Autoescape {
            enabled,
            body: frame.body,
            span,
        }),
        FrameKind::Macro { name, params } => {
            if let Some(first) = decls.macros.iter().find(|m| m.name.node == name.node) {
                let (line, _) = crate::source::line_col(ctx.text, first.span.start as usize);
                return Err(Diagnostic::new(
                    format!("macro `{}` is defined twice", name.node),
                    name.span,
                )
                .with_help(format!(
                    "the first definition is on line {line}; rename or remove one of them"
                )));
            }
            decls.macros.push(Macro {
                name,
                params,
                body: frame.body,
                span,
            });
            return Ok(None);
        }
        FrameKind::Block { name } => Node::Block(Block {
            name,
            body: frame.body,
            span,
        }),
    }))
}

/// The error for a continuation or end tag that does not match what is open.
fn misplaced(ctx: &Ctx<'_>, stack: &[Frame], tag: &str, span: Span, needs: &str) -> Diagnostic {
    match stack.last() {
        Some(frame) => {
            let (line, _) = crate::source::line_col(ctx.text, frame.span.start as usize);
            Diagnostic::new(
                format!(
                    "`{tag}` does not match the `{}` opened on line {line}",
                    frame.kind.opener()
                ),
                span,
            )
            .with_help(format!(
                "close the `{}` with `{{% {} %}}` first",
                frame.kind.opener(),
                frame.kind.closer()
            ))
        }
        None if needs.is_empty() => {
            let opener = tag.trim_start_matches("end");
            Diagnostic::new(format!("`{tag}` without a matching `{opener}`"), span).with_help(
                format!("remove it, or add the `{{% {opener} … %}}` it should close"),
            )
        }
        None => Diagnostic::new(format!("`{tag}` outside of {needs}"), span),
    }
}
