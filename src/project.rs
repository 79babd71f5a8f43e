//! One call for the whole pipeline: load, check, evaluate. This is the API
//! for using skykrav from Rust without the command line.

use std::path::Path;

use crate::check::check_files;
use crate::diagnostics::{Diagnostic, Diagnostics, Level};
use crate::eval::{evaluate, EvalOptions, Evaluation, Evidence, Explainer, Finding};
use crate::load::{load_from, Config, DiskTree, Loaded, Tree};
use crate::model::Model;
use crate::source::Sources;
use crate::value::Date;
use crate::vocabulary::FailOn;
use crate::vocabulary::Outcome;

/// What a caller may set for a run; `None` leaves it to `skykrav.toml`.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub today: Option<Date>,
    pub fail_on: Option<FailOn>,
    pub allow_unknown: bool,
    pub vendor_filter: Option<glob::Pattern>,
    pub requirement_filter: Option<glob::Pattern>,
}

/// How a run ended, as the exit status says it (docs/language.md §13).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing at or above the threshold fails or is unknown.
    Pass = 0,
    /// Something at or above the threshold fails (or is unknown).
    Fail = 1,
    /// The input is invalid; nothing was evaluated.
    Invalid = 2,
}

/// Everything a report needs.
#[derive(Debug)]
pub struct CheckRun {
    pub sources: Sources,
    pub config: Config,
    /// `None` when the input had errors.
    pub model: Option<Model>,
    pub evaluation: Evaluation,
    /// Errors and warnings, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
    pub today: Date,
    pub fail_on: FailOn,
    pub allow_unknown: bool,
    /// The project folder relative to the top of its git repository
    /// (`examples/nordlys/`), empty at the top or outside git.
    pub repo_prefix: String,
}

impl CheckRun {
    /// A file of the project as the repository names it, for formats that
    /// code-scanning platforms read.
    pub fn repo_path(&self, name: &str) -> String {
        format!("{}{name}", self.repo_prefix)
    }

    /// Whether a finding fails the run: a fail, or an unknown unless
    /// unknowns are allowed, at or above the threshold.
    pub fn fails_the_run(&self, model: &Model, f: &Finding) -> bool {
        let counts = match f.outcome {
            Outcome::Fail => true,
            Outcome::Unknown => !self.allow_unknown,
            _ => false,
        };
        counts
            && self
                .fail_on
                .fails(model.requirements[f.requirement].severity)
    }

    /// What evaluation depended on besides the model, for explaining a
    /// finding again.
    pub fn eval_options(&self) -> EvalOptions {
        EvalOptions {
            max_fact_age: self.config.max_fact_age,
            waiver_notice: self.config.waiver_notice,
            ..EvalOptions::new(self.today)
        }
    }

    /// Why a finding has its outcome: the pair is evaluated again, this
    /// time recording the facts read and missing. Reports ask for it only
    /// for what they show. To explain many findings of one vendor, an
    /// [`Explainer`] evaluates the vendor's defines once.
    pub fn evidence(&self, f: &Finding) -> Evidence {
        let Some(model) = &self.model else {
            return Evidence::default();
        };
        let Some(vendor) = model.vendors.get(f.vendor) else {
            return Evidence::default();
        };
        let opts = self.eval_options();
        Explainer::new(model, vendor, &opts).evidence(f.requirement)
    }

    /// Whether the input was valid, so that everything was evaluated: a
    /// model was built and no error was found. Every report asks this.
    pub fn is_valid(&self) -> bool {
        self.model.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn verdict(&self) -> Verdict {
        if !self.is_valid() {
            return Verdict::Invalid;
        }
        let Some(model) = &self.model else {
            return Verdict::Invalid;
        };
        let failing = self
            .evaluation
            .findings
            .iter()
            .any(|f| self.fails_the_run(model, f));
        if failing {
            Verdict::Fail
        } else {
            Verdict::Pass
        }
    }

    /// The waived findings, in report order. A waiver names one vendor
    /// and one requirement, so each is the one finding its waiver covers.
    /// The diagnostics of one level, in report order.
    pub fn diagnostics_at(&self, level: Level) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.level == level)
    }

    pub fn waived(&self) -> impl Iterator<Item = &Finding> {
        self.evaluation
            .findings
            .iter()
            .filter(|f| f.waiver.is_some())
    }

    /// Count of findings with each outcome, in the order of
    /// [`Outcome::ALL`].
    pub fn summary(&self) -> [usize; 5] {
        outcome_counts(&self.evaluation.findings)
    }

    /// The findings of each vendor, in report order: they are sorted by
    /// vendor, so each vendor's are one run.
    pub fn per_vendor(&self) -> impl Iterator<Item = &[Finding]> {
        self.evaluation
            .findings
            .chunk_by(|a, b| a.vendor == b.vendor)
    }
}

/// Count of findings with each outcome, in the order of [`Outcome::ALL`].
pub(crate) fn outcome_counts(findings: &[Finding]) -> [usize; 5] {
    let mut counts = [0; 5];
    for f in findings {
        if let Some(i) = Outcome::ALL.iter().position(|o| *o == f.outcome) {
            counts[i] += 1;
        }
    }
    counts
}

/// The system date (UTC), the default for `today`.
pub(crate) fn system_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_days_since_epoch((secs / 86_400) as i64).unwrap_or(Date::EPOCH)
}

/// Checks a loaded project: its `.krav` trees, then its vendor files once
/// the schema is known. The model when there is no error.
pub fn check_loaded(loaded: &Loaded, diags: &mut Diagnostics) -> Option<Model> {
    check_files(&loaded.files, &loaded.data_files, &loaded.sources, diags)
}

/// Loads, checks and evaluates the project in the folder `dir`.
pub fn check_project(dir: &Path, opts: &CheckOptions) -> CheckRun {
    check_tree(&DiskTree::new(dir), opts)
}

/// Loads, checks and evaluates the project that `tree` holds. A run that
/// would judge nothing (no vendor, no requirement, or filters that match
/// none) is an error.
pub fn check_tree(tree: &dyn Tree, opts: &CheckOptions) -> CheckRun {
    evaluate_tree(tree, opts, Scope::Everything)
}

/// Which runs that judge nothing are errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// No vendor, no requirement, or a filter that matches none: a check.
    Everything,
    /// Only a filter that matches none: the working tree of a diff, which
    /// compares verdicts and may hold no vendor yet.
    Filters,
    /// Nothing: the base of a diff, as it was.
    Nothing,
}

/// [`check_tree`], with the errors for a run that judges nothing as
/// `scope` says.
pub(crate) fn evaluate_tree(tree: &dyn Tree, opts: &CheckOptions, scope: Scope) -> CheckRun {
    let mut diags = Diagnostics::new();
    let loaded = load_from(tree, &mut diags);
    let today = opts
        .today
        .or(loaded.config.today)
        .unwrap_or_else(system_today);
    let fail_on = opts.fail_on.unwrap_or(loaded.config.fail_on);
    let model = if diags.has_errors() {
        None
    } else {
        check_loaded(&loaded, &mut diags)
    };
    if let Some(model) = &model {
        if scope != Scope::Nothing {
            diags.extend(crate::scope::nothing_to_check(
                model,
                &loaded.config,
                &tree.root().display().to_string(),
                (
                    opts.vendor_filter.as_ref(),
                    opts.requirement_filter.as_ref(),
                ),
                scope == Scope::Filters,
            ));
        }
    }
    let mut evaluation = Evaluation::default();
    if let (Some(model), false) = (&model, diags.has_errors()) {
        let eval_opts = EvalOptions {
            today,
            max_fact_age: loaded.config.max_fact_age,
            waiver_notice: loaded.config.waiver_notice,
            vendor_filter: opts.vendor_filter.clone(),
            requirement_filter: opts.requirement_filter.clone(),
        };
        evaluation = evaluate(model, &eval_opts);
        diags.extend(std::mem::take(&mut evaluation.warnings));
    }
    let diagnostics = diags.into_sorted(&loaded.sources);
    CheckRun {
        sources: loaded.sources,
        config: loaded.config,
        model,
        evaluation,
        diagnostics,
        today,
        fail_on,
        allow_unknown: opts.allow_unknown,
        repo_prefix: tree.repo_prefix(),
    }
}
