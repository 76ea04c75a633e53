//! [`Val`], a primitive value as Jinja's operators see it, and [`Operand`], the types that
//! become one (numbers, strings, `bool`, `Option`).

use std::borrow::Cow;
use std::fmt;

use crate::escape::{Escaper, Safe};
use crate::value::{Render, Truthy};

/// A primitive value as Jinja's operators see it.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    /// Every integer type, widened.
    Int(i128),
    /// `f32` and `f64`.
    Float(f64),
    /// Every string type, and `char`.
    Str(Cow<'a, str>),
    /// `bool`.
    Bool(bool),
    /// An empty `Option`.
    None,
}

/// A value that Jinja's operators can work on: numbers, strings, `bool`, `Option`.
pub trait Operand {
    /// The value as an operand.
    fn operand(&self) -> Val<'_>;
}

macro_rules! operand_int {
    ($($ty:ty),*) => {$(
        impl Operand for $ty {
            #[inline]
            fn operand(&self) -> Val<'_> {
                Val::Int(*self as i128)
            }
        }
    )*};
}
operand_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, i128, isize);

impl Operand for u128 {
    #[inline]
    fn operand(&self) -> Val<'_> {
        // Values above i128::MAX are rare enough to lose precision rather than fail.
        i128::try_from(*self).map_or(Val::Float(*self as f64), Val::Int)
    }
}

impl Operand for f64 {
    #[inline]
    fn operand(&self) -> Val<'_> {
        Val::Float(*self)
    }
}

impl Operand for f32 {
    #[inline]
    fn operand(&self) -> Val<'_> {
        Val::Float(f64::from(*self))
    }
}

impl Operand for bool {
    #[inline]
    fn operand(&self) -> Val<'_> {
        Val::Bool(*self)
    }
}

impl Operand for str {
    #[inline]
    fn operand(&self) -> Val<'_> {
        Val::Str(Cow::Borrowed(self))
    }
}

impl Operand for String {
    #[inline]
    fn operand(&self) -> Val<'_> {
        Val::Str(Cow::Borrowed(self))
    }
}

impl Operand for Cow<'_, str> {
    #[inline]
    fn operand(&self) -> Val<'_> {
        Val::Str(Cow::Borrowed(self))
    }
}

impl Operand for char {
    #[inline]
    fn operand(&self) -> Val<'_> {
        Val::Str(Cow::Owned(self.to_string()))
    }
}

impl<T: Operand> Operand for Option<T> {
    #[inline]
    fn operand(&self) -> Val<'_> {
        match self {
            Some(value) => value.operand(),
            None => Val::None,
        }
    }
}

impl<T: Operand + ?Sized> Operand for Safe<T> {
    #[inline]
    fn operand(&self) -> Val<'_> {
        self.0.operand()
    }
}

impl Operand for Val<'_> {
    #[inline]
    fn operand(&self) -> Val<'_> {
        match self {
            Val::Str(s) => Val::Str(Cow::Borrowed(s)),
            other => other.clone(),
        }
    }
}

macro_rules! operand_forward {
    ($($ptr:ty),*) => {$(
        impl<T: Operand + ?Sized> Operand for $ptr {
            #[inline]
            fn operand(&self) -> Val<'_> {
                (**self).operand()
            }
        }
    )*};
}
operand_forward!(&T, &mut T, Box<T>, std::rc::Rc<T>, std::sync::Arc<T>);

impl Render for Val<'_> {
    #[inline]
    fn render<W: fmt::Write + ?Sized, E: Escaper>(&self, out: &mut W, escaper: E) -> fmt::Result {
        match self {
            Val::Int(i) => i.render(out, escaper),
            Val::Float(f) => f.render(out, escaper),
            Val::Str(s) => escaper.write_escaped(out, s),
            Val::Bool(b) => b.render(out, escaper),
            Val::None => out.write_str("None"),
        }
    }

    #[inline]
    fn render_to<O: crate::Output + ?Sized, E: Escaper>(
        &self,
        out: &mut O,
        escaper: E,
    ) -> fmt::Result {
        match self {
            Val::Int(i) => i.render_to(out, escaper),
            _ => self.render(out, escaper),
        }
    }

    #[inline]
    fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A string in a printed list is quoted, as Python's `repr` does.
    fn render_repr<W: fmt::Write + ?Sized, E: Escaper>(
        &self,
        out: &mut W,
        escaper: E,
    ) -> fmt::Result {
        match self {
            Val::Str(s) => super::impls::write_str_repr(out, escaper, s),
            _ => self.render(out, escaper),
        }
    }
}

impl Truthy for Val<'_> {
    #[inline]
    fn is_true(&self) -> bool {
        match self {
            Val::Int(i) => *i != 0,
            Val::Float(f) => *f != 0.0,
            Val::Str(s) => !s.is_empty(),
            Val::Bool(b) => *b,
            Val::None => false,
        }
    }
}

impl fmt::Display for Val<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.render(f, crate::escape::Text)
    }
}

impl Val<'_> {
    /// Python's name for the type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Int(_) => "int",
            Val::Float(_) => "float",
            Val::Str(_) => "str",
            Val::Bool(_) => "bool",
            Val::None => "NoneType",
        }
    }

    /// Converts to a `'static` value, copying a borrowed string.
    pub fn into_owned(self) -> Val<'static> {
        match self {
            Val::Int(i) => Val::Int(i),
            Val::Float(f) => Val::Float(f),
            Val::Str(s) => Val::Str(Cow::Owned(s.into_owned())),
            Val::Bool(b) => Val::Bool(b),
            Val::None => Val::None,
        }
    }
}
