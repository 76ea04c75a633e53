//! axum 0.8: every derived template is an `IntoResponse` (from `axum-core`, which axum
//! re-exports).

use axum_core::body::Body;
use axum_core::response::Response;
use http::header::{HeaderValue, CONTENT_TYPE};
use http::StatusCode;

use crate::Template;

/// The response for `template`: its rendered body, or a `500` (see the module docs of
/// `web`).
pub fn into_response<T: Template + ?Sized>(template: &T) -> Response {
    let rendered = super::render(template);
    let mut response = Response::new(Body::from(rendered.body));
    if !rendered.ok {
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    }
    response
        .headers_mut()
        .insert(CONTENT_TYPE, header_value(rendered.content_type));
    response
}

/// `content_type` as a header value; one that is not a valid header value (only a
/// hand-written `CONTENT_TYPE` could be) is sent as `application/octet-stream`.
pub(crate) fn header_value(content_type: &'static str) -> HeaderValue {
    HeaderValue::from_static(super::sendable(content_type))
}

#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_axum {
    ([$($params:tt)*] [$($ty:tt)*] [$($predicates:tt)*]) => {
        #[automatically_derived]
        impl<$($params)*> $crate::__private::axum_core::response::IntoResponse for $($ty)*
        where
            $($predicates)*
        {
            #[inline]
            fn into_response(self) -> $crate::__private::axum_core::response::Response {
                $crate::__private::web::axum::into_response(&self)
            }
        }
    };
}
