//! warp: `examples/warp` on a port the system picks.

use crate::site;

#[test]
fn warp_serves_the_site() {
    let server = site::start_tokio(kiln_example_warp::serve);
    site::check("warp", &server.base);
}
