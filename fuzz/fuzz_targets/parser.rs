#![no_main]
//! Bytes → UTF-8 (lossy) → `parse_source`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skykrav_fuzz::run_target("parser", data);
});
