//! `namespace()`: attributes the template sets as it renders (`{% set ns.found = true %}`),
//! each a number, a string, a `bool` or `none`.

use std::cell::Cell;
use std::fmt;

use crate::escape::Escaper;
use crate::jinja_tests::Nullable;
use crate::output::Output;
use crate::value::{Defaultable, Operand, Render, Truthy, Val};

/// A namespace with `N` attributes, each unset (Jinja's undefined) or a [`Val`]. The
/// template compiler numbers the attributes; `set` works through a shared reference, since
/// a namespace is set from loop bodies and `call` blocks alike.
pub struct Namespace<const N: usize>([Cell<Option<Val<'static>>>; N]);

impl<const N: usize> Namespace<N> {
    /// A namespace with these initial values.
    pub fn new(values: [Option<Val<'static>>; N]) -> Self {
        Self(values.map(Cell::new))
    }

    /// Attribute `index`: undefined until it is set.
    pub fn get(&self, index: usize) -> Attribute {
        Attribute(self.0.get(index).and_then(|slot| {
            let value = slot.take();
            let copy = value.clone();
            slot.set(value);
            copy
        }))
    }

    /// Sets attribute `index`.
    pub fn set(&self, index: usize, value: Val<'static>) {
        if let Some(slot) = self.0.get(index) {
            slot.set(Some(value));
        }
    }
}

/// An attribute of a namespace as the template reads it: Jinja's undefined until it is set
/// (prints nothing, false, not `defined`), else its value, `none` included (defined, and
/// `none`).
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute(pub Option<Val<'static>>);

impl Render for Attribute {
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        match &self.0 {
            Some(value) => value.render(out, escaper),
            None => Ok(()),
        }
    }

    fn render_to<O: Output + ?Sized, E: Escaper>(&self, out: &mut O, escaper: E) -> fmt::Result {
        match &self.0 {
            Some(value) => value.render_to(out, escaper),
            None => Ok(()),
        }
    }

    fn as_str(&self) -> Option<&str> {
        match &self.0 {
            Some(value) => value.as_str(),
            None => Some(""),
        }
    }
}

impl Truthy for Attribute {
    fn is_true(&self) -> bool {
        self.0.as_ref().is_some_and(Truthy::is_true)
    }
}

impl Operand for Attribute {
    fn operand(&self) -> Val<'_> {
        match &self.0 {
            Some(value) => value.operand(),
            None => Val::None,
        }
    }
}

impl Nullable for Attribute {
    fn is_undefined(&self) -> bool {
        self.0.is_none()
    }

    fn is_none(&self) -> bool {
        matches!(self.0, Some(Val::None))
    }
}

impl Defaultable for Attribute {
    type Present<'a> = &'a Val<'static>;

    fn present(&self) -> Option<&Val<'static>> {
        self.0.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_undefined_until_set() {
        let ns = Namespace::new([Some(Val::Int(1)), None]);
        assert_eq!(ns.get(0).0, Some(Val::Int(1)));
        assert_eq!(ns.get(1).0, None);
        assert!(ns.get(1).is_undefined() && !ns.get(1).is_none());
        ns.set(1, Val::None);
        assert!(!ns.get(1).is_undefined() && ns.get(1).is_none());
        ns.set(1, Val::Bool(true));
        ns.set(0, Val::Str("x".into()));
        assert_eq!(ns.get(1).0, Some(Val::Bool(true)));
        assert_eq!(ns.get(0).0, Some(Val::Str("x".into())));
        assert_eq!(ns.get(9).0, None);
    }
}
