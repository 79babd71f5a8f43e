#![no_main]
//! A TOML vendor file: the data parser and the loader's vendor
//! conversion, then (as `vendors/fuzz.toml` of the quickstart project)
//! the checker's reading of its facts, evaluation and every report.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skykrav_fuzz::run_target("toml_vendor", data);
});
