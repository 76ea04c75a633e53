//! Web framework glue: with a framework feature on, every derived template is a response
//! of that framework as it is (`async fn index() -> Page`).
//!
//! The derive cannot implement a framework's trait itself (it does not know which
//! frameworks `kiln` was built with) and `kiln` cannot implement it for every `Template`
//! (the orphan rule), so the derive always emits `__private::respond! { … }` and this
//! module's macros decide, by `kiln`'s features, what that expands to: one impl per
//! framework that is on, each a call of a function here.
//!
//! Every framework answers the same way:
//! - the body is [`Template::render`](crate::Template::render)'s `String`, rendered once with the template's learned
//!   size and handed to the framework without a copy;
//! - `Content-Type` is [`Template::CONTENT_TYPE`](crate::Template::CONTENT_TYPE), which the derive takes from the template's
//!   extension;
//! - a failed render is a `500` whose body is [`FAILED_BODY`], which names nothing of the
//!   template or its data; the error itself, with its template `file:line:col`, goes to the
//!   log ([`report`]).

use crate::Error;

#[cfg(feature = "actix-web")]
pub mod actix_web;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "poem")]
pub mod poem;
#[cfg(feature = "rocket")]
pub mod rocket;
#[cfg(feature = "warp")]
pub mod warp;

/// The body of a `500` answered for a template that failed to render.
pub const FAILED_BODY: &str = "500 Internal Server Error: the page could not be rendered\n";

/// The `Content-Type` of [`FAILED_BODY`].
pub const FAILED_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// What a response is made of: a status, a content type and a body.
#[cfg(any(
    feature = "axum",
    feature = "actix-web",
    feature = "rocket",
    feature = "warp",
    feature = "poem"
))]
pub(crate) struct Rendered {
    /// Whether the render succeeded (`200`) or failed (`500`).
    pub ok: bool,
    /// The `Content-Type` value.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
}

/// `content_type` if it is a valid header value as it is (visible ASCII, spaces and tabs:
/// what `HeaderValue::from_static` accepts), else `application/octet-stream`; only a
/// hand-written `CONTENT_TYPE` could be invalid. RATIONALE: `from_static` neither copies
/// nor allocates, where `from_str` does both; on small pages that was a tenth of axum's
/// response time.
#[cfg(any(feature = "axum", feature = "warp"))]
pub(crate) fn sendable(content_type: &'static str) -> &'static str {
    let valid = content_type
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
    if valid {
        content_type
    } else {
        "application/octet-stream"
    }
}

/// Renders `template` for a response; on an error, reports it and returns the `500`'s parts.
#[cfg(any(
    feature = "axum",
    feature = "actix-web",
    feature = "rocket",
    feature = "warp",
    feature = "poem"
))]
pub(crate) fn render<T: crate::Template + ?Sized>(template: &T) -> Rendered {
    match template.render() {
        Ok(body) => Rendered {
            ok: true,
            content_type: T::CONTENT_TYPE,
            body,
        },
        Err(err) => {
            report::<T>(&err);
            Rendered {
                ok: false,
                content_type: FAILED_CONTENT_TYPE,
                body: failed_body(&err),
            }
        }
    }
}

/// The body of a failed render's `500`: [`FAILED_BODY`], which names nothing of the
/// template. With hot reload (the `reload` feature, a debug build), a template edited on
/// disk with mistakes shows the compiler's diagnostics instead, so the developer sees them
/// in the browser; release builds never reload, so never show them.
#[cfg(any(
    feature = "axum",
    feature = "actix-web",
    feature = "rocket",
    feature = "warp",
    feature = "poem"
))]
fn failed_body(err: &Error) -> String {
    #[cfg(all(feature = "reload", debug_assertions))]
    if let crate::ErrorKind::Template(diagnostics) = err.kind() {
        return format!(
            "500 Internal Server Error: the edited template has mistakes \
             (shown by kiln's hot reload in a debug build)\n\n{diagnostics}\n"
        );
    }
    let _ = err;
    FAILED_BODY.to_owned()
}

/// Logs that the template `T` failed to render, with the error (whose `Display` starts with
/// the template's `file:line:col` where it has one): through `tracing` or `log` when that
/// feature is on, else on standard error.
pub fn report<T: ?Sized>(err: &Error) {
    let template = std::any::type_name::<T>();
    #[cfg(feature = "tracing")]
    tracing::error!(template, error = %err, "kiln: a template failed to render");
    #[cfg(all(feature = "log", not(feature = "tracing")))]
    log::error!("kiln: rendering `{template}` failed: {err}");
    #[cfg(not(any(feature = "log", feature = "tracing")))]
    eprintln!("kiln: rendering `{template}` failed: {err}");
}

/// Implements every enabled framework's response trait for a derived template. The derive
/// calls it as `respond! { [params,] [Type<params>] [predicates,] }`.
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond {
    ($params:tt $ty:tt $predicates:tt) => {
        $crate::__kiln_respond_axum! { $params $ty $predicates }
        $crate::__kiln_respond_actix_web! { $params $ty $predicates }
        $crate::__kiln_respond_rocket! { $params $ty $predicates }
        $crate::__kiln_respond_warp! { $params $ty $predicates }
        $crate::__kiln_respond_poem! { $params $ty $predicates }
    };
}

// Without a framework's feature, its macro expands to nothing.
#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_axum {
    ($params:tt $ty:tt $predicates:tt) => {};
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_actix_web {
    ($params:tt $ty:tt $predicates:tt) => {};
}

#[cfg(not(feature = "rocket"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_rocket {
    ($params:tt $ty:tt $predicates:tt) => {};
}

#[cfg(not(feature = "warp"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_warp {
    ($params:tt $ty:tt $predicates:tt) => {};
}

#[cfg(not(feature = "poem"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_poem {
    ($params:tt $ty:tt $predicates:tt) => {};
}

#[cfg(all(test, feature = "axum"))]
mod tests {
    use super::sendable;

    #[test]
    fn only_valid_header_values_are_sent_as_they_are() {
        assert_eq!(
            sendable("text/html; charset=utf-8"),
            "text/html; charset=utf-8"
        );
        assert_eq!(sendable("a\tb ~"), "a\tb ~");
        for bad in ["text/html\r\nX-Evil: 1", "tëxt/plain", "a\u{7f}"] {
            assert_eq!(sendable(bad), "application/octet-stream", "{bad:?}");
            // `from_static` panics on what `sendable` lets through unless it is valid.
            let _ = http::HeaderValue::from_static(sendable(bad));
        }
    }
}
