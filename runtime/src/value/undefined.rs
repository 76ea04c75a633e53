//! [`Undefined`]: Jinja's undefined value, where Kiln cannot know at compile time that a
//! value is missing.

use std::fmt;

use super::{Defaultable, Iterable, Length, Operand, Render, Truthy, Val};
use crate::escape::Escaper;
use crate::jinja_tests::{Nullable, Shape};
use crate::output::Output;

/// Jinja's default `Undefined`: what a macro's parameter holds when a call does not give it.
///
/// As in Jinja2, it prints as nothing, is false, is not `defined` (and not `none`), is
/// replaced by `default`, iterates as empty and has length 0. Using it otherwise (an
/// attribute, arithmetic) fails: at compile time where the template reads a field of it,
/// else with a [`kiln::Error`](crate::Error) when it renders.
///
/// A name that is not a field or a local at all is undefined too, but that is known when the
/// template compiles: `x is defined` is then `false` and `x|default(…)` the default, with no
/// value involved (see `docs/syntax.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Undefined;

impl Render for Undefined {
    #[inline]
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, _: &mut W, _: E) -> fmt::Result {
        Ok(())
    }

    #[inline]
    fn render_to<O: Output + ?Sized, E: Escaper>(&self, _: &mut O, _: E) -> fmt::Result {
        Ok(())
    }

    #[inline]
    fn as_str(&self) -> Option<&str> {
        Some("")
    }
}

impl fmt::Display for Undefined {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Ok(())
    }
}

impl Truthy for Undefined {
    #[inline]
    fn is_true(&self) -> bool {
        false
    }
}

impl Nullable for Undefined {
    #[inline]
    fn is_undefined(&self) -> bool {
        true
    }

    #[inline]
    fn is_none(&self) -> bool {
        false
    }
}

impl Shape for Undefined {}

impl Defaultable for Undefined {
    type Present<'a> = &'a Undefined;

    #[inline]
    fn present(&self) -> Option<&Undefined> {
        None
    }
}

impl Iterable for Undefined {
    type Item<'a> = &'a Undefined;

    fn kiln_iter(&self) -> impl Iterator<Item = &Undefined> {
        std::iter::empty()
    }
}

impl Length for Undefined {
    #[inline]
    fn length(&self) -> usize {
        0
    }
}

/// In operators it is `none`: `undefined + 1` fails as Jinja2's does, `undefined == none`
/// is true only for Kiln's absent values alike.
impl Operand for Undefined {
    #[inline]
    fn operand(&self) -> Val<'_> {
        Val::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::to_string;

    #[test]
    fn undefined_behaves_as_jinja2_s() {
        assert_eq!(to_string(&Undefined), "");
        assert!(!Undefined.is_true());
        assert!(Undefined.is_undefined() && !Undefined.is_none());
        assert!(Undefined.present().is_none());
        assert_eq!(Undefined.kiln_iter().count(), 0);
        assert_eq!(Undefined.length(), 0);
        assert!(crate::ops::add(Undefined.operand(), Val::Int(1)).is_err());
    }
}
