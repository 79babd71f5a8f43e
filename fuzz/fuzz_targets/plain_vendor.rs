#![no_main]
//! Bytes → UTF-8 (lossy) → the reader of plain vendors, held to the grammar:
//! any text it takes must parse to the same tree with pest.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skykrav_fuzz::run_target("plain_vendor", data);
});
