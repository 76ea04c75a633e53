//! The traits a type implements to answer the type tests its own way: [`Nullable`]
//! (`is none`, `is defined`), [`Shape`] (`is sequence`, `is iterable`, `is mapping`) and
//! [`Markup`] (`is escaped`). They are public as `kiln::value::{Nullable, Shape, Markup}`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use crate::escape::Safe;
use crate::ops::Val;
use crate::value::{Defaulted, Either, Maybe};

/// A value that may be absent: `Option` (and Kiln's own optional results).
///
/// Values of types that do not implement it are always defined and never `none`.
pub trait Nullable {
    /// `is undefined`: an empty `Option` is Kiln's stand-in for Jinja's undefined.
    fn is_undefined(&self) -> bool;
    /// `is none`.
    fn is_none(&self) -> bool;
}

impl<T> Nullable for Option<T> {
    #[inline]
    fn is_undefined(&self) -> bool {
        self.is_none()
    }
    #[inline]
    fn is_none(&self) -> bool {
        self.is_none()
    }
}

/// `first`/`last`/`min`/`max` of nothing: undefined, but not `none`, as in Jinja2.
impl<T> Nullable for Maybe<T> {
    #[inline]
    fn is_undefined(&self) -> bool {
        self.0.is_none()
    }
    #[inline]
    fn is_none(&self) -> bool {
        false
    }
}

/// The literal `none` is defined and none.
impl Nullable for Val<'_> {
    #[inline]
    fn is_undefined(&self) -> bool {
        false
    }
    #[inline]
    fn is_none(&self) -> bool {
        matches!(self, Val::None)
    }
}

macro_rules! forward_nullable {
    ($($ptr:ty),*) => {$(
        impl<T: Nullable + ?Sized> Nullable for $ptr {
            #[inline]
            fn is_undefined(&self) -> bool {
                (**self).is_undefined()
            }
            #[inline]
            fn is_none(&self) -> bool {
                (**self).is_none()
            }
        }
    )*};
}
forward_nullable!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

impl<T: Nullable + ?Sized> Nullable for Safe<T> {
    #[inline]
    fn is_undefined(&self) -> bool {
        self.0.is_undefined()
    }
    #[inline]
    fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

macro_rules! never_none {
    ($([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Nullable for $ty {
            #[inline]
            fn is_undefined(&self) -> bool {
                false
            }
            #[inline]
            fn is_none(&self) -> bool {
                false
            }
        }
    )*};
}
never_none!(
    [] str, [] String, [] Cow<'_, str>, [] char, [] bool,
    [] i8, [] i16, [] i32, [] i64, [] i128, [] isize,
    [] u8, [] u16, [] u32, [] u64, [] u128, [] usize, [] f32, [] f64,
    [T] [T], [T] Vec<T>, [T, const N: usize] [T; N],
    [A, B] Either<A, B>, [A, B] Defaulted<A, B>,
);

/// What a value looks like to `is sequence`, `is iterable` and `is mapping`.
///
/// As in Python: strings, lists, tuples and maps are sequences (they have a length and
/// `[]`); those and sets are iterable; maps are mappings. Types that implement neither this
/// trait nor [`Iterable`](crate::value::Iterable) answer `false` to all three; implement it (the methods have
/// defaults) to change that.
pub trait Shape {
    /// `is sequence`.
    fn is_sequence(&self) -> bool {
        false
    }
    /// `is iterable`.
    fn is_iterable(&self) -> bool {
        false
    }
    /// `is mapping`.
    fn is_mapping(&self) -> bool {
        false
    }
}

macro_rules! shape {
    ($seq:literal, $iter:literal, $map:literal: $([$($gen:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($gen)*> Shape for $ty {
            #[inline]
            fn is_sequence(&self) -> bool {
                $seq
            }
            #[inline]
            fn is_iterable(&self) -> bool {
                $iter
            }
            #[inline]
            fn is_mapping(&self) -> bool {
                $map
            }
        }
    )*};
}
shape!(true, true, false:
    [] str, [] String, [] Cow<'_, str>, [] char,
    [T] [T], [T] Vec<T>, [T] VecDeque<T>, [T, const N: usize] [T; N],
    [] (), [A] (A,), [A, B] (A, B), [A, B, C] (A, B, C), [A, B, C, D] (A, B, C, D),
    [] crate::__private::Range,
);
shape!(true, true, true: [K, V] BTreeMap<K, V>, [K, V, S] HashMap<K, V, S>);
shape!(false, true, false: [T] BTreeSet<T>, [T, S] HashSet<T, S>);
shape!(false, false, false:
    [] bool, [] i8, [] i16, [] i32, [] i64, [] i128, [] isize,
    [] u8, [] u16, [] u32, [] u64, [] u128, [] usize, [] f32, [] f64,
);

macro_rules! shape_range {
    ($($ty:ty),*) => {$(
        shape!(true, true, false: [] std::ops::Range<$ty>);
    )*};
}
shape_range!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl Shape for Val<'_> {
    fn is_sequence(&self) -> bool {
        matches!(self, Val::Str(_))
    }
    fn is_iterable(&self) -> bool {
        matches!(self, Val::Str(_))
    }
}

macro_rules! shape_of_inner {
    ($([$($gen:tt)*] $ty:ty => |$o:ident| $inner:expr),* $(,)?) => {$(
        impl<$($gen)*> Shape for $ty {
            #[inline]
            fn is_sequence(&self) -> bool {
                let $o = self;
                $inner.is_some_and(|v| v.is_sequence())
            }
            #[inline]
            fn is_iterable(&self) -> bool {
                let $o = self;
                $inner.is_some_and(|v| v.is_iterable())
            }
            #[inline]
            fn is_mapping(&self) -> bool {
                let $o = self;
                $inner.is_some_and(|v| v.is_mapping())
            }
        }
    )*};
}
shape_of_inner!(
    [T: Shape] Option<T> => |o| o.as_ref(),
    [T: Shape] Maybe<T> => |o| o.0.as_ref(),
    [T: Shape + ?Sized] Safe<T> => |o| Some(&o.0),
    [T: Shape + ?Sized] &T => |o| Some(&**o),
    [T: Shape + ?Sized] Box<T> => |o| Some(&**o),
    [T: Shape + ?Sized] Rc<T> => |o| Some(&**o),
    [T: Shape + ?Sized] Arc<T> => |o| Some(&**o),
);

impl<A: Shape, B: Shape> Shape for Either<A, B> {
    fn is_sequence(&self) -> bool {
        match self {
            Either::Left(a) => a.is_sequence(),
            Either::Right(b) => b.is_sequence(),
        }
    }
    fn is_iterable(&self) -> bool {
        match self {
            Either::Left(a) => a.is_iterable(),
            Either::Right(b) => b.is_iterable(),
        }
    }
    fn is_mapping(&self) -> bool {
        match self {
            Either::Left(a) => a.is_mapping(),
            Either::Right(b) => b.is_mapping(),
        }
    }
}

/// A value that is safe markup at run time ([`Safe`]): `is escaped`.
pub trait Markup {
    /// Whether the value is marked safe.
    fn is_markup(&self) -> bool;
}

impl<T: ?Sized> Markup for Safe<T> {
    #[inline]
    fn is_markup(&self) -> bool {
        true
    }
}

impl<T: Markup + ?Sized> Markup for &T {
    #[inline]
    fn is_markup(&self) -> bool {
        (**self).is_markup()
    }
}

impl<T: Markup> Markup for Option<T> {
    #[inline]
    fn is_markup(&self) -> bool {
        self.as_ref().is_some_and(T::is_markup)
    }
}

impl<A: Markup, B: Markup> Markup for Either<A, B> {
    fn is_markup(&self) -> bool {
        match self {
            Either::Left(a) => a.is_markup(),
            Either::Right(b) => b.is_markup(),
        }
    }
}
