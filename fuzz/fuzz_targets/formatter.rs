#![no_main]
//! A `.krav` text that parses → `format::format_text`, which must keep the
//! tree and the comments and be stable (see `skykrav_fuzz::run_target`).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skykrav_fuzz::run_target("formatter", data);
});
