//! The fuzz targets' bodies and invariants live with the core's tests, so a
//! finding replays there (`crates/clc-core/tests/fuzz_regressions.rs`).

#[path = "../../crates/clc-core/tests/invariants/mod.rs"]
pub mod invariants;
