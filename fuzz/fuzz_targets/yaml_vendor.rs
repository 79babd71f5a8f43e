#![no_main]
//! A YAML vendor file: the data parser and the loader's vendor
//! conversion, then (as `vendors/fuzz.yaml` of the quickstart project)
//! the checker's reading of its facts, evaluation and every report.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skykrav_fuzz::run_target("yaml_vendor", data);
});
