//! Kiln's template compiler.
pub mod ast;
pub mod diagnostic;
pub mod parser;
pub mod source;
