//! Poem: `examples/poem` on a port the system picks.

use crate::site;

#[test]
fn poem_serves_the_site() {
    let server = site::start_tokio(kiln_example_poem::serve);
    site::check("poem", &server.base);
}
