#!/usr/bin/env bash
# Compares every output of two skykrav binaries, byte for byte, on the
# examples, the pack, the test fixtures and a generated corpus: the check
# that a refactoring changed nothing a user sees.
#
#   bash benches/same_outputs.sh OLD_BINARY NEW_BINARY [VENDORS]
#
# VENDORS (default 1000) sizes the generated corpus (JSON and `.krav`).
# Prints one line per difference and exits 1 if there is any.
set -uo pipefail
OLD=${1:?usage: same_outputs.sh OLD NEW [VENDORS]}
NEW=${2:?usage: same_outputs.sh OLD NEW [VENDORS]}
VENDORS=${3:-1000}
OLD=$(realpath "$OLD") NEW=$(realpath "$NEW")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

(cd "$ROOT" && cargo build --release -q -p skykrav-bench --bin gen-corpus) || exit 2
"$ROOT/target/release/gen-corpus" "$WORK/corpus" --vendors "$VENDORS" \
    --requirements 50 --format both >/dev/null || exit 2

projects=()
for d in "$ROOT"/examples/*/ "$ROOT"/tests/fixtures/*/; do
    [ -f "$d/skykrav.toml" ] && projects+=("${d%/}")
done
for d in "$WORK"/corpus/*/; do
    [ -f "$d/skykrav.toml" ] && projects+=("${d%/}")
done

run_all() { # BINARY OUT_DIR
    local bin=$1 out=$2 i=0
    mkdir -p "$out"
    for p in "${projects[@]}"; do
        i=$((i + 1))
        for f in human json sarif junit markdown github gitlab; do
            (cd "$p" && NO_COLOR=1 "$bin" check . --format "$f" --today 2026-12-03 \
                >"$out/$i.$f.out" 2>"$out/$i.$f.err"; echo "exit $?" >>"$out/$i.$f.err")
        done
        (cd "$p" && NO_COLOR=1 "$bin" test . --today 2026-12-03 \
            >"$out/$i.test.out" 2>"$out/$i.test.err"; echo "exit $?" >>"$out/$i.test.err")
        echo "$p" >"$out/$i.name"
    done
    (cd "$ROOT" && NO_COLOR=1 "$bin" test policies/dk-cloud-guide --packs \
        >"$out/pack.test.out" 2>&1; echo "exit $?" >>"$out/pack.test.out")
}

run_all "$OLD" "$WORK/old"
run_all "$NEW" "$WORK/new"
status=0
for f in "$WORK"/old/*; do
    name=$(basename "$f")
    if ! cmp -s "$f" "$WORK/new/$name"; then
        n=${name%%.*}
        echo "differs: $name ($(cat "$WORK/old/$n.name" 2>/dev/null || echo pack))"
        status=1
    fi
done
[ $status = 0 ] && echo "same: ${#projects[@]} projects, every format, byte for byte"
exit $status
