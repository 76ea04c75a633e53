//! Many clients at once: every response of the axum server is complete and correct. Its
//! throughput is measured in `benches/` (`serve`), not here.

use crate::site;

const THREADS: usize = 8;
const REQUESTS: usize = 500;

#[test]
fn concurrent_requests_each_get_the_whole_page() {
    let server = crate::axum::start();
    let base = server.base.clone();
    let (index, echo) = (site::index(), site::echo());
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            let (base, index, echo) = (&base, &index, &echo);
            scope.spawn(move || {
                let agent = site::client();
                for request in 0..REQUESTS {
                    // Alternate pages so that renders of different sizes interleave.
                    if (thread + request) % 2 == 0 {
                        assert_eq!(&site::get(&agent, base, "/"), index, "request {request}");
                    } else {
                        let answer =
                            site::post_form(&agent, base, "/echo", ("message", site::HOSTILE));
                        assert_eq!(&answer, echo, "request {request}");
                    }
                }
            });
        }
    });
}
