//! The checker: from the syntax trees of every file to a [`Model`] whose
//! names are resolved and whose types are known. It reports every error it
//! can find, not just the first.

mod expr;
mod policy;
mod schema;

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Expect, Model, Requirement, Test, Vendor, Waiver};
use rayon::prelude::*;

use crate::source::{Sources, Span};
use crate::syntax::ast::{Item, ReqRef, SourceAst, VendorDecl};
use crate::vendor::{self, read_vendor_file, DataFile, WrittenVendor};
use crate::vocabulary::Outcome;

/// Checks the `.krav` trees of a project. Returns the model when there is
/// no error; warnings may accompany it.
pub fn check(files: &[SourceAst], diags: &mut Diagnostics) -> Option<Model> {
    check_files(files, &[], &Sources::new(), diags)
}

/// Checks a project: its `.krav` trees, and its vendor files left for
/// later (JSON, YAML, TOML and plain `.krav` vendors), which are read and
/// converted here, on every core, once the schema is known. Their text is
/// in `sources`.
pub fn check_files(
    files: &[SourceAst],
    data_files: &[DataFile],
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Option<Model> {
    let mut schemas = Vec::new();
    let mut policies = Vec::new();
    let mut vendor_decls = Vec::new();
    let mut default_decls = Vec::new();
    let mut waiver_decls = Vec::new();
    let mut test_decls = Vec::new();
    for file in files {
        for item in &file.items {
            match item {
                Item::Schema(s) => schemas.push(s),
                Item::Policy(p) => policies.push(p),
                Item::Vendor(v) => vendor_decls.push(v),
                Item::Defaults(d) => default_decls.push(d),
                Item::Waiver(w) => waiver_decls.push(w),
                Item::Test(t) => test_decls.push(t),
            }
        }
    }
    let schema = schema::build_schema(&schemas, diags);
    let (requirements, declared) = policy::check_policies(&policies, &schema, diags);
    let defaults = check_defaults(&default_decls, &schema, diags);
    let (mut vendors, unread_vendor_files) =
        check_vendors(&vendor_decls, data_files, sources, &schema, diags);
    for vendor in &mut vendors {
        for (own, default) in vendor.facts.iter_mut().zip(&defaults) {
            if own.is_none() {
                own.clone_from(default);
            }
        }
    }

    let req_index: HashMap<&str, usize> = requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.full_id.as_str(), i))
        .collect();
    let vendor_index: HashMap<&str, usize> = vendors
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();

    let mut waivers = Vec::new();
    let mut waived_pairs: HashMap<(usize, usize), Span> = HashMap::new();
    for w in &waiver_decls {
        let vendor = w.vendor.as_ref().and_then(|v| {
            let found = vendor_index.get(v.name.as_str()).copied();
            // A vendor file that could not be read may well declare it:
            // its own error says what to fix, and this one would mislead.
            if found.is_none() && !unread_vendor_files {
                let d = Diagnostic::error(
                    Code::WaiverUnknownVendor,
                    format!(
                        "the waiver names vendor `{}`, which is not declared",
                        v.name
                    ),
                )
                .primary(v.span, "no such vendor")
                .suggesting(&v.name, vendors.iter().map(|v| v.id.as_str()));
                diags.push(d);
            }
            found
        });
        let requirement = w.requirement.as_ref().and_then(|r| {
            find_requirement(
                r,
                &req_index,
                &declared,
                &requirements,
                Code::WaiverUnknownRequirement,
                "the waiver",
                diags,
            )
        });
        let (Some(vendor), Some(requirement), Some(expires), Some(approved_by), Some(reason)) = (
            vendor,
            requirement,
            w.expires.as_ref(),
            w.approved_by.as_ref(),
            w.reason.as_ref(),
        ) else {
            continue;
        };
        if let Some(first) = waived_pairs.get(&(vendor, requirement)) {
            diags.push(
                Diagnostic::warning(
                    Code::DuplicateWaiver,
                    "a second waiver covers the same vendor and requirement",
                )
                .primary(w.span, "another waiver")
                .secondary(*first, "the first one"),
            );
        } else {
            waived_pairs.insert((vendor, requirement), w.span);
        }
        waivers.push(Waiver {
            title: w.title.value.clone(),
            vendor,
            requirement,
            expires: expires.node,
            approved_by: approved_by.value.clone(),
            reason: reason.value.clone(),
            span: Span::new(
                w.span.file,
                w.span.start as usize,
                w.title.span.end as usize,
            ),
        });
    }

    let mut tests = Vec::new();
    let mut test_names: HashMap<&str, Span> = HashMap::new();
    for t in &test_decls {
        if let Some(first) = test_names.get(t.name.value.as_str()) {
            diags.push(
                Diagnostic::warning(
                    Code::DuplicateTestName,
                    format!("two tests are named \"{}\"", t.name.value),
                )
                .primary(t.name.span, "named again here")
                .secondary(*first, "first named here"),
            );
        } else {
            test_names.insert(&t.name.value, t.name.span);
        }
        let vendor = match &t.vendor {
            Some(v) => vendor::convert_krav_vendor(v, &schema, diags),
            None => Vendor {
                id: String::new(),
                name: String::new(),
                as_of: None,
                facts: vec![None; schema.facts.len()],
                header: t.name.span,
            },
        };
        let mut expects = Vec::new();
        for e in &t.expects {
            let Some(requirement) = find_requirement(
                &e.requirement,
                &req_index,
                &declared,
                &requirements,
                Code::TestUnknownRequirement,
                "the test",
                diags,
            ) else {
                continue;
            };
            if e.outcome.node == Outcome::Waived {
                diags.push(
                    Diagnostic::error(Code::TestWaived, "a test cannot expect `waived`")
                        .primary(e.outcome.span, "test vendors are evaluated without waivers"),
                );
                continue;
            }
            expects.push(Expect {
                requirement,
                outcome: e.outcome.node,
                span: e.span,
            });
        }
        tests.push(Test {
            name: t.name.value.clone(),
            today: t.today.as_ref().map(|d| d.node),
            pack: crate::packs::pack_of_name(sources.name(t.span.file)).map(str::to_string),
            vendor,
            expects,
            span: t.span,
        });
    }

    if diags.has_errors() {
        return None;
    }
    Some(Model {
        schema,
        requirements,
        vendors,
        waivers,
        tests,
    })
}

/// A checked vendor with the place of its id and its own diagnostics.
type Checked = (Span, Vendor, Diagnostics);

/// Checks every vendor, those of `.krav` files and those of data files,
/// in parallel; a vendor id declared twice is an error at the second place
/// in file order, whatever the order the work finished in.
fn check_vendors(
    decls: &[&VendorDecl],
    data_files: &[DataFile],
    sources: &Sources,
    schema: &crate::model::Schema,
    diags: &mut Diagnostics,
) -> (Vec<Vendor>, bool) {
    let check_krav = |decl: &VendorDecl| -> Option<Checked> {
        let id = decl.id.as_ref()?;
        let mut ds = Diagnostics::new();
        let vendor = vendor::convert_krav_vendor(decl, schema, &mut ds);
        Some((id.span, vendor, ds))
    };
    let check_written = |written: &WrittenVendor| -> Option<Checked> {
        match written {
            WrittenVendor::Krav(decl) => check_krav(decl),
            WrittenVendor::Data(v) => {
                let mut ds = Diagnostics::new();
                let vendor = vendor::convert_data_vendor(v, schema, &mut ds);
                Some((v.id.span, vendor, ds))
            }
        }
    };
    let mut checked: Vec<Checked> = decls.par_iter().filter_map(|d| check_krav(d)).collect();
    let from_data: Vec<(Vec<Checked>, Vec<Diagnostic>)> = data_files
        .par_iter()
        .map(|df| {
            let Some(file) = sources.get(df.file) else {
                return (Vec::new(), Vec::new());
            };
            let (written, errors) = read_vendor_file(df.file, &file.name, df.format, &file.text);
            // The file's tree is gone once its vendors are converted.
            (written.iter().filter_map(check_written).collect(), errors)
        })
        .collect();
    let mut unread = false;
    for (vendors, errors) in from_data {
        unread |= errors.iter().any(Diagnostic::is_error);
        checked.extend(vendors);
        diags.extend(errors);
    }
    checked.sort_by_key(|(span, _, _)| (span.file, span.start));
    let mut seen: HashMap<String, Span> = HashMap::new();
    let mut vendors = Vec::with_capacity(checked.len());
    for (span, vendor, ds) in checked {
        if let Some(first) = seen.get(&vendor.id) {
            diags.push(
                Diagnostic::declared_twice("vendor", &vendor.id, span, *first)
                    .with_help("each vendor is described once; merge the facts into one file"),
            );
            continue;
        }
        seen.insert(vendor.id.clone(), span);
        diags.extend(ds.into_sorted(sources));
        vendors.push(vendor);
    }
    vendors.sort_by(|a, b| a.id.as_bytes().cmp(b.id.as_bytes()));
    (vendors, unread)
}

/// Every `defaults` item merged: one value a fact, across all of them.
fn check_defaults(
    decls: &[&VendorDecl],
    schema: &crate::model::Schema,
    diags: &mut Diagnostics,
) -> Vec<Option<crate::model::VendorFact>> {
    let mut merged: Vec<Option<crate::model::VendorFact>> = vec![None; schema.facts.len()];
    for decl in decls {
        let checked = vendor::convert_krav_vendor(decl, schema, diags);
        for (i, fact) in checked.facts.into_iter().enumerate() {
            let Some(mut fact) = fact else { continue };
            fact.from_defaults = true;
            match &merged[i] {
                Some(first) => diags.push(
                    Diagnostic::error(
                        Code::DuplicateFact,
                        format!("the default for `{}` is given twice", schema.facts[i].path),
                    )
                    .primary(fact.span, "given again here")
                    .secondary(first.span, "first given here")
                    .with_help("state each default once, in one `defaults` item or another"),
                ),
                None => merged[i] = Some(fact),
            }
        }
    }
    merged
}

fn find_requirement(
    r: &ReqRef,
    index: &HashMap<&str, usize>,
    declared: &HashSet<String>,
    requirements: &[Requirement],
    code: Code,
    who: &str,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let full = r.full();
    if let Some(i) = index.get(full.as_str()) {
        return Some(*i);
    }
    if declared.contains(&full) {
        return None; // declared, but with an error of its own
    }
    let mut d = Diagnostic::error(
        code,
        format!("{who} names requirement `{full}`, which is not declared"),
    )
    .primary(r.span, "no such requirement");
    d = d.suggesting(&full, requirements.iter().map(|r| r.full_id.as_str()));
    diags.push(d);
    None
}
