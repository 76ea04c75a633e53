//! `{% … %}` tags: parsing each one, then nesting them with a stack.
//!
//! Nesting is checked here rather than in the grammar so that an unclosed block points at
//! its opening tag and a stray `end…` names what is actually open.

use pest::iterators::Pair;

use super::{Ctx, Rule, Token};
use crate::ast::{
    Autoescape, Block, CallBlock, Expr, FilterBlock, For, If, Import, ImportKind, Include, Macro,
    Node, Param, SExpr, Set, SetBlock, Target, Template, With,
};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

/// The deepest nesting of block tags accepted; later passes recurse once per level.
const MAX_NESTING: usize = 256;

/// One parsed tag.
#[derive(Debug)]
pub(crate) enum Tag {
    If(SExpr),
    Elif(SExpr),
    Else,
    EndIf,
    For {
        target: Target,
        iter: SExpr,
        filter: Option<SExpr>,
        recursive: bool,
    },
    EndFor,
    Break,
    Continue,
    Do(SExpr),
    Set {
        target: Target,
        value: Option<SExpr>,
    },
    EndSet,
    Block {
        name: Spanned<String>,
    },
    EndBlock {
        name: Option<Spanned<String>>,
    },
    Extends(Spanned<String>),
    Include {
        names: Vec<Spanned<String>>,
        ignore_missing: bool,
    },
    Macro {
        name: Spanned<String>,
        params: Vec<Param>,
    },
    EndMacro {
        name: Option<Spanned<String>>,
    },
    Call {
        params: Vec<Param>,
        call: SExpr,
    },
    EndCall,
    Import(Import),
    Filter(Vec<(Spanned<String>, crate::ast::Args)>),
    EndFilter,
    With(Vec<(Spanned<String>, SExpr)>),
    EndWith,
    Autoescape(bool),
    EndAutoescape,
}

impl Tag {
    fn name(&self) -> &'static str {
        match self {
            Tag::If(_) => "if",
            Tag::Elif(_) => "elif",
            Tag::Else => "else",
            Tag::EndIf => "endif",
            Tag::For { .. } => "for",
            Tag::EndFor => "endfor",
            Tag::Break => "break",
            Tag::Continue => "continue",
            Tag::Do(_) => "do",
            Tag::Set { .. } => "set",
            Tag::EndSet => "endset",
            Tag::Block { .. } => "block",
            Tag::EndBlock { .. } => "endblock",
            Tag::Extends(_) => "extends",
            Tag::Include { .. } => "include",
            Tag::Macro { .. } => "macro",
            Tag::EndMacro { .. } => "endmacro",
            Tag::Call { .. } => "call",
            Tag::EndCall => "endcall",
            Tag::Import(_) => "import",
            Tag::Filter(_) => "filter",
            Tag::EndFilter => "endfilter",
            Tag::With(_) => "with",
            Tag::EndWith => "endwith",
            Tag::Autoescape(_) => "autoescape",
            Tag::EndAutoescape => "endautoescape",
        }
    }
}

impl Ctx<'_> {
    /// Parses the body of a `{% … %}` tag.
    pub(super) fn tag(&self, pair: Pair<'_, Rule>) -> Result<Tag, Diagnostic> {
        let rule = pair.as_rule();
        let pair_span = pair.clone();
        let mut inner = pair.into_inner();
        let mut next = || inner.next().expect("grammar: tag has its parts");
        Ok(match rule {
            Rule::if_tag => {
                next();
                Tag::If(self.expr(next())?)
            }
            Rule::elif_tag => {
                next();
                Tag::Elif(self.expr(next())?)
            }
            Rule::else_tag => Tag::Else,
            Rule::endif_tag => Tag::EndIf,
            Rule::for_tag => {
                next();
                let target = self.target(next());
                next();
                let iter = self.op_expr(next())?;
                let mut filter = None;
                let mut recursive = false;
                for pair in inner {
                    match pair.as_rule() {
                        Rule::loop_filter => {
                            filter = Some(
                                self.expr(
                                    pair.into_inner()
                                        .nth(1)
                                        .expect("grammar: loop filter has a condition"),
                                )?,
                            );
                        }
                        _ => recursive = true,
                    }
                }
                Tag::For {
                    target,
                    iter,
                    filter,
                    recursive,
                }
            }
            Rule::endfor_tag => Tag::EndFor,
            Rule::break_tag => Tag::Break,
            Rule::continue_tag => Tag::Continue,
            Rule::do_tag => {
                next();
                Tag::Do(self.set_value(next())?)
            }
            Rule::set_tag => {
                next();
                let target = self.target(next());
                let value = match inner.next() {
                    Some(v) => Some(self.set_value(v)?),
                    None => None,
                };
                Tag::Set { target, value }
            }
            Rule::endset_tag => Tag::EndSet,
            Rule::block_tag => {
                next();
                Tag::Block {
                    name: self.name(next()),
                }
            }
            Rule::endblock_tag => {
                next();
                Tag::EndBlock {
                    name: inner.next().map(|p| self.name(p)),
                }
            }
            Rule::extends_tag => {
                next();
                let name = next();
                let span = self.span(&name);
                Tag::Extends(Spanned::new(self.string(name)?, span))
            }
            Rule::include_tag => {
                next();
                let what = next();
                let names = if what.as_rule() == Rule::string {
                    let span = self.span(&what);
                    vec![Spanned::new(self.string(what)?, span)]
                } else {
                    let mut names = Vec::new();
                    for s in what.into_inner() {
                        let span = self.span(&s);
                        names.push(Spanned::new(self.string(s)?, span));
                    }
                    names
                };
                let ignore_missing = inner.any(|p| p.as_rule() == Rule::ignore_missing);
                Tag::Include {
                    names,
                    ignore_missing,
                }
            }
            Rule::macro_tag => {
                next();
                let name = self.name(next());
                Tag::Macro {
                    name,
                    params: self.params(next())?,
                }
            }
            Rule::endmacro_tag => {
                next();
                Tag::EndMacro {
                    name: inner.next().map(|p| self.name(p)),
                }
            }
            Rule::call_tag => {
                next();
                let first = next();
                let (params, call) = if first.as_rule() == Rule::macro_params {
                    (self.params(first)?, self.expr(next())?)
                } else {
                    (Vec::new(), self.expr(first)?)
                };
                if !matches!(call.node, Expr::Call(..)) {
                    return Err(Diagnostic::new(
                        "`call` needs a macro call: `{% call m(args) %}`",
                        call.span,
                    ));
                }
                Tag::Call { params, call }
            }
            Rule::endcall_tag => Tag::EndCall,
            Rule::filter_tag => {
                next();
                let mut filters = Vec::new();
                for call in inner {
                    let mut parts = call.into_inner();
                    let name = self.name(parts.next().expect("grammar: a filter has a name"));
                    let args = parts
                        .next()
                        .map(|a| self.args(a))
                        .transpose()?
                        .unwrap_or_default();
                    filters.push((name, args));
                }
                Tag::Filter(filters)
            }
            Rule::endfilter_tag => Tag::EndFilter,
            Rule::with_tag => {
                next();
                let mut assigns = Vec::new();
                for assign in inner {
                    let mut parts = assign.into_inner();
                    let name = self.name(parts.next().expect("grammar: `with` binds a name"));
                    let value = self.expr(parts.next().expect("grammar: `with` has a value"))?;
                    assigns.push((name, value));
                }
                Tag::With(assigns)
            }
            Rule::endwith_tag => Tag::EndWith,
            Rule::autoescape_tag => {
                next();
                let value = self.expr(next())?;
                match value.node {
                    Expr::Bool(enabled) => Tag::Autoescape(enabled),
                    _ => {
                        return Err(Diagnostic::new(
                            "`autoescape` takes `true` or `false`",
                            value.span,
                        )
                        .with_help("escaping is decided when the template is compiled"))
                    }
                }
            }
            Rule::endautoescape_tag => Tag::EndAutoescape,
            Rule::import_tag => {
                let span = self.span(&pair_span);
                next();
                let template = self.spanned_string(next())?;
                next();
                Tag::Import(Import {
                    template,
                    what: ImportKind::Module(self.name(next())),
                    span,
                })
            }
            Rule::from_tag => {
                let span = self.span(&pair_span);
                next();
                let template = self.spanned_string(next())?;
                next();
                let mut names = Vec::new();
                for item in inner.filter(|p| p.as_rule() == Rule::import_name) {
                    let mut parts = item.into_inner();
                    let name = self.name(parts.next().expect("grammar: import_name has a name"));
                    let alias = parts.nth(1).map_or_else(|| name.clone(), |p| self.name(p));
                    names.push((name, alias));
                }
                Tag::Import(Import {
                    template,
                    what: ImportKind::Names(names),
                    span,
                })
            }
            other => unreachable!("grammar: unexpected tag rule {other:?}"),
        })
    }

    /// `set_value`: one expression, or several making a tuple.
    fn set_value(&self, pair: Pair<'_, Rule>) -> Result<SExpr, Diagnostic> {
        let span = self.span(&pair);
        let (mut items, is_tuple) = self.tuple_items(pair)?;
        Ok(match (is_tuple, items.pop()) {
            (false, Some(single)) => single,
            (_, last) => {
                items.extend(last);
                Spanned::new(Expr::Tuple(items), span)
            }
        })
    }

    /// `macro_params`.
    fn params(&self, pair: Pair<'_, Rule>) -> Result<Vec<Param>, Diagnostic> {
        let mut params: Vec<Param> = Vec::new();
        for param in pair.into_inner() {
            let mut parts = param.into_inner();
            let name = self.name(parts.next().expect("grammar: a parameter has a name"));
            let default = parts.next().map(|p| self.expr(p)).transpose()?;
            if params.iter().any(|p| p.name.node == name.node) {
                return Err(Diagnostic::new(
                    format!("parameter `{}` is declared twice", name.node),
                    name.span,
                ));
            }
            if default.is_none() {
                if let Some(previous) = params.iter().find(|p| p.default.is_some()) {
                    return Err(Diagnostic::new(
                        format!(
                            "parameter `{}` without a default follows one with a default",
                            name.node
                        ),
                        name.span,
                    )
                    .with_help(format!(
                        "give `{}` a default, or move it before `{}`",
                        name.node, previous.name.node
                    )));
                }
            }
            params.push(Param { name, default });
        }
        Ok(params)
    }

    /// A string literal with its span.
    fn spanned_string(&self, pair: Pair<'_, Rule>) -> Result<Spanned<String>, Diagnostic> {
        let span = self.span(&pair);
        Ok(Spanned::new(self.string(pair)?, span))
    }

    fn target(&self, pair: Pair<'_, Rule>) -> Target {
        let items: Vec<Target> = pair
            .into_inner()
            .map(|p| match p.as_rule() {
                Rule::ident => Target::Name(self.name(p)),
                _ => self.target(p),
            })
            .collect();
        match <[Target; 1]>::try_from(items) {
            Ok([single]) => single,
            Err(items) => Target::Tuple(items),
        }
    }
}

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
        } => match target {
            Target::Name(name) => open(FrameKind::SetBlock { name }, stack),
            Target::Tuple(_) => Err(Diagnostic::new("a block `set` assigns to one name", span)),
        },
        Tag::Set {
            target,
            value: Some(value),
        } => Ok(Some(Node::Set(Set {
            target,
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
        FrameKind::SetBlock { name } => Node::SetBlock(SetBlock {
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
