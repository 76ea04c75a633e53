//! The autoref-specialization wrappers: generated code calls a method on
//! `&Wrapper(&value)`; if the value's type implements the preferred trait, method lookup
//! finds that impl first, otherwise it auto-refs once more and finds the fallback. This
//! works because generated code calls them on concrete types.

use std::fmt;

use crate::escape::{Escaper, EscapingWriter, Safe};
use crate::ops::{Operand, Other, Val};
use crate::value::Maybe;
use crate::value::{Render, Truthy};
use crate::Output;

/// Wraps a value to print it: through [`Render`] if it has it, else through `Display`.
pub struct Wrap<'a, T: ?Sized>(pub &'a T);

/// The preferred printing path.
pub trait ViaRender {
    /// Writes the wrapped value.
    fn kiln_write<W: Output + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result;
}

impl<T: Render + ?Sized> ViaRender for Wrap<'_, T> {
    #[inline]
    fn kiln_write<W: Output + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        self.0.render_to(out, escaper)
    }
}

/// The fallback printing path: `Display`, escaped.
pub trait ViaDisplay {
    /// Writes the wrapped value.
    fn kiln_write<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result;
}

impl<T: fmt::Display + ?Sized> ViaDisplay for &Wrap<'_, T> {
    #[inline]
    fn kiln_write<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result {
        use fmt::Write as _;
        write!(
            EscapingWriter {
                inner: out,
                escaper
            },
            "{}",
            self.0
        )
    }
}

/// Wraps a value to test it: through [`Truthy`] if it has it; else, for a value that may be
/// missing (an `Option` or a [`Maybe`], such as `loop.previtem`), whether it is there; else
/// it is true. Generated code calls `(&&&Truth(&value)).kiln_true()`: each `&` that method
/// lookup takes off reaches the next, less specific, trait.
pub struct Truth<'a, T: ?Sized>(pub &'a T);

/// The preferred truthiness path.
pub trait ViaTruthy {
    /// Whether the wrapped value is true.
    fn kiln_true(&self) -> bool;
}

impl<T: Truthy + ?Sized> ViaTruthy for &&Truth<'_, T> {
    #[inline]
    fn kiln_true(&self) -> bool {
        self.0.is_true()
    }
}

/// The path for a value that may be missing and whose content has no truthiness (a
/// struct): it is true when present, as a Python object is.
pub trait ViaPresence {
    /// Whether the wrapped value is there.
    fn kiln_true(&self) -> bool;
}

impl<T> ViaPresence for &Truth<'_, Maybe<T>> {
    #[inline]
    fn kiln_true(&self) -> bool {
        self.0 .0.is_some()
    }
}

impl<T> ViaPresence for &Truth<'_, Option<T>> {
    #[inline]
    fn kiln_true(&self) -> bool {
        self.0.is_some()
    }
}

/// The fallback: any other value is true, as objects are in Python.
pub trait AlwaysTrue {
    /// Always `true`.
    fn kiln_true(&self) -> bool;
}

impl<T: ?Sized> AlwaysTrue for Truth<'_, T> {
    #[inline]
    fn kiln_true(&self) -> bool {
        true
    }
}

/// Wraps an operand of a comparison or arithmetic: a [`Val`] for primitive types, else
/// [`Other`], compared through `PartialEq`/`PartialOrd`.
pub struct Op<'a, T: ?Sized>(pub &'a T);

/// The preferred operand path.
pub trait ViaOperand<'a> {
    /// The operand.
    fn kiln_op(&self) -> Val<'a>;
}

impl<'a, T: Operand + ?Sized> ViaOperand<'a> for Op<'a, T> {
    #[inline]
    fn kiln_op(&self) -> Val<'a> {
        self.0.operand()
    }
}

/// The fallback operand path.
pub trait ViaOther<'a, T: ?Sized> {
    /// The operand.
    fn kiln_op(&self) -> Other<'a, T>;
}

impl<'a, T: ?Sized> ViaOther<'a, T> for &Op<'a, T> {
    #[inline]
    fn kiln_op(&self) -> Other<'a, T> {
        Other(self.0)
    }
}

/// Wraps a macro argument (or a value `set` in an `if`): primitive values (numbers,
/// strings, `bool`, `Option`s of those) become a [`Val`], so a parameter has one type
/// whether a call passes a field, a literal or `n - 1`; safe markup stays [`Safe`], so it is
/// not escaped again; any other value is passed by reference. Generated code calls
/// `(&&&Arg(&value)).kiln_arg()`: each `&` that method lookup takes off reaches the next,
/// less specific, trait.
pub struct Arg<'a, T: ?Sized>(pub &'a T);

/// The first choice: safe markup, passed as it is.
pub trait ViaArgSafe<'a, T: ?Sized> {
    /// The argument.
    fn kiln_arg(&self) -> &'a Safe<T>;
}

impl<'a, T: ?Sized> ViaArgSafe<'a, T> for &&Arg<'a, Safe<T>> {
    #[inline]
    fn kiln_arg(&self) -> &'a Safe<T> {
        self.0
    }
}

/// The second choice: a primitive value, as a [`Val`].
pub trait ViaArgVal<'a> {
    /// The argument.
    fn kiln_arg(&self) -> Val<'a>;
}

impl<'a, T: Operand + ?Sized> ViaArgVal<'a> for &Arg<'a, T> {
    #[inline]
    fn kiln_arg(&self) -> Val<'a> {
        self.0.operand()
    }
}

/// The fallback: any other value, by reference.
pub trait ViaArgRef<'a, T: ?Sized> {
    /// The argument.
    fn kiln_arg(&self) -> &'a T;
}

impl<'a, T: ?Sized> ViaArgRef<'a, T> for Arg<'a, T> {
    #[inline]
    fn kiln_arg(&self) -> &'a T {
        self.0
    }
}

/// Picks how a dict literal keeps a value that the template computed (a filter's result, a
/// call's): a primitive becomes an owned [`Val`], so that it shares a type with the literals
/// beside it and borrows nothing that ends with the expression; any other value is kept as it
/// is. Generated code calls `(&&Keep(&value)).kiln_keep()` and passes the value to what that
/// returns: the borrow only picks, then the value moves.
pub struct Keep<'a, T>(pub &'a T);

/// What [`Keep`] picks for a primitive value.
pub struct KeepVal;

/// What [`Keep`] picks for any other value.
pub struct KeepAsIs;

/// The first choice: a primitive value.
pub trait ViaKeepVal {
    /// The choice.
    #[inline]
    fn kiln_keep(&self) -> KeepVal {
        KeepVal
    }
}

impl<T: Operand> ViaKeepVal for &Keep<'_, T> {}

/// The fallback: any other value.
pub trait ViaKeepAsIs {
    /// The choice.
    #[inline]
    fn kiln_keep(&self) -> KeepAsIs {
        KeepAsIs
    }
}

impl<T> ViaKeepAsIs for Keep<'_, T> {}

impl KeepVal {
    /// The value as an owned `Val`.
    #[inline]
    pub fn keep<T: Operand>(self, value: T) -> Val<'static> {
        value.operand().into_owned()
    }
}

impl KeepAsIs {
    /// The value itself.
    #[inline]
    pub fn keep<T>(self, value: T) -> T {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::Html;
    use crate::ops;

    #[test]
    // RATIONALE: the extra `&` mirrors the generated code, where it selects the fallback.
    #[allow(clippy::needless_borrow)]
    fn specialization_picks_render_then_display() {
        use std::fmt::Write as _;
        struct Shout;
        impl fmt::Display for Shout {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<HI>")
            }
        }
        let mut out = String::new();
        (&Wrap(&Shout)).kiln_write(&mut out, Html).unwrap();
        (&Wrap(&true)).kiln_write(&mut out, Html).unwrap();
        (&Wrap(&2.0f64)).kiln_write(&mut out, Html).unwrap();
        write!(out, "|").unwrap();
        assert_eq!(out, "&lt;HI&gt;True2.0|");
        assert!((&&&Truth(&Shout)).kiln_true());
        assert!(!(&&&Truth(&0u8)).kiln_true());
        // A missing value is false whatever it holds; a present one is tested by its
        // content when that has a truthiness.
        assert!(!(&&&Truth(&Maybe::<Shout>(None))).kiln_true());
        assert!((&&&Truth(&Some(Shout))).kiln_true());
        assert!(!(&&&Truth(&None::<Shout>)).kiln_true());
        assert!(!(&&&Truth(&Some(0u8))).kiln_true());
        assert!((&&&Truth(&Maybe(Some(1u8)))).kiln_true());
        assert_eq!((&Op(&&&3u8)).kiln_op(), Val::Int(3));
        assert!(ops::eq((&Op(&[1, 2])).kiln_op(), (&Op(&[1, 2])).kiln_op()));
    }
}
