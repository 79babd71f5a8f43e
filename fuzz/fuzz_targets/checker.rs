#![no_main]
//! Parse, then check whatever tree results.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skykrav_fuzz::run_target("checker", data);
});
