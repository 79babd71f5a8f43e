#![no_main]
//! A whole project held in memory: `@@@ path` lines split the input into
//! files (`skykrav.toml`, `policies/*.krav`, `vendors/*.{krav,json,yaml,toml}`,
//! `tests/*.krav`), loaded, checked, evaluated, tested and reported in
//! every format through `skykrav::project::check_tree`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skykrav_fuzz::run_target("project", data);
});
