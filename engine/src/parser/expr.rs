//! Expressions: pest pairs to [`Expr`], with Jinja2's operator precedence.

use std::sync::LazyLock;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::{Ctx, Rule};
use crate::ast::{Args, BinaryOp, Expr, SExpr, UnaryOp};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

/// The most operators (prefix, infix and postfix) one expression may have.
pub(crate) const MAX_OPERATORS: usize = 256;

/// Jinja2's precedence, lowest first. Filters and tests bind tighter than arithmetic but
/// looser than unary minus (`-x|abs` is `(-x)|abs`); `~` sits between `+` and `*`.
static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left)
            | Op::infix(Rule::op_not_in, Assoc::Left))
        .op(Op::infix(Rule::op_range, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_concat, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left)
            | Op::infix(Rule::op_div, Assoc::Left)
            | Op::infix(Rule::op_floordiv, Assoc::Left)
            | Op::infix(Rule::op_mod, Assoc::Left))
        .op(Op::infix(Rule::op_pow, Assoc::Left))
        .op(Op::postfix(Rule::filter) | Op::postfix(Rule::test))
        .op(Op::prefix(Rule::op_neg) | Op::prefix(Rule::op_pos))
        .op(Op::postfix(Rule::attr) | Op::postfix(Rule::index) | Op::postfix(Rule::call))
});

impl Ctx<'_> {
    /// `expr`: operators, with an optional inline `if … else …`.
    pub(super) fn expr(&self, pair: Pair<'_, Rule>) -> Result<SExpr, Diagnostic> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let then = self.op_expr(inner.next().expect("grammar: expr starts with op_expr"))?;
        if inner.next().is_none() {
            return Ok(then);
        }
        let cond = self.op_expr(
            inner
                .next()
                .expect("grammar: `if` is followed by a condition"),
        )?;
        let otherwise = match inner.next() {
            Some(_else) => Some(Box::new(
                self.expr(
                    inner
                        .next()
                        .expect("grammar: `else` is followed by an expression"),
                )?,
            )),
            None => None,
        };
        Ok(Spanned::new(
            Expr::Cond {
                cond: Box::new(cond),
                then: Box::new(then),
                otherwise,
            },
            span,
        ))
    }

    /// `op_expr`: applies precedence to a flat run of operands and operators.
    pub(super) fn op_expr(&self, pair: Pair<'_, Rule>) -> Result<SExpr, Diagnostic> {
        // Every operator adds a level to the tree that later passes walk recursively; bound
        // them so no template can overflow the compiler's stack.
        let parts = pair.clone().into_inner().count();
        if parts > 2 * MAX_OPERATORS {
            return Err(Diagnostic::new(
                format!("too many operators in one expression (at most {MAX_OPERATORS})"),
                self.span(&pair),
            )
            .with_help("split it with `{% set %}`"));
        }
        PRATT
            .map_primary(|primary| self.primary(primary))
            .map_prefix(|op, operand| {
                let operand = operand?;
                let span = self.span(&op).to(operand.span);
                let op = match op.as_rule() {
                    Rule::op_not => UnaryOp::Not,
                    Rule::op_neg => UnaryOp::Neg,
                    _ => UnaryOp::Pos,
                };
                Ok(Spanned::new(Expr::Unary(op, Box::new(operand)), span))
            })
            .map_postfix(|operand, op| self.postfix(operand?, op))
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let span = lhs.span.to(rhs.span);
                let op = match op.as_rule() {
                    Rule::op_or => BinaryOp::Or,
                    Rule::op_and => BinaryOp::And,
                    Rule::op_eq => BinaryOp::Eq,
                    Rule::op_ne => BinaryOp::Ne,
                    Rule::op_lt => BinaryOp::Lt,
                    Rule::op_le => BinaryOp::Le,
                    Rule::op_gt => BinaryOp::Gt,
                    Rule::op_ge => BinaryOp::Ge,
                    Rule::op_in => BinaryOp::In,
                    Rule::op_not_in => BinaryOp::NotIn,
                    Rule::op_range => BinaryOp::Range,
                    Rule::op_add => BinaryOp::Add,
                    Rule::op_sub => BinaryOp::Sub,
                    Rule::op_concat => BinaryOp::Concat,
                    Rule::op_mul => BinaryOp::Mul,
                    Rule::op_div => BinaryOp::Div,
                    Rule::op_floordiv => BinaryOp::FloorDiv,
                    Rule::op_mod => BinaryOp::Rem,
                    _ => BinaryOp::Pow,
                };
                // Comparisons chain as in Python: `a < b < c` is `a < b and b < c`.
                if op.is_comparison() {
                    if let Some(middle) = self.chain_tail(&lhs) {
                        let link_span = middle.span.to(rhs.span);
                        let link = Spanned::new(
                            Expr::Binary(op, Box::new(middle), Box::new(rhs)),
                            link_span,
                        );
                        self.chains.borrow_mut().push(span);
                        return Ok(Spanned::new(
                            Expr::Binary(BinaryOp::And, Box::new(lhs), Box::new(link)),
                            span,
                        ));
                    }
                }
                Ok(Spanned::new(
                    Expr::Binary(op, Box::new(lhs), Box::new(rhs)),
                    span,
                ))
            })
            .parse(pair.into_inner())
    }

    /// If `lhs` is an unparenthesised comparison (or chain of them), its last operand, which
    /// a following comparison continues from.
    fn chain_tail(&self, lhs: &SExpr) -> Option<SExpr> {
        if self.grouped.borrow().contains(&lhs.span) {
            return None;
        }
        match &lhs.node {
            Expr::Binary(op, _, right) if op.is_comparison() => Some((**right).clone()),
            Expr::Binary(BinaryOp::And, _, link) if self.chains.borrow().contains(&lhs.span) => {
                match &link.node {
                    Expr::Binary(_, _, right) => Some((**right).clone()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn postfix(&self, operand: SExpr, op: Pair<'_, Rule>) -> Result<SExpr, Diagnostic> {
        let span = operand.span.to(self.span(&op));
        let node = match op.as_rule() {
            Rule::filter => {
                let mut inner = op.into_inner();
                let name = self.name(inner.next().expect("grammar: filter has a name"));
                let args = match inner.next() {
                    Some(args) => self.args(args)?,
                    None => Args::default(),
                };
                Expr::Filter(Box::new(operand), name, args)
            }
            Rule::test => {
                let mut inner = op.into_inner().skip(1).peekable();
                let negated = inner.next_if(|p| p.as_rule() == Rule::negation).is_some();
                let name = self.name(inner.next().expect("grammar: test has a name"));
                let args = match inner.next() {
                    Some(p) if p.as_rule() == Rule::call_args => self.args(p)?,
                    Some(p) => {
                        let arg = p
                            .into_inner()
                            .next()
                            .expect("grammar: test_arg has an operand");
                        Args {
                            positional: vec![self.primary(arg)?],
                            keyword: Vec::new(),
                        }
                    }
                    None => Args::default(),
                };
                Expr::Test {
                    value: Box::new(operand),
                    negated,
                    name,
                    args,
                }
            }
            Rule::attr => {
                let name = op.into_inner().next().expect("grammar: attr has a name");
                Expr::Attr(Box::new(operand), self.name(name))
            }
            Rule::index => {
                let key = op.into_inner().next().expect("grammar: index has a key");
                if key.as_rule() == Rule::slice {
                    let mut parts = [None, None, None];
                    for part in key.into_inner() {
                        let at = match part.as_rule() {
                            Rule::slice_start => 0,
                            Rule::slice_stop => 1,
                            _ => 2,
                        };
                        let value = part.into_inner().next().expect("grammar: a slice part");
                        parts[at] = Some(Box::new(self.expr(value)?));
                    }
                    let [start, stop, step] = parts;
                    Expr::Slice {
                        value: Box::new(operand),
                        start,
                        stop,
                        step,
                    }
                } else {
                    Expr::Index(Box::new(operand), Box::new(self.expr(key)?))
                }
            }
            _ => {
                let args =
                    self.args(op.into_inner().next().expect("grammar: call has arguments"))?;
                Expr::Call(Box::new(operand), args)
            }
        };
        Ok(Spanned::new(node, span))
    }

    /// Expressions separated by `tuple_comma`s, and whether there was a comma (a tuple).
    pub(super) fn tuple_items(
        &self,
        pair: Pair<'_, Rule>,
    ) -> Result<(Vec<SExpr>, bool), Diagnostic> {
        let mut items = Vec::new();
        let mut is_tuple = false;
        for p in pair.into_inner() {
            if p.as_rule() == Rule::tuple_comma {
                is_tuple = true;
            } else {
                items.push(self.expr(p)?);
            }
        }
        Ok((items, is_tuple))
    }

    /// `call_args`.
    pub(super) fn args(&self, pair: Pair<'_, Rule>) -> Result<Args, Diagnostic> {
        let mut args = Args::default();
        for arg in pair.into_inner() {
            let inner = arg
                .into_inner()
                .next()
                .expect("grammar: arg is kwarg or expr");
            if inner.as_rule() == Rule::kwarg {
                let mut kw = inner.into_inner();
                let name = self.name(kw.next().expect("grammar: kwarg has a name"));
                let value = self.expr(kw.next().expect("grammar: kwarg has a value"))?;
                if args.keyword.iter().any(|(n, _)| n.node == name.node) {
                    return Err(Diagnostic::new(
                        format!("keyword argument `{}` given twice", name.node),
                        name.span,
                    ));
                }
                args.keyword.push((name, value));
            } else {
                let value = if inner.as_rule() == Rule::spread {
                    let span = self.span(&inner);
                    let items = self.expr(
                        inner
                            .into_inner()
                            .next()
                            .expect("grammar: `*` and an expression"),
                    )?;
                    Spanned::new(Expr::Spread(Box::new(items)), span)
                } else {
                    self.expr(inner)?
                };
                if let Some((first_kw, _)) = args.keyword.first() {
                    return Err(Diagnostic::new(
                        "positional argument after keyword argument",
                        value.span,
                    )
                    .with_help(format!("move it before `{}=`", first_kw.node)));
                }
                args.positional.push(value);
            }
        }
        Ok(args)
    }

    fn primary(&self, pair: Pair<'_, Rule>) -> Result<SExpr, Diagnostic> {
        let span = self.span(&pair);
        let node = match pair.as_rule() {
            Rule::string => Expr::Str(self.string(pair)?),
            Rule::strings => {
                let mut text = String::new();
                for part in pair.into_inner() {
                    text.push_str(&self.string(part)?);
                }
                Expr::Str(text)
            }
            Rule::int => Expr::Int(self.int(&pair)?),
            Rule::float => {
                let text: String = pair.as_str().chars().filter(|c| *c != '_').collect();
                Expr::Float(
                    text.parse()
                        .map_err(|_| Diagnostic::new("invalid float literal", span))?,
                )
            }
            Rule::kw_true => Expr::Bool(true),
            Rule::kw_false => Expr::Bool(false),
            Rule::kw_none => Expr::None,
            Rule::ident => Expr::Var(pair.as_str().to_owned()),
            Rule::path => Expr::Path(pair.as_str().split("::").map(str::to_owned).collect()),
            Rule::list => Expr::List(self.exprs(pair.into_inner())?),
            Rule::dict => {
                let mut pairs = Vec::new();
                for entry in pair.into_inner() {
                    let mut kv = entry.into_inner();
                    let key = self.expr(kv.next().expect("grammar: dict_pair has a key"))?;
                    let value = self.expr(kv.next().expect("grammar: dict_pair has a value"))?;
                    pairs.push((key, value));
                }
                Expr::Dict(pairs)
            }
            Rule::group => {
                let (mut items, is_tuple) = self.tuple_items(pair)?;
                match (is_tuple, items.len()) {
                    (false, 1) => {
                        let inner = items.pop().expect("one item");
                        self.grouped.borrow_mut().push(inner.span);
                        return Ok(inner);
                    }
                    _ => Expr::Tuple(items),
                }
            }
            _ => unreachable!("grammar: unexpected primary {:?}", pair.as_rule()),
        };
        Ok(Spanned::new(node, span))
    }

    fn exprs(&self, pairs: Pairs<'_, Rule>) -> Result<Vec<SExpr>, Diagnostic> {
        pairs.map(|p| self.expr(p)).collect()
    }

    /// A name with its span.
    pub(super) fn name(&self, pair: Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().to_owned(), self.span(&pair))
    }

    fn int(&self, pair: &Pair<'_, Rule>) -> Result<i128, Diagnostic> {
        let text: String = pair.as_str().chars().filter(|c| *c != '_').collect();
        let lower = text.to_ascii_lowercase();
        let parsed = if let Some(hex) = lower.strip_prefix("0x") {
            i128::from_str_radix(hex, 16)
        } else if let Some(oct) = lower.strip_prefix("0o") {
            i128::from_str_radix(oct, 8)
        } else if let Some(bin) = lower.strip_prefix("0b") {
            i128::from_str_radix(bin, 2)
        } else {
            text.parse()
        };
        parsed.map_err(|_| Diagnostic::new("integer literal is too large", self.span(pair)))
    }

    /// Decodes a string literal's Python escapes (`\n`, `\t`, `\\`, `\'`, `\"`, `\xhh`,
    /// `\uhhhh`, `\Uhhhhhhhh`); an unknown escape keeps its backslash, as in Python.
    pub(super) fn string(&self, pair: Pair<'_, Rule>) -> Result<String, Diagnostic> {
        let span = self.span(&pair);
        let body = pair.into_inner().next().map_or("", |p| p.as_str());
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(escape) = chars.next() else {
                out.push('\\');
                break;
            };
            let hex = |chars: &mut std::str::Chars<'_>, n: usize| -> Result<char, Diagnostic> {
                let digits: String = chars.by_ref().take(n).collect();
                u32::from_str_radix(&digits, 16)
                    .ok()
                    .filter(|_| digits.len() == n)
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        Diagnostic::new(
                            format!("invalid escape `\\{escape}{digits}` in string"),
                            span,
                        )
                    })
            };
            match escape {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                'a' => out.push('\x07'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                'v' => out.push('\x0b'),
                '\\' | '\'' | '"' => out.push(escape),
                '\n' => {}
                'x' => out.push(hex(&mut chars, 2)?),
                'u' => out.push(hex(&mut chars, 4)?),
                'U' => out.push(hex(&mut chars, 8)?),
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
        }
        Ok(out)
    }
}
