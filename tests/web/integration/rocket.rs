//! Rocket: `examples/rocket` on a port the system picks (Rocket reports it at liftoff), on a
//! runtime of its own thread.

use std::net::SocketAddr;
use std::sync::mpsc;

use rocket::fairing::AdHoc;

use crate::site::{self, Server};

#[test]
fn rocket_serves_the_site() {
    site::capture_log();
    let (lifted, liftoff) = mpsc::channel();
    let rocket = kiln_example_rocket::rocket(SocketAddr::from(([127, 0, 0, 1], 0)), true).attach(
        AdHoc::on_liftoff("report the port", move |rocket| {
            let report = (rocket.config().port, rocket.shutdown());
            Box::pin(async move {
                let _ = lifted.send(report);
            })
        }),
    );
    let thread =
        std::thread::spawn(move || rocket::execute(rocket.launch()).map(drop).map_err(Box::new));
    let (port, shutdown) = liftoff.recv().expect("rocket lifts off");
    let server = Server::new(SocketAddr::from(([127, 0, 0, 1], port)), move || {
        shutdown.notify();
        thread.join().unwrap().unwrap();
    });
    site::check("rocket", &server.base);
}
