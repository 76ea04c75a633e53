//! Support for the code that `#[derive(Template)]` generates. Not a public API: it changes
//! with `kiln_derive`, which `kiln` pins to its exact version.
//!
//! `dispatch` holds the autoref-specialization wrappers (printing, truthiness, operands,
//! macro arguments); `calls` macros and recursive loops; `loops` the state of `loop`;
//! `items` indexing, `range` and map methods; `filters` the plumbing of the built-in
//! filters that only generated code calls; `tests` Jinja's tests (`is odd`).

mod calls;
mod dispatch;
mod globals;
mod items;
mod loops;
mod namespace;
pub mod py;

pub use self::calls::*;
pub use self::dispatch::*;
pub use self::globals::{joiner, Cycler};
pub use self::items::*;
pub use self::loops::*;
pub use self::namespace::{Attribute, Namespace};

pub use crate::escape::{Escaper, Html, Safe, Text};
pub use crate::ops::{Other, Val};
pub use crate::size_hint::LearnedSize;
pub use crate::value::{Dict, Iterable, Maybe, Undefined};
pub use crate::value::{Render, Truthy};
pub use crate::{Buffer, Error, FmtOutput, Output, Result, Template};
pub use core;
pub use std;

/// Jinja's operators over [`Val`]: arithmetic, comparison, `in`.
pub mod ops {
    pub use crate::ops::*;
}

/// The plumbing of the built-in filters that only generated code calls: the custom-filter
/// dispatch, the closures' helpers, compiled format strings, the streaming printers.
pub mod filters {
    pub use crate::filters::custom::*;
    pub use crate::filters::format::{
        format_pieces, format_with, FormatArg, FormatPiece, FormatSpec,
    };
    #[cfg(not(feature = "json"))]
    pub use crate::filters::json::JsonFeatureIsOff;
    pub use crate::filters::select::{batch_fill, slice_fill};
    pub use crate::filters::seq::{AttrOf, NotMaybe, ViaMaybe};
    pub use crate::filters::sort::{compare_keys, same_key, CaseFold};

    /// Filters printed on their own, writing into the output as they go.
    pub mod streamed {
        pub use crate::filters::streamed::*;
    }
}

/// Jinja's tests (`is odd`, `is defined`, …).
pub mod tests {
    pub use crate::jinja_tests::*;
}

pub use crate::__kiln_recorded as recorded;
pub use crate::__kiln_recorded_place as recorded_place;
pub use crate::__kiln_reload as reload;
pub use crate::__kiln_respond as respond;

/// Hot reload's plumbing (`reload` feature).
#[cfg(feature = "reload")]
pub mod reload {
    pub use crate::dynamic::{Probe, Value, ViaOpaque, ViaSerialize, ViaToValue};
    pub use crate::reload::{record, recording, Recording, Reloader, Source};
}

/// What `#[derive(ToValue)]` expands to (with the interpreter).
#[cfg(feature = "interpreter")]
pub mod to_value {
    pub use crate::dynamic::{Probe, ToValue, Value, ViaOpaque, ViaSerialize, ViaToValue};
}

pub use crate::__kiln_to_value as to_value;

/// `#[derive(ToValue)]`'s `to_value! { self [params] [type] [predicates] { body } }`: the impl
/// with the interpreter in the build, nothing without it.
#[cfg(feature = "interpreter")]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_to_value {
    ($self:tt [$($param:tt)*] [$($ty:tt)*] [$($predicate:tt)*] { $($body:tt)* }) => {
        #[automatically_derived]
        impl<$($param)*> $crate::__private::to_value::ToValue for $($ty)* where $($predicate)* {
            // `self` comes from the derive, so the body's `self` is this one.
            fn to_value(&$self) -> $crate::__private::to_value::Value {
                $($body)*
            }
        }
    };
}

#[cfg(not(feature = "interpreter"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_to_value {
    ($($any:tt)*) => {};
}

/// What the derive puts first in a path template's `render_buffer`:
/// `reload! { self, out, render_fn, "name", "block", "escape", [("flag", on), …], "root",
/// ["file", …], [field, …] }`. With the `reload`
/// feature, in a build with debug assertions, it renders through the interpreter when the
/// template changed on disk; otherwise it is nothing.
#[cfg(feature = "reload")]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_reload {
    ($self:ident, $out:ident, $render:expr, $name:literal, $block:literal, $escape:literal, [$(($flag:literal, $on:literal)),* $(,)?], $root:literal, [$($file:literal),* $(,)?], [$($field:ident),* $(,)?]) => {
        #[cfg(debug_assertions)]
        {
            static __KILN_RELOAD: $crate::__private::reload::Reloader =
                $crate::__private::reload::Reloader::new($crate::__private::reload::Source {
                    name: $name,
                    block: $block,
                    escape: $escape,
                    flags: &[$(($flag, $on)),*],
                    root: $root,
                    compiled: &[$(($file, ::core::include_bytes!($file))),*],
                    fields: &[$($crate::__private::core::stringify!($field)),*],
                });
            if let ::core::option::Option::Some(__kiln_active) = __KILN_RELOAD.active() {
                let mut __kiln_values = ::std::vec::Vec::new();
                let mut __kiln_scratch = $crate::__private::Buffer::new();
                let mut __kiln_compiled: $crate::Result<()> = ::core::result::Result::Ok(());
                if __kiln_active.is_interpreted() {
                    // What only Rust computes (the struct's methods the compiled template
                    // calls), from a compiled render run for it.
                    let __kiln_recording = $crate::__private::reload::Recording::start();
                    __kiln_compiled = ($render)($self, &mut __kiln_scratch);
                    __kiln_values = __kiln_recording.finish();
                    #[allow(unused_imports)]
                    use $crate::__private::reload::{ViaOpaque as _, ViaSerialize as _, ViaToValue as _};
                    $(__kiln_values.push((
                        $crate::__private::reload::Value::str(
                            $crate::__private::core::stringify!($field).trim_start_matches("r#"),
                        ),
                        (&&&$crate::__private::reload::Probe(&$self.$field)).kiln_value(),
                    ));)*
                }
                let __kiln_data = $crate::__private::reload::Value::map(__kiln_values);
                if let ::core::option::Option::Some(__kiln_result) =
                    __KILN_RELOAD.render(
                        &__kiln_active,
                        $out,
                        &__kiln_data,
                        (&__kiln_compiled, &__kiln_scratch),
                    )
                {
                    return __kiln_result;
                }
            }
        }
    };
}

/// `recorded!("key", call)`: a call of a struct's method without arguments, whose value
/// hot reload records while a [`reload::Recording`] runs (debug builds with `reload`);
/// otherwise the call itself.
#[cfg(feature = "reload")]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_recorded {
    ($key:literal, $call:expr) => {{
        let __kiln_value = $call;
        #[cfg(debug_assertions)]
        if $crate::__private::reload::recording() {
            #[allow(unused_imports)]
            use $crate::__private::reload::{ViaOpaque as _, ViaSerialize as _, ViaToValue as _};
            $crate::__private::reload::record(
                $key,
                (&&&$crate::__private::reload::Probe(&__kiln_value)).kiln_value(),
            );
        }
        __kiln_value
    }};
}

/// `recorded_place!("key", path)`: a Rust path (`crate::VERSION`) whose value hot reload
/// records as `recorded!` does, still a place (borrowed, not moved, where it is used).
#[cfg(feature = "reload")]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_recorded_place {
    ($key:literal, $place:expr) => {
        (*{
            #[cfg(debug_assertions)]
            if $crate::__private::reload::recording() {
                #[allow(unused_imports)]
                use $crate::__private::reload::{
                    ViaOpaque as _, ViaSerialize as _, ViaToValue as _,
                };
                $crate::__private::reload::record(
                    $key,
                    (&&&$crate::__private::reload::Probe(&$place)).kiln_value(),
                );
            }
            &$place
        })
    };
}

#[cfg(not(feature = "reload"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_recorded_place {
    ($key:literal, $place:expr) => {
        $place
    };
}

#[cfg(not(feature = "reload"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_recorded {
    ($key:literal, $call:expr) => {
        $call
    };
}

#[cfg(not(feature = "reload"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_reload {
    ($($any:tt)*) => {};
}
pub use crate::web;
#[cfg(feature = "actix-web")]
pub use actix_web;
#[cfg(feature = "axum")]
pub use axum_core;
#[cfg(feature = "poem")]
pub use poem;
#[cfg(feature = "rocket")]
pub use rocket;
#[cfg(feature = "warp")]
pub use warp;

/// A marker of the borrow of `value`: an enum template's variant views hold one, so that
/// rustc infers their generic parameters from the enum's.
#[inline(always)]
pub fn phantom_of<T: ?Sized>(value: &T) -> std::marker::PhantomData<&T> {
    let _ = value;
    std::marker::PhantomData
}

/// The size estimate of an enum template: the largest of its variants'.
pub const fn max_size(sizes: &[usize]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < sizes.len() {
        if sizes[i] > max {
            max = sizes[i];
        }
        i += 1;
    }
    max
}

/// The content type of an enum template whose variants render other templates: the one
/// they all have. A variant of another type stops the build, in const evaluation, with
/// this panic's message: one response has one `Content-Type`.
pub const fn same_content_type(types: &[&'static str]) -> &'static str {
    let first = types[0].as_bytes();
    let mut i = 1;
    while i < types.len() {
        let other = types[i].as_bytes();
        let mut same = other.len() == first.len();
        let mut j = 0;
        while same && j < first.len() {
            same = first[j] == other[j];
            j += 1;
        }
        assert!(
            same,
            "the variants of an enum template render different content types (`Template::CONTENT_TYPE`)"
        );
        i += 1;
    }
    types[0]
}

/// Attaches the template location of an expression to its error.
#[inline]
pub fn located<T>(result: Result<T>, location: &'static str) -> Result<T> {
    match result {
        Ok(value) => Ok(value),
        Err(err) => Err(err.at(location)),
    }
}
