//! Rocket 0.5: every derived template is a `Responder`.

use std::io::Cursor;

use rocket::http::Status;
use rocket::response::{self, Response};

use crate::Template;

/// The response for `template`: its rendered body, or a `500` (see the module docs of
/// `web`). The `500` is a response of its own rather than an `Err(Status)`, so that no
/// catcher replaces its body.
pub fn respond<'o, T: Template + ?Sized>(template: &T) -> response::Result<'o> {
    let rendered = super::render(template);
    let status = if rendered.ok {
        Status::Ok
    } else {
        Status::InternalServerError
    };
    Response::build()
        .status(status)
        .raw_header("Content-Type", rendered.content_type)
        .sized_body(rendered.body.len(), Cursor::new(rendered.body))
        .ok()
}

#[doc(hidden)]
#[macro_export]
macro_rules! __kiln_respond_rocket {
    ([$($params:tt)*] [$($ty:tt)*] [$($predicates:tt)*]) => {
        #[automatically_derived]
        impl<'__kiln_r, '__kiln_o: '__kiln_r, $($params)*>
            $crate::__private::rocket::response::Responder<'__kiln_r, '__kiln_o> for $($ty)*
        where
            $($predicates)*
        {
            #[inline]
            fn respond_to(
                self,
                _: &'__kiln_r $crate::__private::rocket::Request<'_>,
            ) -> $crate::__private::rocket::response::Result<'__kiln_o> {
                $crate::__private::web::rocket::respond(&self)
            }
        }
    };
}
