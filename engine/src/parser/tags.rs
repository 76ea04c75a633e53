//! `{% … %}` tags: each tag's body parsed into a [`Tag`]. `nesting.rs` nests them.

use pest::iterators::Pair;

use super::{Ctx, Rule};
use crate::ast::{Args, Expr, Import, ImportKind, Param, SExpr, Target};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

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
        /// The filters of a block `set` (`set name|upper`).
        filters: Vec<(Spanned<String>, Args)>,
    },
    SetAttr {
        object: Spanned<String>,
        attr: Spanned<String>,
        value: SExpr,
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
    /// The tag's keyword, for messages.
    pub(super) fn name(&self) -> &'static str {
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
            Tag::Set { .. } | Tag::SetAttr { .. } => "set",
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
                let target = next();
                if target.as_rule() == Rule::attr_target {
                    let mut parts = target.into_inner();
                    let object = self.name(parts.next().expect("grammar: object name"));
                    let attr = self.name(parts.next().expect("grammar: attribute name"));
                    let value = self.set_value(next())?;
                    return Ok(Tag::SetAttr {
                        object,
                        attr,
                        value,
                    });
                }
                let target = self.target(target);
                let mut value = None;
                let mut filters = Vec::new();
                for part in inner {
                    if part.as_rule() == Rule::filter_call {
                        filters.push(self.filter_call(part)?);
                    } else {
                        value = Some(self.set_value(part)?);
                    }
                }
                Tag::Set {
                    target,
                    value,
                    filters,
                }
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
                let filters = inner
                    .map(|call| self.filter_call(call))
                    .collect::<Result<_, _>>()?;
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
                // Any literal, by its truth, as Jinja2 takes it (`{% autoescape "html" %}`).
                match value.node {
                    Expr::Bool(enabled) => Tag::Autoescape(enabled),
                    Expr::Str(text) => Tag::Autoescape(!text.is_empty()),
                    Expr::Int(n) => Tag::Autoescape(n != 0),
                    Expr::None => Tag::Autoescape(false),
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

    /// One filter of a `filter` tag or a block `set`: its name and arguments.
    fn filter_call(&self, call: Pair<'_, Rule>) -> Result<(Spanned<String>, Args), Diagnostic> {
        let mut parts = call.into_inner();
        let name = self.name(parts.next().expect("grammar: a filter has a name"));
        let args = parts
            .next()
            .map(|a| self.args(a))
            .transpose()?
            .unwrap_or_default();
        Ok((name, args))
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
