//! Policies: ids, defines in order, requirements and their conditions.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Requirement, Schema};
use crate::source::Span;
use crate::syntax::ast::PolicyDecl;
use crate::vocabulary::Severity;

use super::expr::{DefineEntry, Scope};

/// Checks every policy; returns the requirements that checked, sorted by
/// full id, and the full ids of all declared requirements (so that a
/// waiver naming a requirement with an error is not reported as well).
pub fn check_policies(
    policies: &[&PolicyDecl],
    schema: &Schema,
    diags: &mut Diagnostics,
) -> (Vec<Requirement>, HashSet<String>) {
    let declared: HashSet<String> = policies
        .iter()
        .flat_map(|p| {
            p.requirements
                .iter()
                .map(move |r| format!("{}/{}", p.id.name, r.id.name))
        })
        .collect();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut requirements = Vec::new();
    for policy in policies {
        if let Some(first) = seen.get(policy.id.name.as_str()) {
            diags.push(
                Diagnostic::declared_twice("policy", &policy.id.name, policy.id.span, *first)
                    .with_help("policy ids are global; rename one, or merge the two"),
            );
            continue;
        }
        seen.insert(&policy.id.name, policy.id.span);
        check_policy(policy, schema, diags, &mut requirements);
    }
    requirements.sort_by(|a, b| a.full_id.as_bytes().cmp(b.full_id.as_bytes()));
    (requirements, declared)
}

fn check_policy(
    policy: &PolicyDecl,
    schema: &Schema,
    diags: &mut Diagnostics,
    out: &mut Vec<Requirement>,
) {
    let mut defines: Vec<DefineEntry> = Vec::new();
    for d in &policy.defines {
        if let Some(first) = defines.iter().find(|e| e.name == d.name.name) {
            diags.push(Diagnostic::declared_twice(
                "define",
                &d.name.name,
                d.name.span,
                first.span,
            ));
            continue;
        }
        if schema.fact_by_path.contains_key(&d.name.name)
            || schema.group_by_path.contains_key(&d.name.name)
        {
            diags.push(
                Diagnostic::error(
                    Code::NameConflict,
                    format!(
                        "the define `{}` has the name of a fact or group",
                        d.name.name
                    ),
                )
                .primary(d.name.span, "choose another name"),
            );
            continue;
        }
        // The define is listed (unchecked) before its body is checked, so a
        // define that uses itself is reported as used before it is written.
        defines.push(DefineEntry {
            name: d.name.name.clone(),
            span: d.name.span,
            order: d.order,
            checked: None,
        });
    }
    for d in &policy.defines {
        let Some(index) = defines
            .iter()
            .position(|e| e.name == d.name.name && e.span == d.name.span)
        else {
            continue;
        };
        let mut scope = Scope::new(schema, &defines, d.order);
        let checked = scope.expr(&d.expr, None, diags);
        if let Some(entry) = defines.get_mut(index) {
            entry.checked = checked.map(|(c, t)| (Arc::new(c), t));
        }
    }
    let mut ids: HashMap<&str, Span> = HashMap::new();
    for r in &policy.requirements {
        if let Some(first) = ids.get(r.id.name.as_str()) {
            diags.push(
                Diagnostic::declared_twice(
                    "requirement",
                    &format!("{}/{}", policy.id.name, r.id.name),
                    r.id.span,
                    *first,
                )
                .with_help("requirement ids are what waivers, tests and reports refer to: each must be unique in its policy"),
            );
            continue;
        }
        ids.insert(&r.id.name, r.id.span);
        let mut scope = Scope::new(schema, &defines, r.order);
        let when = r.when.as_ref().map(|w| scope.condition(w, "`when`", diags));
        let mut requires = Vec::new();
        let mut ok = true;
        for (e, line) in &r.requires {
            match scope.condition(e, "`require`", diags) {
                Some(c) => requires.push((c, *line)),
                None => ok = false,
            }
        }
        let when = match when {
            Some(Some(c)) => Some(c),
            Some(None) => continue,
            None => None,
        };
        if !ok {
            continue;
        }
        out.push(Requirement {
            full_id: format!("{}/{}", policy.id.name, r.id.name),
            policy: policy.id.name.clone(),
            title: r.title.value.clone(),
            severity: r
                .severity
                .as_ref()
                .map(|s| s.node)
                .unwrap_or(Severity::Info),
            refs: r.refs.iter().map(|s| s.value.clone()).collect(),
            help: r.help.as_ref().map(|h| h.value.clone()),
            when,
            requires,
            header: Span::new(
                r.id.span.file,
                r.span.start as usize,
                r.title.span.end as usize,
            ),
            slots: scope.max_slots,
        });
    }
}
