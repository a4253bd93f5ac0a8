//! The Container Linux Config: its schema, decoding and checks.

pub mod decode;
pub mod duration;
pub mod options;
pub mod schema;
pub mod validate;
