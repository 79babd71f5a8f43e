//! skykrav's stages through the library API, at several sizes, so that the
//! growth of cost with V (vendors) and R (requirements) is visible:
//!
//! * `load_json` / `load_krav`: find and read the files, parse the policy
//!   `.krav` files, and tell which `.krav` files hold only plain vendors
//!   (`skykrav::load::load_project`);
//! * `check_model`: names and types resolved into the model, vendor files
//!   (JSON, and plain `.krav`) parsed and converted one at a time
//!   (`skykrav::project::check_loaded`);
//! * `evaluate`: every vendor against every requirement, outcomes only
//!   (`skykrav::eval::evaluate`);
//! * `report_json`: the JSON report of a run, which evaluates every pair
//!   again to record its evidence as it writes (`skykrav::report::render_json`);
//! * `end_to_end`: `check_project` + `render_json`, as `skykrav check --format json`.
//!
//! The stages follow the library's own boundaries, which move as skykrav is
//! optimised; each bench asserts that the work is all there (every vendor in
//! the model, V × R findings), so a moved boundary cannot hide work.
//! skykrav may use every core (rayon); set `RAYON_NUM_THREADS=1` for one.
//!
//! Sizes: V = 100, 1,000, 10,000 at R = 50, and R = 10, 200 at V = 1,000.
//! The counter is (vendor, requirement) pairs, so divan prints pairs per
//! second beside the time. Corpora are generated once (seed 1) under
//! `target/tmp/skykrav-bench/` and reused.
//!
//! ```sh
//! cargo bench -p skykrav-bench --bench engine              # everything (several minutes)
//! cargo bench -p skykrav-bench --bench engine -- evaluate  # one stage
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use divan::counter::ItemsCount;
use divan::Bencher;

use skykrav::diagnostics::Diagnostics;
use skykrav::eval::{evaluate, EvalOptions};
use skykrav::load::load_project;
use skykrav::load::Loaded;
use skykrav::model::Model;
use skykrav::project::check_loaded;
use skykrav::report::render_json;
use skykrav::{check_project, CheckOptions};
use skykrav_bench::corpus::GENERATOR;
use skykrav_bench::{generate, Format, Manifest};

fn main() {
    divan::main();
}

#[derive(Clone, Copy, Debug)]
struct Size {
    vendors: usize,
    requirements: usize,
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V={:<5} R={}", self.vendors, self.requirements)
    }
}

const fn size(vendors: usize, requirements: usize) -> Size {
    Size {
        vendors,
        requirements,
    }
}

/// Growth with V at R = 50, then with R at V = 1,000.
const SIZES: [Size; 5] = [
    size(100, 50),
    size(1_000, 50),
    size(10_000, 50),
    size(1_000, 10),
    size(1_000, 200),
];

/// Growth with V only, for the `.krav` reader.
const V_SIZES: [Size; 3] = [size(100, 50), size(1_000, 50), size(10_000, 50)];

const SEED: u64 = 1;

/// The corpus of this size and format, generated on first use.
fn corpus(s: Size, format: Format) -> PathBuf {
    let name = match format {
        Format::Krav => "krav",
        _ => "json",
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("skykrav-bench")
        .join(format!("v{}-r{}-s{SEED}-{name}", s.vendors, s.requirements));
    let fresh = Manifest::read(&dir).is_ok_and(|m| {
        m.generator == GENERATOR
            && m.vendors == s.vendors
            && m.requirements == s.requirements
            && m.seed == SEED
    });
    if !fresh {
        if let Err(e) = generate(&dir, s.vendors, s.requirements, SEED, format) {
            panic!("cannot generate the corpus in {}: {e}", dir.display());
        }
    }
    dir
}

fn pairs(s: Size) -> ItemsCount {
    ItemsCount::new(s.vendors * s.requirements)
}

fn load(bencher: Bencher, s: Size, format: Format) {
    let dir = corpus(s, format);
    bencher.counter(pairs(s)).bench(|| {
        let mut diags = Diagnostics::new();
        let loaded = load_project(&dir, &mut diags);
        assert!(!diags.has_errors(), "the corpus must load without errors");
        loaded
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn load_json(bencher: Bencher, s: Size) {
    load(bencher, s, Format::Json);
}

#[divan::bench(args = V_SIZES, sample_count = 10, sample_size = 1)]
fn load_krav(bencher: Bencher, s: Size) {
    load(bencher, s, Format::Krav);
}

/// The model of a loaded corpus, checked to hold every vendor and
/// requirement (so that a stage that silently skipped work would show).
fn model(loaded: &Loaded, s: Size) -> Model {
    let mut diags = Diagnostics::new();
    let model = check_loaded(loaded, &mut diags).expect("the corpus checks without errors");
    assert_eq!(
        model.vendors.len(),
        s.vendors,
        "every vendor is in the model"
    );
    assert_eq!(
        model.requirements.len(),
        s.requirements,
        "every requirement is in the model"
    );
    model
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn check_model(bencher: Bencher, s: Size) {
    let dir = corpus(s, Format::Json);
    let mut diags = Diagnostics::new();
    let loaded = load_project(&dir, &mut diags);
    model(&loaded, s);
    bencher.counter(pairs(s)).bench(|| {
        let mut diags = Diagnostics::new();
        check_loaded(&loaded, &mut diags).expect("the corpus checks without errors")
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn evaluate_all(bencher: Bencher, s: Size) {
    let dir = corpus(s, Format::Json);
    let mut diags = Diagnostics::new();
    let loaded = load_project(&dir, &mut diags);
    let model = model(&loaded, s);
    let today = loaded.config.today.expect("the corpus fixes today");
    let opts = EvalOptions::new(today);
    assert_eq!(
        evaluate(&model, &opts).findings.len(),
        s.vendors * s.requirements
    );
    bencher.counter(pairs(s)).bench(|| evaluate(&model, &opts));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn report_json(bencher: Bencher, s: Size) {
    let dir = corpus(s, Format::Json);
    let run = check_project(&dir, &CheckOptions::default());
    assert_eq!(run.evaluation.findings.len(), s.vendors * s.requirements);
    bencher.counter(pairs(s)).bench(|| render_json(&run));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn end_to_end(bencher: Bencher, s: Size) {
    let dir = corpus(s, Format::Json);
    bencher.counter(pairs(s)).bench(|| {
        let run = check_project(&dir, &CheckOptions::default());
        render_json(&run)
    });
}
