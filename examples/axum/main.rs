//! Serves the example site with axum.
//!
//! ```text
//! cargo run --example axum [ADDRESS]
//! ```
//!
//! `ADDRESS` defaults to `127.0.0.1:3000`; the server prints where it listens and runs until
//! it is stopped (Ctrl-C).

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("axum: listening on http://{}", listener.local_addr()?);
    kiln_example_axum::serve(listener, std::future::pending()).await
}
