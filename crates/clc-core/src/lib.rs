//! Container Linux Config (CLC) → Ignition 2.3.0, byte-exact with `ct` v0.9.4.
//!
//! The crate is pure: no file, network or clock access. Callers hand in bytes
//! (and, for `contents.local`, a resolver for local files) and get back bytes
//! and diagnostics.

pub mod gocompat;
pub mod yaml;
