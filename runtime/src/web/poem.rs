//! Poem 3: every derived template that is `Send` is an `IntoResponse`.

use poem::http::StatusCode;
use poem::Response;

use crate::Template;

/// The response for `template`: its rendered body, or a `500` (see the module docs of
/// `web`).
pub fn into_response<T: Template + ?Sized>(template: &T) -> Response {
    let rendered = super::render(template);
    let status = if rendered.ok {
        StatusCode::OK
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    Response::builder()
        .status(status)
        .content_type(rendered.content_type)
        .body(rendered.body)
}

/// `IntoResponse` requires `Send`: the bound is under a binder for the reason given at
/// warp's macro.
#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_poem {
    ([$($params:tt)*] [$($ty:tt)*] [$($predicates:tt)*]) => {
        #[automatically_derived]
        impl<$($params)*> $crate::__private::poem::IntoResponse for $($ty)*
        where
            $($predicates)*
            for<'__kiln> $($ty)*: $crate::__private::core::marker::Send,
        {
            #[inline]
            fn into_response(self) -> $crate::__private::poem::Response {
                $crate::__private::web::poem::into_response(&self)
            }
        }
    };
}
