//! axum: `examples/axum` on a port the system picks.

use crate::site::{self, Server};

/// Starts the axum example server on its own runtime.
pub fn start() -> Server {
    site::capture_log();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(kiln_example_axum::serve(listener, async {
        let _ = stopped.await;
    }));
    Server::new(address, move || {
        let _ = stop.send(());
        runtime.block_on(server).unwrap().unwrap();
    })
}

#[test]
fn axum_serves_the_site() {
    let server = start();
    site::check("axum", &server.base);
}
