//! Integration tests, built as one binary (linking dominates on small machines):
//! - `render`: Rust-side behaviour (method calls, lifetimes, generics, the trait's methods);
//! - `parity`: templates whose expected output was produced by Jinja2 3.1;
//! - `ui`: compile-fail tests pinning the error messages;
//! - `rebuild`: editing a template makes cargo rebuild the crate that uses it;
//! - `write_paths`: every way to render (`String`, `Buffer`, `Vec<u8>`, `Formatter`, …);
//! - `views`: `blocks = […]` fragments and enum templates;
//! - `hygiene`: a template derived in a module without the prelude, beside modules named
//!   `core`, `std` and `kiln`.

mod escapers;
mod fragments;
mod hygiene;
mod interp_parity;
mod parity;
mod rebuild;
mod render;
mod ui;
mod views;
mod write_paths;
