//! "Did you mean …?": the closest declared name within a small edit
//! distance of what was written.

/// The candidate closest to `name`, if it is close enough to be a typo:
/// at most one edit for short names, a third of the length for longer ones.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let d = distance(name, candidate);
        if d <= limit && best.is_none_or(|(bd, bc)| (d, candidate) < (bd, bc)) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The help line for a name that was not found.
pub fn help_for(
    name: &str,
    candidates: impl IntoIterator<Item = impl AsRef<str>>,
) -> Option<String> {
    let owned: Vec<String> = candidates
        .into_iter()
        .map(|c| c.as_ref().to_string())
        .collect();
    did_you_mean(name, owned.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"))
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbours (the commonest typo) each cost one.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["sla.uptime", "data.locations", "owner.name"];
        assert_eq!(did_you_mean("sla.uptme", names), Some("sla.uptime"));
        assert_eq!(did_you_mean("sla.upitme", names), Some("sla.uptime"));
        assert_eq!(did_you_mean("owner.nmae", names), Some("owner.name"));
        assert_eq!(did_you_mean("completely.else", names), None);
        assert_eq!(did_you_mean("hgih", ["high", "low"]), Some("high"));
    }
}
