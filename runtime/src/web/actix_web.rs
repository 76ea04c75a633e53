//! actix-web 4: every derived template is a `Responder`.

use actix_web::http::header::CONTENT_TYPE;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;

use crate::Template;

/// The response for `template`: its rendered body, or a `500` (see the module docs of
/// `web`).
pub fn respond<T: Template + ?Sized>(template: &T) -> HttpResponse {
    let rendered = super::render(template);
    let status = if rendered.ok {
        StatusCode::OK
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, rendered.content_type))
        .body(rendered.body)
}

#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_actix_web {
    ([$($params:tt)*] [$($ty:tt)*] [$($predicates:tt)*]) => {
        #[automatically_derived]
        impl<$($params)*> $crate::__private::actix_web::Responder for $($ty)*
        where
            $($predicates)*
        {
            type Body = $crate::__private::actix_web::body::BoxBody;

            #[inline]
            fn respond_to(
                self,
                _: &$crate::__private::actix_web::HttpRequest,
            ) -> $crate::__private::actix_web::HttpResponse<Self::Body> {
                $crate::__private::web::actix_web::respond(&self)
            }
        }
    };
}
