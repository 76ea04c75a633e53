//! Kiln views served by each framework's real server on 127.0.0.1 (a port the system
//! picks), asked by a real HTTP client (ureq). Every framework serves the same example site
//! (`examples/site`) and must answer byte for byte what Jinja2 renders for it
//! (`tests/web/expected/`, from `expected/generate.py`).
//!
//! - `site`: the checks every framework passes, and the captured log;
//! - one module per framework: start its example server, run the checks, stop it;
//! - `load`: 8 client threads × 500 requests against the axum server;
//! - `bounds`: the response impls of generic templates, and of one that is not `Send`;
//! - `lean`: with default features, `kiln` depends on no framework, HTTP or logging crate;
//! - `views`: enum templates and `blocks = […]` views served by axum.

mod actix_web;
mod axum;
mod bounds;
mod lean;
mod load;
mod poem;
mod rocket;
mod site;
mod views;
mod warp;
