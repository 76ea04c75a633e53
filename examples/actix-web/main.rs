//! Serves the example site with actix-web.
//!
//! ```text
//! cargo run --example actix-web [ADDRESS]
//! ```
//!
//! `ADDRESS` defaults to `127.0.0.1:3000`; the server prints where it listens and runs until
//! it is stopped (Ctrl-C).

fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = std::net::TcpListener::bind(&address)?;
    println!("actix-web: listening on http://{}", listener.local_addr()?);
    actix_web::rt::System::new().block_on(kiln_example_actix_web::server(listener)?)
}
