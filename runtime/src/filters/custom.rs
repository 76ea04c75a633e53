//! Keyword arguments and defaults for custom filters.
//!
//! A custom filter is a function in the user's `filters` module. The template compiler
//! cannot see its parameter names (a derive macro only sees the struct), so keyword
//! arguments go into an *options struct*: the function's last parameter, a type with
//! `Default` that implements [`Options`]. Each keyword sets the field of that name:
//!
//! ```
//! mod filters {
//!     #[derive(Default)]
//!     pub struct ShoutOptions {
//!         pub times: usize,
//!         pub end: Option<String>,
//!     }
//!     impl kiln::filters::Options for ShoutOptions {}
//!
//!     pub fn shout(value: &&str, options: ShoutOptions) -> kiln::Result<String> {
//!         let end = options.end.as_deref().unwrap_or("!");
//!         Ok(format!("{}{}", value.to_uppercase(), end.repeat(options.times.max(1))))
//!     }
//! }
//!
//! #[derive(kiln::Template)]
//! #[template(source = "{{ word|shout }} {{ word|shout(times=2, end='?') }}", ext = "txt")]
//! struct Page<'a> {
//!     word: &'a str,
//! }
//!
//! use kiln::Template;
//! assert_eq!(Page { word: "hey" }.render().unwrap(), "HEY! HEY??");
//! ```
//!
//! Called without keywords, a filter whose last parameter is options gets
//! `Default::default()` for it, so the fields' defaults are the parameters' defaults; a
//! filter without options is called with exactly the positional arguments. The generated
//! code picks between the two by the function's type, with the [`Custom`] wrapper below.

use std::borrow::Cow;

/// The keyword parameters of a custom filter: a struct whose fields are the keywords, and
/// whose `Default` gives their defaults. Implement it (it has no methods) for the type of a
/// filter's last parameter to let templates pass keyword arguments.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the options struct of a custom filter",
    note = "a custom filter called with keyword arguments takes them in its last parameter, \
            a struct with `Default` that implements `kiln::filters::Options`"
)]
pub trait Options: Default {}

/// Converts a keyword argument to the type of its field: the value itself, `Some(value)` for
/// an `Option` field, and `&str` to `String` or `Cow<str>`.
pub trait KwArg<T> {
    /// The field's value.
    fn into_field(self) -> T;
}

impl<T> KwArg<T> for T {
    #[inline]
    fn into_field(self) -> T {
        self
    }
}

impl<T> KwArg<Option<T>> for T {
    #[inline]
    fn into_field(self) -> Option<T> {
        Some(self)
    }
}

impl KwArg<String> for &str {
    fn into_field(self) -> String {
        self.to_owned()
    }
}

impl KwArg<Option<String>> for &str {
    fn into_field(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl<'a> KwArg<Cow<'a, str>> for &'a str {
    fn into_field(self) -> Cow<'a, str> {
        Cow::Borrowed(self)
    }
}

/// A custom filter function, for the generated code's choice between passing default
/// options or not. Generated code only.
#[doc(hidden)]
pub struct Custom<F>(pub F);

macro_rules! arities {
    ($($options:ident $plain:ident $method:ident $new:ident ($($arg:ident)*);)*) => {$(
        /// First choice: the filter takes options after the positional arguments.
        #[doc(hidden)]
        // RATIONALE: the arguments are named after their type parameters, in a macro, and
        // a filter may take that many.
        #[allow(non_snake_case, clippy::too_many_arguments)]
        pub trait $options<V, $($arg,)* K, R> {
            fn $method(&self, value: V, $($arg: $arg),*) -> R;
        }

        #[allow(non_snake_case)]
        impl<F, V, $($arg,)* K, R> $options<V, $($arg,)* K, R> for &Custom<F>
        where
            F: Fn(V, $($arg,)* K) -> R,
            K: Options,
        {
            #[inline]
            fn $method(&self, value: V, $($arg: $arg),*) -> R {
                (self.0)(value, $($arg,)* K::default())
            }
        }

        /// Fallback: a plain function of the positional arguments.
        #[doc(hidden)]
        #[allow(non_snake_case, clippy::too_many_arguments)]
        pub trait $plain<V, $($arg,)* R> {
            fn $method(&self, value: V, $($arg: $arg),*) -> R;
        }

        #[allow(non_snake_case)]
        impl<F, V, $($arg,)* R> $plain<V, $($arg,)* R> for Custom<F>
        where
            F: Fn(V, $($arg,)*) -> R,
        {
            #[inline]
            fn $method(&self, value: V, $($arg: $arg),*) -> R {
                (self.0)(value, $($arg,)*)
            }
        }

        /// The default options of a filter taking these positional arguments, for a call with
        /// keyword arguments (the type is read from the function's signature).
        #[doc(hidden)]
        pub fn $new<F, V, $($arg,)* K, R>(_: &F) -> K
        where
            F: Fn(V, $($arg,)* K) -> R,
            K: Options,
        {
            K::default()
        }
    )*};
}

arities! {
    ViaOptions0 ViaPlain0 kiln_filter0 options0 ();
    ViaOptions1 ViaPlain1 kiln_filter1 options1 (A1);
    ViaOptions2 ViaPlain2 kiln_filter2 options2 (A1 A2);
    ViaOptions3 ViaPlain3 kiln_filter3 options3 (A1 A2 A3);
    ViaOptions4 ViaPlain4 kiln_filter4 options4 (A1 A2 A3 A4);
    ViaOptions5 ViaPlain5 kiln_filter5 options5 (A1 A2 A3 A4 A5);
    ViaOptions6 ViaPlain6 kiln_filter6 options6 (A1 A2 A3 A4 A5 A6);
    ViaOptions7 ViaPlain7 kiln_filter7 options7 (A1 A2 A3 A4 A5 A6 A7);
    ViaOptions8 ViaPlain8 kiln_filter8 options8 (A1 A2 A3 A4 A5 A6 A7 A8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Debug, PartialEq)]
    struct Opts {
        n: usize,
        name: Option<String>,
    }
    impl Options for Opts {}

    fn with_options(value: &&str, prefix: &str, options: Opts) -> String {
        format!("{prefix}{value}{}{:?}", options.n, options.name)
    }

    fn plain(value: &&str, prefix: &str) -> String {
        format!("{prefix}{value}")
    }

    // RATIONALE: the extra `&`s mirror the generated code, where they pick the fallback.
    #[allow(clippy::needless_borrow)]
    #[test]
    fn calls_pick_options_or_plain_by_signature() {
        assert_eq!((&&Custom(with_options)).kiln_filter1(&"x", ">"), ">x0None");
        assert_eq!((&&Custom(plain)).kiln_filter1(&"x", ">"), ">x");
        let mut options = options1(&with_options);
        options.n = KwArg::into_field(3);
        options.name = KwArg::into_field("a");
        assert_eq!(with_options(&"x", "", options), "x3Some(\"a\")");
    }
}
