//! axum: `examples/axum` on a port the system picks.

use crate::site::{self, Server};

/// Starts the axum example server on its own runtime.
pub fn start() -> Server {
    site::start_tokio(kiln_example_axum::serve)
}

#[test]
fn axum_serves_the_site() {
    let server = start();
    site::check("axum", &server.base);
}
