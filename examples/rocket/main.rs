//! Serves the example site with Rocket.
//!
//! ```text
//! cargo run --example rocket [ADDRESS]
//! ```
//!
//! `ADDRESS` defaults to `127.0.0.1:3000`; the server prints where it listens and runs until
//! it is stopped (Ctrl-C).

use rocket::fairing::AdHoc;

#[rocket::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned())
        .parse()?;
    kiln_example_rocket::rocket(address, true)
        .attach(AdHoc::on_liftoff("address", |rocket| {
            Box::pin(async move {
                let config = rocket.config();
                println!(
                    "rocket: listening on http://{}:{}",
                    config.address, config.port
                );
            })
        }))
        .launch()
        .await?;
    Ok(())
}
