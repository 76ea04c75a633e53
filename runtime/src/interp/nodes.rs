//! Statements: text, output, `if`, loops, `set`, captures, blocks of other files, macros
//! and `call` blocks.

use std::sync::Arc;

use kiln_engine::ast::BinaryOp;
use kiln_engine::builtins::{FilterSpec, Markup};
use kiln_engine::checked::{
    ArgSource, Caller, CallerCall, Escaping, Expr, ExprKind, FilterKind, For, MacroCall, Node,
    Pattern,
};

use super::{Flow, LoopState, Run};
use crate::dynamic::Value;
use crate::escape::{Html, Text};
use crate::value::{Render, Truthy};
use crate::Result;

impl<'p> Run<'p> {
    /// Runs `nodes`, writing to `out`; a `break` or `continue` stops them and is passed up.
    pub(super) fn nodes(&mut self, nodes: &'p [Node], out: &mut String) -> Result<Flow> {
        for node in nodes {
            let flow = self.node(node, out)?;
            if flow != Flow::Next {
                return Ok(flow);
            }
        }
        Ok(Flow::Next)
    }

    fn node(&mut self, node: &'p Node, out: &mut String) -> Result<Flow> {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Print(expr) => self.print(expr, out)?,
            Node::Do(expr) => {
                self.eval(expr)?;
            }
            Node::If { declare, branches } => {
                for (id, _) in declare {
                    self.locals[id.0 as usize] = Value::Undefined;
                }
                for (cond, body) in branches {
                    let taken = match cond {
                        None => true,
                        Some(cond) => self.truth(cond)?,
                    };
                    if taken {
                        return self.nodes(body, out);
                    }
                }
            }
            Node::For(for_node) => return self.for_loop(for_node, None, 0, out),
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
            Node::Set { target, value, .. } => {
                let value = self.eval(value)?;
                self.bind(target, value, span_of(value_span(node)))?;
            }
            Node::SetAttr {
                object,
                index,
                value,
            } => {
                let value = self.eval(value)?;
                match self.eval(object)? {
                    Value::Namespace(attrs) => {
                        let mut attrs = attrs
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        if let Some(slot) = attrs.get_mut(*index) {
                            *slot = value;
                        }
                    }
                    other => {
                        return self.fail(
                            object.span,
                            format!("cannot set an attribute of `{}`", other.type_name()),
                        )
                    }
                }
            }
            Node::Capture { binding, body, .. } => {
                let captured = self.capture(body)?;
                self.locals[binding.0 as usize] = captured;
            }
            Node::FilterBlock {
                binding,
                body,
                print,
            } => {
                let captured = self.capture(body)?;
                self.locals[binding.0 as usize] = captured;
                self.print(print, out)?;
            }
            Node::With { assigns, body } => {
                let values = assigns
                    .iter()
                    .map(|(_, value)| self.eval(value))
                    .collect::<Result<Vec<_>>>()?;
                for ((id, _), value) in assigns.iter().zip(values) {
                    self.locals[id.0 as usize] = value;
                }
                return self.nodes(body, out);
            }
            Node::Autoescape { enabled, body, .. } => {
                let escaping = match (*enabled, self.escaping) {
                    (false, _) => Escaping::Text,
                    (true, Escaping::Text) => Escaping::Html,
                    (true, escaping) => escaping,
                };
                return self.with_escaping(escaping, body, out);
            }
            Node::Inline { file, body, .. } => {
                let escaping = self.file_escaping(file.index());
                return self.with_escaping(escaping, body, out);
            }
            Node::CallBlock { call, caller } => {
                self.callers.push(super::CallSite {
                    caller,
                    escaping: self.escaping,
                    loops: self.loops.clone(),
                });
                self.calling_with_caller = true;
                let result = self.call_macro(call, out);
                // The body may have changed the call site's loops (`loop.changed`).
                if let Some(site) = self.callers.pop() {
                    self.loops = site.loops;
                }
                result?;
            }
        }
        Ok(Flow::Next)
    }

    /// The escaping of file number `index`.
    pub(super) fn file_escaping(&self, index: usize) -> Escaping {
        self.program
            .escaping
            .get(index)
            .copied()
            .unwrap_or(Escaping::Text)
    }

    fn with_escaping(
        &mut self,
        escaping: Escaping,
        body: &'p [Node],
        out: &mut String,
    ) -> Result<Flow> {
        let outer = std::mem::replace(&mut self.escaping, escaping);
        let flow = self.nodes(body, out);
        self.escaping = outer;
        flow
    }

    /// `{{ expr }}`: printed as the compiled template prints it. Inline `if`, `and` and
    /// `or` print the operand they choose (elsewhere they are `bool`s, as compiled).
    pub(super) fn print(&mut self, expr: &'p Expr, out: &mut String) -> Result<()> {
        match &expr.kind {
            ExprKind::Cond {
                cond,
                then,
                otherwise,
            } => {
                return if self.truth(cond)? {
                    self.print(then, out)
                } else {
                    match otherwise {
                        Some(otherwise) => self.print(otherwise, out),
                        None => Ok(()),
                    }
                };
            }
            ExprKind::Binary(op @ (BinaryOp::Or | BinaryOp::And), lhs, rhs) => {
                let left = self.truth(lhs)?;
                let chosen = match (op, left) {
                    (BinaryOp::Or, true) | (BinaryOp::And, false) => lhs,
                    _ => rhs,
                };
                return self.print(chosen, out);
            }
            ExprKind::Macro(call) => return self.call_macro(call, out),
            ExprKind::Caller(call) => return self.call_caller(call, out),
            ExprKind::Recurse(id, children) => {
                let items = self.eval(children)?;
                let Some(state) = self.loops.get(id) else {
                    return self.fail(expr.span, "`loop(…)` outside its loop");
                };
                let depth0 = state.depth0 + 1;
                let for_node = self.recursive_loop(*id, expr.span)?;
                let saved = self.loops.remove(id);
                let result = self.deeper(expr.span, |run| {
                    run.for_loop(for_node, Some(items), depth0, out)
                });
                if let Some(saved) = saved {
                    self.loops.insert(*id, saved);
                }
                return result.map(|_| ());
            }
            ExprKind::Filter(filter) => {
                if let FilterKind::Builtin(spec, args) = &filter.kind {
                    if spec.streams {
                        return self.print_streamed(filter, spec, args, expr.span, out);
                    }
                }
            }
            _ => {}
        }
        let value = self.eval(expr)?;
        self.write(&value, out, expr.span)?;
        Ok(())
    }

    /// `{{ value|upper }}`, `truncate` and `join` as the whole printed expression: written
    /// by the runtime's streamed filters, as the compiled template writes them (a `join`
    /// keeps its markup items and a markup separator, and escapes the others).
    fn print_streamed(
        &mut self,
        filter: &'p kiln_engine::checked::Filter,
        spec: &FilterSpec,
        args: &'p [Option<Expr>],
        span: kiln_engine::source::Span,
        out: &mut String,
    ) -> Result<()> {
        use crate::filters::streamed;
        let value = self.eval(&filter.value)?;
        let mut values = Vec::with_capacity(spec.params.len());
        for (param, arg) in spec.params.iter().zip(args) {
            values.push(match arg {
                Some(arg) => self.eval(arg)?,
                None => super::filters::default_value(param.default),
            });
        }
        let arg = |i: usize| values.get(i).cloned().unwrap_or_default();
        let text = |v: &Value| crate::value::to_str(v).into_owned();
        let keep_markup = spec.markup == Markup::Kept && filter.value_safe;
        macro_rules! streamed {
            ($escaper:expr) => {
                match spec.name {
                    "upper" => streamed::upper(&value, out, $escaper),
                    "truncate" => streamed::truncate(
                        &value,
                        &arg(0),
                        arg(1).is_true(),
                        &text(&arg(2)),
                        &arg(3),
                        out,
                        $escaper,
                    ),
                    _ => match arg(1) {
                        Value::None | Value::Undefined | Value::Absent => {
                            streamed::join(&value, &arg(0), out, $escaper)
                        }
                        _ => {
                            let joined = self.filter(filter, span)?;
                            self.write(&joined, out, span)?;
                            Ok(())
                        }
                    },
                }
            };
        }
        if let Escaping::Custom(_) = self.escaping {
            return self.write(&Value::Undefined, out, span);
        }
        let result = if keep_markup || self.escaping == Escaping::Text {
            streamed!(Text)
        } else {
            streamed!(Html)
        };
        self.at(span, result)
    }

    /// Writes `value` escaped as the current file escapes.
    pub(super) fn write(
        &mut self,
        value: &Value,
        out: &mut String,
        span: kiln_engine::source::Span,
    ) -> Result<()> {
        // Writing to a String cannot fail.
        let _ = match self.escaping {
            Escaping::Text => value.render(out, Text),
            Escaping::Html => value.render(out, Html),
            Escaping::Custom(_) => return self.needs_rust(
                span,
                "the custom escaper of `kiln.toml` is Rust code, which the interpreter cannot run",
            ),
        };
        Ok(())
    }

    /// The output of `body`, as safe markup.
    pub(super) fn capture(&mut self, body: &'p [Node]) -> Result<Value> {
        let mut captured = String::new();
        self.nodes(body, &mut captured)?;
        Ok(Value::Safe(captured.into()))
    }

    /// Binds the names of `target` to `value` (a tuple target unpacks a sequence).
    pub(super) fn bind(
        &mut self,
        target: &Pattern,
        value: Value,
        span: Option<kiln_engine::source::Span>,
    ) -> Result<()> {
        match target {
            Pattern::Name(id) => {
                self.locals[id.0 as usize] = value;
                Ok(())
            }
            Pattern::Tuple(targets) => {
                let items: Vec<Value> = match &value {
                    Value::List(items) | Value::Tuple(items) => items.to_vec(),
                    Value::Str(s) | Value::Safe(s) => {
                        s.chars().map(|c| Value::str(c.to_string())).collect()
                    }
                    other => {
                        let message = format!("cannot unpack a `{}` into names", other.type_name());
                        return match span {
                            Some(span) => self.fail(span, message),
                            None => Err(crate::Error::eval(message)),
                        };
                    }
                };
                if items.len() != targets.len() {
                    let message = format!(
                        "cannot unpack {} values into {} names",
                        items.len(),
                        targets.len()
                    );
                    return match span {
                        Some(span) => self.fail(span, message),
                        None => Err(crate::Error::eval(message)),
                    };
                }
                for (target, item) in targets.iter().zip(items) {
                    self.bind(target, item, span)?;
                }
                Ok(())
            }
        }
    }

    /// A `for` loop; `items` are given when a recursive loop runs again one level deeper.
    pub(super) fn for_loop(
        &mut self,
        for_node: &'p For,
        items: Option<Value>,
        depth0: usize,
        out: &mut String,
    ) -> Result<Flow> {
        let iterable = match items {
            Some(items) => items,
            None => self.eval(&for_node.iter)?,
        };
        let all = self.items_of(&iterable, for_node.iter.span)?;
        let items = match &for_node.filter {
            None => all,
            Some(cond) => {
                let mut kept = Vec::with_capacity(all.len());
                for item in all {
                    self.bind(&for_node.target, item.clone(), Some(for_node.span))?;
                    if self.truth(cond)? {
                        kept.push(item);
                    }
                }
                kept
            }
        };
        if items.is_empty() {
            // A `break` or `continue` in `else` is the enclosing loop's.
            return self.nodes(&for_node.else_body, out);
        }
        let items = Arc::new(items);
        let outer = self.loops.insert(
            for_node.id,
            LoopState {
                index0: 0,
                length: items.len(),
                items: items.clone(),
                depth0,
                changed: Default::default(),
            },
        );
        let mut result = Ok(Flow::Next);
        for (index0, item) in items.iter().enumerate() {
            if let Some(state) = self.loops.get_mut(&for_node.id) {
                state.index0 = index0;
            }
            if let Err(e) = self.bind(&for_node.target, item.clone(), Some(for_node.span)) {
                result = Err(e);
                break;
            }
            match self.nodes(&for_node.body, out) {
                Ok(Flow::Break) => break,
                Ok(_) => {}
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        match outer {
            Some(outer) => self.loops.insert(for_node.id, outer),
            None => self.loops.remove(&for_node.id),
        };
        result.map(|_| Flow::Next)
    }

    /// The `for` node of recursive loop `id`, found in the tree.
    fn recursive_loop(
        &self,
        id: kiln_engine::checked::LoopId,
        span: kiln_engine::source::Span,
    ) -> Result<&'p For> {
        fn find(nodes: &[Node], id: kiln_engine::checked::LoopId) -> Option<&For> {
            for node in nodes {
                if let Node::For(for_node) = node {
                    if for_node.id == id {
                        return Some(for_node);
                    }
                }
                for (_, body) in node.bodies() {
                    if let Some(found) = find(body, id) {
                        return Some(found);
                    }
                }
            }
            None
        }
        let checked = &self.program.checked;
        std::iter::once(&checked.nodes)
            .chain(checked.macros.iter().map(|m| &m.body))
            .chain(checked.rendered.iter())
            .find_map(|nodes| find(nodes, id))
            .map_or_else(|| self.fail(span, "`loop(…)` outside its loop"), Ok)
    }

    /// A macro call, its output written to `out`.
    pub(super) fn call_macro(&mut self, call: &'p MacroCall, out: &mut String) -> Result<()> {
        // Taken before the arguments, which may call macros of their own.
        let with_caller = std::mem::take(&mut self.calling_with_caller);
        let def = self.program.checked.macro_(call.id);
        let args = call
            .args
            .iter()
            .map(|arg| self.eval(arg))
            .collect::<Result<Vec<_>>>()?;
        // A recursive call overwrites the parameters: the caller's values come back after.
        let saved: Vec<Value> = def
            .params
            .iter()
            .map(|p| std::mem::take(&mut self.locals[p.0 as usize]))
            .collect();
        for (param, arg) in def.params.iter().zip(args) {
            self.locals[param.0 as usize] = arg;
        }
        let escaping = self.file_escaping(def.file.index());
        let outer_escaping = std::mem::replace(&mut self.escaping, escaping);
        let outer_loops = std::mem::take(&mut self.loops);
        self.has_caller.push(with_caller);
        let result = self.deeper(call.span, |run| run.nodes(&def.body, out));
        self.has_caller.pop();
        self.loops = outer_loops;
        self.escaping = outer_escaping;
        for (param, value) in def.params.iter().zip(saved) {
            self.locals[param.0 as usize] = value;
        }
        result.map(|_| ())
    }

    /// `caller(…)`: the innermost `call` block's body, run where the block is written.
    pub(super) fn call_caller(&mut self, call: &'p CallerCall, out: &mut String) -> Result<()> {
        let Some(mut site) = self.callers.pop() else {
            return self.fail(call.span, "`caller()` outside a macro called by `call`");
        };
        let result = self.run_caller(&mut site, call, out);
        self.callers.push(site);
        result
    }

    fn run_caller(
        &mut self,
        site: &mut super::CallSite<'p>,
        call: &'p CallerCall,
        out: &mut String,
    ) -> Result<()> {
        let caller: &'p Caller = site.caller;
        let sources = caller
            .calls
            .iter()
            .find(|(span, _)| *span == call.span)
            .map(|(_, sources)| sources);
        let mut values = Vec::with_capacity(caller.params.len());
        for (i, (_, default)) in caller.params.iter().enumerate() {
            let source = sources.and_then(|s| s.get(i)).copied();
            let value = match source {
                Some(ArgSource::Given(n)) => match call.args.get(n) {
                    Some(arg) => self.eval(arg)?,
                    None => Value::Undefined,
                },
                _ => match default {
                    Some(default) => self.eval(default)?,
                    None => Value::Undefined,
                },
            };
            values.push(value);
        }
        for ((id, _), value) in caller.params.iter().zip(values) {
            self.locals[id.0 as usize] = value;
        }
        // The body belongs to the call site: its escaping and its loops.
        let outer_escaping = std::mem::replace(&mut self.escaping, site.escaping);
        let outer_loops = std::mem::replace(&mut self.loops, std::mem::take(&mut site.loops));
        let result = self.deeper(call.span, |run| run.nodes(&caller.body, out));
        site.loops = std::mem::replace(&mut self.loops, outer_loops);
        self.escaping = outer_escaping;
        result.map(|_| ())
    }
}

fn value_span(node: &Node) -> Option<&Expr> {
    match node {
        Node::Set { value, .. } => Some(value),
        _ => None,
    }
}

fn span_of(expr: Option<&Expr>) -> Option<kiln_engine::source::Span> {
    expr.map(|e| e.span)
}
