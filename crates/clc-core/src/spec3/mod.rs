//! The Ignition spec 3 view of a config: what Flatcar ≥ 3185 makes of an
//! Ignition 2.3 config at boot. (Being written.)
