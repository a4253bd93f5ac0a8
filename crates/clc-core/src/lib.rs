//! Container Linux Config (CLC) → Ignition 2.3.0, byte-exact with `ct` v0.9.4.
//!
//! The crate is pure: no file, network or clock access. Callers hand in bytes
//! (and, for `contents.local`, a [`convert::LocalFiles`] reader) and get back
//! bytes and [`Diagnostic`]s.
//!
//! Pipeline: [`yaml`] (parse with positions) → [`clc::decode`] (schema) →
//! [`clc::validate`] (ct's parse report) → [`convert`] → [`ignition::validate`]
//! (ct's convert report) → [`ignition::json`].
//!
//! Nothing a user types may crash it: outside tests, code that can panic
//! (`unwrap`, `expect`, `panic!`, indexing, slicing of slices and strings) is refused by the
//! lints below; out-of-range access goes through `get` with a defined result.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

pub mod ast;
#[macro_use]
mod byte_scan;
pub mod clc;
pub mod convert;
pub mod diagnostic;
pub mod gocompat;
pub mod ignition;
pub mod limits;
pub mod lint;
pub mod lokocfg;
pub mod merge;
pub mod path;
pub mod platform;
pub mod presets;
pub mod render;
mod small_sort;
pub mod source;
pub mod spec3;
pub mod tables;
pub mod transpile;
pub mod yaml;

pub use diagnostic::{Diagnostic, Phase, Position, Severity, Span};
pub use path::ConfigPath;
pub use platform::{Platform, PlatformChoice};
pub use transpile::{transpile, Options, Outcome, Transpiled};

/// The version of this crate.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
