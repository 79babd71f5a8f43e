#![no_main]
//! Parse and check; when a model results, evaluate it (and its `test`
//! blocks) and render the JSON report. Seeded with whole projects, their
//! `.krav` files concatenated, so that most inputs reach evaluation.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skykrav_fuzz::run_target("evaluator", data);
});
