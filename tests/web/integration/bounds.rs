//! The derive's response impls follow the struct's generics and bounds, and a template that
//! is not `Send` still compiles (without the impls of warp and Poem, which require `Send`).

use std::fmt::Display;
use std::rc::Rc;

use kiln::Template;

#[derive(Template)]
#[template(source = "{{ a }} {{ b }} {{ c|length }}", ext = "txt")]
struct Generic<'a, T: Display, U = u8, const N: usize = 3>
where
    U: Display + Copy,
{
    a: &'a T,
    b: U,
    c: [u8; N],
}

/// Not `Send`: it holds an `Rc`.
#[derive(Template)]
#[template(source = "<b>{{ name }}</b>", ext = "html")]
struct Local {
    name: Rc<str>,
}

fn axum<T: axum_core_like::IntoResponse>() {}
fn actix_web<T: actix_web::Responder>() {}
fn rocket<'r, T: rocket::response::Responder<'r, 'static>>() {}

/// The response traits, named as the tests' dependencies reach them.
mod axum_core_like {
    pub use kiln::__private::axum_core::response::IntoResponse;
}

#[test]
fn generic_templates_are_responses_of_every_framework() {
    axum::<Generic<'static, String, u16, 4>>();
    actix_web::<Generic<'static, String>>();
    rocket::<Generic<'static, &str, i64, 0>>();
    fn warp<T: kiln::__private::warp::Reply>() {}
    fn poem<T: kiln::__private::poem::IntoResponse>() {}
    warp::<Generic<'static, String, u8, 1>>();
    poem::<Generic<'static, String>>();
    let page = Generic {
        a: &"x",
        b: 7u8,
        c: [0; 2],
    };
    assert_eq!(page.render().unwrap(), "x 7 2");
    assert_eq!(
        <Generic<'_, &str, u8, 2> as Template>::CONTENT_TYPE,
        "text/plain; charset=utf-8"
    );
}

#[test]
fn a_template_that_is_not_send_is_a_response_where_send_is_not_required() {
    axum::<Local>();
    actix_web::<Local>();
    rocket::<Local>();
    let page = Local { name: "<x>".into() };
    assert_eq!(page.render().unwrap(), "<b>&lt;x&gt;</b>");
    assert_eq!(Local::CONTENT_TYPE, "text/html; charset=utf-8");
}
