//! The example site served by Rocket 0.5. Handlers return Kiln views as they are: with
//! `kiln`'s `rocket` feature on, every derived template is a `Responder`.

use std::net::SocketAddr;

use kiln_example_site::{Broken, Echo, Index, NotFound, Robots, TaskList};
use rocket::form::{Form, FromForm};
use rocket::http::Status;
use rocket::{catch, catchers, get, post, routes, Build, Request, Rocket};

/// The form that `POST /echo` reads.
#[derive(FromForm)]
pub struct Message {
    /// What the visitor typed.
    pub message: String,
}

#[get("/")]
fn index() -> Index {
    Index::new()
}

#[get("/tasks")]
fn tasks() -> TaskList {
    TaskList::new()
}

#[post("/echo", data = "<form>")]
fn echo(form: Form<Message>) -> Echo {
    Echo {
        message: form.into_inner().message,
    }
}

#[get("/robots.txt")]
fn robots() -> Robots {
    Robots::new()
}

#[get("/broken")]
fn broken() -> Broken {
    Broken::new()
}

#[catch(404)]
fn not_found(request: &Request<'_>) -> (Status, NotFound) {
    let path = request.uri().path().to_string();
    (Status::NotFound, NotFound { path })
}

/// The site's routes (see `kiln_example_site`) on `address`; port 0 lets the system pick one,
/// which `Rocket<Orbit>::config().port` then holds. `quiet` turns Rocket's own log off.
pub fn rocket(address: SocketAddr, quiet: bool) -> Rocket<Build> {
    let mut config = rocket::Config {
        address: address.ip(),
        port: address.port(),
        ..rocket::Config::default()
    };
    if quiet {
        config.log_level = rocket::config::LogLevel::Off;
        config.shutdown.ctrlc = false;
        config.shutdown.grace = 1;
        config.shutdown.mercy = 1;
    }
    rocket::custom(config)
        .mount("/", routes![index, tasks, echo, robots, broken])
        .register("/", catchers![not_found])
}
