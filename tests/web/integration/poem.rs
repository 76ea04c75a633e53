//! Poem: `examples/poem` on a port the system picks.

use crate::site::{self, Server};

#[test]
fn poem_serves_the_site() {
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
    let running = runtime.spawn(kiln_example_poem::serve(listener, async {
        let _ = stopped.await;
    }));
    let server = Server::new(address, move || {
        let _ = stop.send(());
        runtime.block_on(running).unwrap().unwrap();
    });
    site::check("poem", &server.base);
}
