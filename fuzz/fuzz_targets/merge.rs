#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clc_fuzz::invariants::fuzz_merge(data));
