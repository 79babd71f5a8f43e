//! Reports: the outcomes of a run, rendered for people (`human`), for
//! machines (`json`), and for the places where pull requests are reviewed
//! (`sarif`, `junit`, `markdown`, `github`, `gitlab`). Every format is a
//! pure function of the run, so the same input prints the same bytes.

mod coverage;
mod diff;
mod escape;
mod explain;
mod finding;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;
mod shared;
mod tests_run;

pub use coverage::{render_coverage_human, render_coverage_json};
pub use diff::{render_diff_human, render_diff_json, render_diff_markdown};
pub use explain::{
    explanations, render_explain_human, render_explain_json, select_for_explain, Explanation,
};
pub use github::{render_github, render_github_summary};
pub use gitlab::render_gitlab;
pub use human::{render_human, HumanOptions};
pub use json::{render_json, write_json};
pub use junit::render_junit;
pub use markdown::render_markdown;
pub use sarif::{render_sarif, write_sarif};
pub use tests_run::render_test_run;

/// A stable fingerprint of a finding: the same vendor and requirement give
/// the same value on every run and every machine, whatever the line
/// numbers, so code-scanning platforms can follow a finding across commits.
/// FNV-1a, 64 bits, as 16 hex digits.
pub fn fingerprint(vendor: &str, requirement: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in vendor.bytes().chain([0u8]).chain(requirement.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint("a", "p/r"), fingerprint("a", "p/r"));
        assert_ne!(fingerprint("a", "p/r"), fingerprint("a", "p/s"));
        assert_ne!(fingerprint("ab", "c"), fingerprint("a", "bc"));
        assert_eq!(fingerprint("", "").len(), 16);
    }
}
