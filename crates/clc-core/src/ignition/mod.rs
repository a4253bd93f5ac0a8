//! Ignition spec 2.3.0: types, Go-compatible JSON, and its validation rules.

pub mod append;
pub mod dataurl;
pub mod json;
pub mod types;
pub mod validate;
