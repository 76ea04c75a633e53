//! Throughput of Kiln pages served by axum (`examples/axum`) to 8 concurrent clients on
//! 127.0.0.1: one iteration is 8 threads × 25 requests (`GET /`), each reading the whole
//! body. The correctness of the same load is tested in `tests/web` (`load`).

use std::io::Read as _;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const THREADS: usize = 8;
const REQUESTS: usize = 25;

fn bench_serve(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(kiln_example_axum::serve(listener, async {
        let _ = stopped.await;
    }));
    let agents: Vec<ureq::Agent> = (0..THREADS)
        .map(|_| ureq::Agent::new_with_defaults())
        .collect();

    let mut g = c.benchmark_group("serve");
    g.throughput(Throughput::Elements((THREADS * REQUESTS) as u64));
    g.bench_function("axum-index-8-clients", |b| {
        b.iter(|| {
            std::thread::scope(|scope| {
                for agent in &agents {
                    let url = &url;
                    scope.spawn(move || {
                        let mut body = Vec::new();
                        for _ in 0..REQUESTS {
                            body.clear();
                            let mut response = agent.get(url).call().unwrap();
                            response
                                .body_mut()
                                .as_reader()
                                .read_to_end(&mut body)
                                .unwrap();
                            assert!(body.ends_with(b"</html>"));
                        }
                    });
                }
            });
        })
    });
    g.finish();
    drop(agents);
    let _ = stop.send(());
    runtime.block_on(server).unwrap().unwrap();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_serve
}
criterion_main!(benches);
