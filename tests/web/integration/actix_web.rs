//! actix-web: `examples/actix-web` on a port the system picks, in an actix system of its
//! own thread.

use crate::site::{self, Server};

#[test]
fn actix_web_serves_the_site() {
    site::capture_log();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let running = kiln_example_actix_web::server(listener).unwrap();
    let handle = running.handle();
    let thread = std::thread::spawn(move || actix_web::rt::System::new().block_on(running));
    let server = Server::new(address, move || {
        // `stop` sends its command at once; the thread ends when the server has stopped.
        drop(handle.stop(true));
        thread.join().unwrap().unwrap();
    });
    site::check("actix-web", &server.base);
}
