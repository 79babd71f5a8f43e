//! Every bound skykrav puts on its input, in one place (docs/language.md
//! §16, whose table a test holds to these values). Each keeps hostile or
//! mistaken input from making a run slow or crash, and each is reported
//! with a diagnostic, never a failure.

/// Largest file skykrav reads (K3011).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Most files a project may hold (K3011).
pub const MAX_FILES: usize = 200_000;

/// Deepest folder a project's files are looked for in (K3009).
pub const MAX_WALK_DEPTH: usize = 64;

/// Deepest nesting of `(`, `[` and `{` a `.krav` file may have (K3009).
pub const MAX_NESTING: usize = 64;

/// Deepest an expression may nest, counting brackets and operators (K3009).
pub const MAX_EXPR_DEPTH: usize = 256;

/// Deepest quantifiers may nest: evaluation costs the product of the
/// lengths of the nested lists, so this bounds it (K3009).
pub const MAX_NESTED_QUANTIFIERS: usize = 4;

/// Deepest nesting of arrays and objects a data file may have (K3009).
pub const MAX_DATA_DEPTH: usize = 128;

/// Most steps one requirement may take for one vendor (a define has a
/// budget of its own, as it is evaluated once for all requirements). A step
/// is one sub-expression evaluated; nested quantifiers over long lists
/// multiply them, and without a bound one vendor file could stall a CI run
/// (four quantifiers over 300 elements are 8 billion steps). A large
/// policy takes a few hundred steps a pair (K2012).
pub const MAX_STEPS: u64 = 10_000_000;

/// `1000000` as `1,000,000`: how messages and docs/language.md write a
/// limit.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
