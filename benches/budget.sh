#!/usr/bin/env bash
# The evaluation budget on a hostile vendor file: two quantifiers nested over
# one list of N ints (`all a in ints: all b in ints: a == b or a != b`), so
# the work is N². Prints, for each N, the wall time, the peak memory and
# whether the run ended with the budget diagnostic (K2012):
#
#   bash benches/budget.sh            (from the repository root)
#
# Settings, from the environment: SIZES ("1000 3000 10000").

set -euo pipefail
SIZES=${SIZES:-"1000 3000 10000"}
cd "$(dirname "$0")/.."
cargo build --release -p skykrav --bin skykrav
BIN=$PWD/target/release/skykrav
WORK=$(mktemp -d "${TMPDIR:-/tmp}/skykrav-budget.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/policies" "$WORK/vendors"
cat >"$WORK/policies/p.krav" <<'KRAV'
schema s { fact ints: list<int> "Numbers" }
policy p "P" {
  requirement r "Every pair" {
    severity low
    require all a in ints: all b in ints: a == b or a != b
  }
}
KRAV
printf '%8s  %8s  %10s  %s\n' N seconds "peak KiB" outcome
for n in $SIZES; do
    {
        printf 'vendor v "V" {\n  ints = ['
        seq -s ', ' 0 $((n - 1)) | tr -d '\n'
        printf ']\n}\n'
    } >"$WORK/vendors/v.krav"
    set +e
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" \
        "$BIN" check "$WORK" --format json >"$WORK/report.json"
    set -e
    read -r secs kib < <(tail -n 1 "$WORK/time.txt")
    if grep -q '"code":"K2012"' "$WORK/report.json"; then
        outcome="K2012 (over the budget)"
    else
        outcome=$(grep -o '"outcome":"[a-z/]*"' "$WORK/report.json" | head -1)
    fi
    printf '%8s  %8s  %10s  %s\n' "$n" "$secs" "$kib" "$outcome"
done
