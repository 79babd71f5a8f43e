//! What a run covers. A run that judges no vendor, or no requirement, has
//! checked nothing, and in CI a run that checks nothing must not pass: a
//! mistyped `vendors` pattern or `--vendor` filter would otherwise turn the
//! check green for good. Each case is an error that names what matched
//! nothing and what would have matched.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::Config;
use crate::model::Model;

/// The errors for a run of `model` that would judge nothing; empty when
/// at least one (vendor, requirement) pair is left after the filters. With
/// `filters_only`, a project without vendors or requirements is no error
/// (the working tree of a diff may have none yet); filters that match none
/// still are.
pub fn nothing_to_check(
    model: &Model,
    config: &Config,
    project: &str,
    (vendor_filter, requirement_filter): (Option<&glob::Pattern>, Option<&glob::Pattern>),
    filters_only: bool,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if model.vendors.is_empty() {
        if !filters_only {
            errors.push(no_vendors(config, project));
        }
    } else if let Some(filter) = vendor_filter {
        let ids: Vec<&str> = model.vendors.iter().map(|v| v.id.as_str()).collect();
        if !ids.iter().any(|id| filter.matches(id)) {
            errors.push(filter_matches_nothing(
                "--vendor",
                filter,
                "vendor",
                &ids,
                &[],
            ));
        }
    }
    if model.requirements.is_empty() {
        if filters_only {
            return errors;
        }
        errors.push(
            Diagnostic::error(Code::NothingToCheck, "the project has no requirement")
                .with_path(project)
                .with_help(
                    "write a `policy` with requirements under `policies/`, or load a bundled pack with `packs = [\"dk-cloud-guide\"]` in `skykrav.toml`",
                ),
        );
    } else if let Some(filter) = requirement_filter {
        let ids: Vec<&str> = model
            .requirements
            .iter()
            .map(|r| r.full_id.as_str())
            .collect();
        if !ids.iter().any(|id| filter.matches(id)) {
            let prefixed = with_missing_policy(filter.as_str(), &ids);
            errors.push(filter_matches_nothing(
                "--requirement",
                filter,
                "requirement",
                &ids,
                &prefixed,
            ));
        }
    }
    errors
}

fn no_vendors(config: &Config, project: &str) -> Diagnostic {
    let patterns: Vec<String> = config
        .vendors
        .iter()
        .map(|g| format!("`{}`", g.pattern))
        .collect();
    let message = if patterns.is_empty() {
        "the project has no vendor to check: `vendors` in `skykrav.toml` is empty".to_string()
    } else {
        format!(
            "the project has no vendor to check: no file it reads declares one (`vendors` looks in {})",
            patterns.join(", ")
        )
    };
    Diagnostic::error(Code::NothingToCheck, message)
        .with_path(project)
        .with_help(
            "add a vendor file, such as `vendors/acme.krav` holding `vendor acme \"Acme Cloud\" { … }`, or fix the `vendors` patterns in `skykrav.toml`; `skykrav test` runs the tests without vendors",
        )
}

/// The ids a requirement filter would match with a policy prefix in front:
/// `R4.*` for `dk-baseline/R4.*`.
fn with_missing_policy(pattern: &str, ids: &[&str]) -> Vec<String> {
    if pattern.contains('/') {
        return Vec::new();
    }
    let mut policies: Vec<&str> = ids
        .iter()
        .filter_map(|id| id.split_once('/'))
        .map(|(p, _)| p)
        .collect();
    policies.dedup();
    policies
        .into_iter()
        .map(|p| format!("{p}/{pattern}"))
        .filter(|full| glob::Pattern::new(full).is_ok_and(|g| ids.iter().any(|id| g.matches(id))))
        .collect()
}

fn filter_matches_nothing(
    option: &str,
    filter: &glob::Pattern,
    what: &str,
    ids: &[&str],
    prefixed: &[String],
) -> Diagnostic {
    let message = format!(
        "`{option} {}` matches no {what}, so nothing would be checked",
        filter.as_str()
    );
    let help = if !prefixed.is_empty() {
        let shown: Vec<String> = prefixed
            .iter()
            .map(|p| format!("`{option} '{p}'`"))
            .collect();
        format!(
            "a requirement is matched by its full id, POLICY/REQUIREMENT: did you mean {}?",
            shown.join(" or ")
        )
    } else if let Some(close) = crate::suggest::did_you_mean(filter.as_str(), ids.iter().copied()) {
        format!("did you mean `{close}`?")
    } else {
        const SHOWN: usize = 8;
        let mut list: Vec<String> = ids.iter().take(SHOWN).map(|id| format!("`{id}`")).collect();
        if ids.len() > SHOWN {
            list.push(format!("and {} more", ids.len() - SHOWN));
        }
        format!(
            "the {what}s are {}; `*` matches any run of characters",
            list.join(", ")
        )
    };
    Diagnostic::error(Code::NothingToCheck, message).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requirement_filter_without_its_policy_is_given_one() {
        let ids = [
            "dk-baseline/R4.admins",
            "dk-baseline/R5.logs",
            "own/R4.extra",
        ];
        assert_eq!(
            with_missing_policy("R4.*", &ids),
            ["dk-baseline/R4.*", "own/R4.*"]
        );
        assert!(with_missing_policy("R9.*", &ids).is_empty());
        assert!(with_missing_policy("x/R4.*", &ids).is_empty());
    }
}
