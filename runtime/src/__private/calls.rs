//! Macros and recursive loops: closures that generated code hands a handle to run
//! themselves again, with a depth limit instead of a stack overflow.

use crate::{Error, Result};

/// How deep macros may call themselves, or a recursive loop may nest, before rendering
/// fails, instead of overflowing the stack (Python stops at 1000 frames; a Rust frame per
/// level is larger).
pub const MAX_MACRO_DEPTH: usize = 256;

/// The body of a macro as generated code writes it: a closure that gets a handle to call
/// the macro again (recursion), the arguments, and the output.
pub type MacroBody<'f, A, W> =
    dyn Fn(&dyn Fn(A, &mut W) -> Result<()>, A, &mut W) -> Result<()> + 'f;

/// Runs a macro. Generated code passes the arguments first, so rustc knows their types
/// before it checks the closure, whose parameters then need no annotations.
#[inline]
pub fn call_macro<A, W: ?Sized, F>(args: A, body: F, out: &mut W) -> Result<()>
where
    F: Fn(&dyn Fn(A, &mut W) -> Result<()>, A, &mut W) -> Result<()>,
{
    fn run<A, W: ?Sized>(
        body: &MacroBody<'_, A, W>,
        depth: &std::cell::Cell<usize>,
        args: A,
        out: &mut W,
    ) -> Result<()> {
        if depth.get() >= MAX_MACRO_DEPTH {
            return Err(Error::eval(format!(
                "macros call each other more than {MAX_MACRO_DEPTH} levels deep"
            )));
        }
        depth.set(depth.get() + 1);
        let result = body(&|a, o| run(body, depth, a, o), args, out);
        depth.set(depth.get() - 1);
        result
    }
    run(&body, &std::cell::Cell::new(0), args, out)
}

/// The body of a recursive loop as generated code writes it: a closure that renders one
/// level from its items and its depth (`loop.depth`), with a handle that renders the next.
///
/// The items are a `dyn Iterator` because each level iterates a different collection
/// (`loop(item.children)`): only the items' type is the same at every level.
pub type LoopLevel<'f, T, W> = dyn Fn(
        &dyn Fn(&mut dyn Iterator<Item = T>, &mut W) -> Result<()>,
        &mut dyn Iterator<Item = T>,
        usize,
        &mut W,
    ) -> Result<()>
    + 'f;

/// Runs a recursive loop (`{% for … recursive %}`) over `items`. Generated code passes the
/// items first, so rustc knows their type before it checks the closure.
#[inline]
pub fn recursive_loop<T, W: ?Sized, F>(
    items: &mut dyn Iterator<Item = T>,
    body: F,
    out: &mut W,
) -> Result<()>
where
    F: Fn(
        &dyn Fn(&mut dyn Iterator<Item = T>, &mut W) -> Result<()>,
        &mut dyn Iterator<Item = T>,
        usize,
        &mut W,
    ) -> Result<()>,
{
    fn level<T, W: ?Sized>(
        body: &LoopLevel<'_, T, W>,
        items: &mut dyn Iterator<Item = T>,
        depth: usize,
        out: &mut W,
    ) -> Result<()> {
        if depth > MAX_MACRO_DEPTH {
            return Err(Error::eval(format!(
                "a recursive loop nests more than {MAX_MACRO_DEPTH} levels deep"
            )));
        }
        body(
            &|children, out| level(body, children, depth + 1, out),
            items,
            depth,
            out,
        )
    }
    level(&body, items, 1, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_macro_recurses_and_stops_at_the_depth_limit() {
        let mut out = String::new();
        call_macro(
            3u32,
            |rec, n, out: &mut String| {
                out.push_str(&n.to_string());
                if n > 0 {
                    rec(n - 1, out)?;
                }
                Ok(())
            },
            &mut out,
        )
        .unwrap();
        assert_eq!(out, "3210");
        let err =
            call_macro(0u32, |rec, n, out: &mut String| rec(n + 1, out), &mut out).unwrap_err();
        assert!(err.to_string().contains("more than 256 levels"), "{err}");
    }
    #[test]
    fn recursive_loop_passes_depth_and_stops_at_the_limit() {
        struct Node(&'static str, Vec<Node>);
        let tree = [
            Node(
                "a",
                vec![Node("b", vec![]), Node("c", vec![Node("d", vec![])])],
            ),
            Node("e", vec![]),
        ];
        let mut out = String::new();
        recursive_loop(
            &mut tree.iter(),
            |next, items, depth, out: &mut String| {
                for node in items {
                    out.push_str(&format!("{}{depth}(", node.0));
                    next(&mut node.1.iter(), out)?;
                    out.push(')');
                }
                Ok(())
            },
            &mut out,
        )
        .unwrap();
        assert_eq!(out, "a1(b2()c2(d3()))e1()");

        let err = recursive_loop(
            &mut std::iter::once(()),
            |next, _, _, out: &mut String| next(&mut std::iter::once(()), out),
            &mut out,
        )
        .unwrap_err();
        assert!(err.to_string().contains("more than 256 levels"), "{err}");
    }
}
