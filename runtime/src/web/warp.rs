//! warp 0.4: every derived template that is `Send` is a `Reply`.

use warp::http::header::{HeaderValue, CONTENT_TYPE};
use warp::http::StatusCode;
use warp::reply::Response;

use crate::Template;

/// The response for `template`: its rendered body, or a `500` (see the module docs of
/// `web`).
pub fn into_response<T: Template + ?Sized>(template: &T) -> Response {
    let rendered = super::render(template);
    let mut response = Response::new(rendered.body.into());
    if !rendered.ok {
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    }
    let value = HeaderValue::from_static(super::sendable(rendered.content_type));
    response.headers_mut().insert(CONTENT_TYPE, value);
    response
}

/// RATIONALE: `Reply` requires `Send`. The bound is written `for<'__kiln> T: Send` so that a
/// template that is not `Send` (it borrows an `Rc`, say) compiles without the impl instead
/// of failing the build: rustc rejects a plain `T: Send` that is false for a concrete `T`,
/// but checks a bound under a binder only where the impl is used.
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_warp {
    ([$($params:tt)*] [$($ty:tt)*] [$($predicates:tt)*]) => {
        #[automatically_derived]
        impl<$($params)*> $crate::__private::warp::Reply for $($ty)*
        where
            $($predicates)*
            for<'__kiln> $($ty)*: $crate::__private::core::marker::Send,
        {
            #[inline]
            fn into_response(self) -> $crate::__private::warp::reply::Response {
                $crate::__private::web::warp::into_response(&self)
            }
        }
    };
}
