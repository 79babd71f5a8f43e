#!/usr/bin/env bash
# Compares skykrav with its peers on one machine, in one go:
#
#   bash benches/compare.sh            (from the repository root)
#
# 1. Builds skykrav and the bench crate in release.
# 2. Generates corpora of V = 1,000 and 10,000 vendors × R = 50 requirements
#    (seed 1), each in .krav and in JSON, with the same requirements in Rego.
# 3. Cross-checks the verdicts FIRST: skykrav on .krav vendors, skykrav on
#    JSON vendors, regorus's interpreter, regorus's bytecode VM (rvm) and the
#    hand-written serde_json baseline must give the same outcome for every
#    (vendor, requirement). A disagreement stops the script (exit 1) with a
#    list: it is a bug in one of the encodings.
# 4. Times each engine as a whole process, RUNS times (5 by default), after
#    one warm-up run (the cross-check's), output to /dev/null, in rounds
#    (each round runs every engine once, so a change in the load of a shared
#    machine touches all alike): the median wall time, the ratio to
#    `skykrav check --format json` on the same JSON vendors, and the peak
#    resident memory (from /usr/bin/time, else from /proc).
# 5. Times `skykrav check` on examples/nordlys and examples/quickstart
#    (target: under 50 ms).
#
# Settings, from the environment: RUNS (5), SIZES ("1000 10000"),
# REQUIREMENTS (50), SEED (1), KEEP=1 keeps the temporary folder,
# OLD=PATH also times another skykrav binary (say, one built from an earlier
# commit) in the same rounds, so a change is measured against its past in
# one run.
# One process at a time. regorus and the baseline are single-threaded;
# skykrav may use every core (rayon), so it is also timed with
# RAYON_NUM_THREADS=1.

set -euo pipefail

RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000"}
REQUIREMENTS=${REQUIREMENTS:-50}
SEED=${SEED:-1}

if [[ -n "${OLD:-}" ]]; then
    if [[ ! -x "$OLD" ]]; then
        echo "error: OLD=$OLD is not an executable" >&2
        exit 2
    fi
    OLD=$(realpath "$OLD")
fi

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release

echo "== build (release)"
cargo build --release -p skykrav -p skykrav-bench --bins

WORK=$(mktemp -d "${TMPDIR:-/tmp}/skykrav-compare.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then
    echo "(keeping $WORK)"
else
    trap 'rm -rf "$WORK"' EXIT
fi

# --- measuring ---------------------------------------------------------------

if [[ -x /usr/bin/time ]]; then
    HAVE_TIME=1
else
    HAVE_TIME=0
fi

# measure OUT_PREFIX CMD…: runs CMD once with its output to /dev/null, and
# prints "SECONDS PEAK_KIB". Exit status 0 or 1 is accepted (skykrav exits 1
# when a requirement fails); anything else stops the script.
measure() {
    local rss_file=$WORK/rss.txt start end status peak
    start=$(date +%s%N)
    set +e
    if [[ $HAVE_TIME == 1 ]]; then
        /usr/bin/time -f '%M' -o "$rss_file" "$@" >/dev/null
        status=$?
        peak=$(tail -n 1 "$rss_file")
    else
        "$@" >/dev/null &
        local pid=$! hwm=0 v
        while kill -0 "$pid" 2>/dev/null; do
            v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
            [[ -n "$v" && "$v" -gt "$hwm" ]] && hwm=$v
            sleep 0.005
        done
        wait "$pid"
        status=$?
        peak=$hwm
    fi
    end=$(date +%s%N)
    set -e
    if [[ $status -gt 1 ]]; then
        echo "error: \`$*\` exited with $status" >&2
        exit 2
    fi
    echo "$(( (end - start) / 1000 )) $peak"
}

# once LABEL V CMD…: one measurement, appended to raw.txt as
# "LABEL|V|MICROSECONDS|PEAK_KIB".
once() {
    local label=$1 v=$2 t p
    shift 2
    read -r t p < <(measure "$@") || true
    if [[ -z "${t:-}" || -z "${p:-}" ]]; then
        echo "error: could not measure \`$*\`" >&2
        exit 2
    fi
    echo "$label|$v|$t|$p" >>"$WORK/raw.txt"
    printf '.'
}

# --- corpora and cross-check -------------------------------------------------

for V in $SIZES; do
    C=$WORK/v$V
    echo
    echo "== corpus: $V vendors × $REQUIREMENTS requirements (seed $SEED)"
    "$BIN/gen-corpus" "$C" --vendors "$V" --requirements "$REQUIREMENTS" --seed "$SEED" --format both
    bytes=$(cat "$C"/json/vendors/*.json | wc -c)
    echo "   JSON vendors: $((bytes / V)) bytes a vendor on average"

    echo "== cross-check of verdicts (V=$V)"
    set +e
    "$BIN/skykrav" check "$C/krav" --format json >"$WORK/skykrav-krav.json"
    s1=$?
    "$BIN/skykrav" check "$C/json" --format json >"$WORK/skykrav-json.json"
    s2=$?
    set -e
    if [[ $s1 -gt 1 || $s2 -gt 1 ]]; then
        echo "error: skykrav did not evaluate the corpus (exit $s1, $s2)" >&2
        exit 2
    fi
    "$BIN/rego" "$C/json" --engine interpreter >"$WORK/interp.json"
    "$BIN/rego" "$C/json" --engine rvm >"$WORK/rvm.json"
    "$BIN/baseline" "$C/json" >"$WORK/baseline.json"
    if ! "$BIN/crosscheck" \
        "skykrav .krav=report:$WORK/skykrav-krav.json" \
        "skykrav JSON=report:$WORK/skykrav-json.json" \
        "regorus interpreter=nested:$WORK/interp.json" \
        "regorus rvm=nested:$WORK/rvm.json" \
        "baseline=report:$WORK/baseline.json"; then
        echo
        echo "The engines disagree (see above): fix the encoding before timing." >&2
        exit 1
    fi
    rm -f "$WORK"/skykrav-*.json "$WORK"/interp.json "$WORK"/rvm.json "$WORK"/baseline.json
done

# --- timing --------------------------------------------------------------------

# Rounds: each round runs every engine once, so that a change in the
# machine's load (it may be shared) touches every engine alike.
echo
echo "== timing: whole processes, $RUNS rounds, output to /dev/null"
: >"$WORK/raw.txt"
for V in $SIZES; do
    C=$WORK/v$V
    printf '   V=%s ' "$V"
    for ((round = 0; round < RUNS; round++)); do
        once "skykrav --format json (JSON)" "$V" "$BIN/skykrav" check "$C/json" --format json
        once "skykrav --format json (.krav)" "$V" "$BIN/skykrav" check "$C/krav" --format json
        if [[ -n "${OLD:-}" ]]; then
            once "OLD skykrav --format json (JSON)" "$V" "$OLD" check "$C/json" --format json
            once "OLD skykrav --format json (.krav)" "$V" "$OLD" check "$C/krav" --format json
        fi
        once "skykrav --format json (JSON, 1 thread)" "$V" env RAYON_NUM_THREADS=1 "$BIN/skykrav" check "$C/json" --format json
        once "regorus interpreter" "$V" "$BIN/rego" "$C/json" --engine interpreter
        once "regorus rvm (bytecode VM)" "$V" "$BIN/rego" "$C/json" --engine rvm
        once "baseline (serde_json + plain Rust)" "$V" "$BIN/baseline" "$C/json"
    done
    echo
done
printf '   examples '
for ((round = 0; round < RUNS * 2; round++)); do
    once "skykrav check examples/nordlys" "5" "$BIN/skykrav" check examples/nordlys
    once "skykrav check examples/quickstart" "3" "$BIN/skykrav" check examples/quickstart
    if [[ -n "${OLD:-}" ]]; then
        once "OLD skykrav check examples/nordlys" "5" "$OLD" check examples/nordlys
    fi
done
echo

# --- the table -------------------------------------------------------------------

echo
echo "== results ($(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "   R = $REQUIREMENTS requirements; wall = median of $RUNS runs (examples: $((RUNS * 2)));"
echo "   ratio = wall time / skykrav's on the same JSON vendors"
echo "   (skykrav uses every core unless marked \"1 thread\"; the others use one)"
echo
# The median wall time and the largest peak of each (engine, V), in the
# order first measured.
awk -F'|' '
    { key = $1 "|" $2
      if (!(key in n)) { order[++keys] = key; label[key] = $1; v[key] = $2 }
      t[key, ++n[key]] = $3
      if ($4 > p[key]) p[key] = $4 }
    END {
        for (k = 1; k <= keys; k++) {
            key = order[k]; m = n[key]
            for (i = 1; i <= m; i++) s[i] = t[key, i]
            for (i = 2; i <= m; i++) { x = s[i]; for (j = i - 1; j >= 1 && s[j] > x; j--) s[j + 1] = s[j]; s[j + 1] = x }
            med[key] = (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
            if (label[key] == "skykrav --format json (JSON)") ref[v[key]] = med[key]
        }
        printf "%-38s %6s %12s %8s %10s\n", "engine", "V", "wall", "ratio", "peak MiB"
        printf "%-38s %6s %12s %8s %10s\n", "------", "-", "----", "-----", "--------"
        for (k = 1; k <= keys; k++) {
            key = order[k]
            ratio = (v[key] in ref) ? sprintf("%.2f", med[key] / ref[v[key]]) : "-"
            note = ""
            if (label[key] ~ /examples/) note = (med[key] < 50000) ? "  (< 50 ms: ok)" : "  (over 50 ms)"
            printf "%-38s %6s %10.3f s %8s %10.1f%s\n", label[key], v[key], med[key] / 1e6, ratio, p[key] / 1024, note
        }
    }' "$WORK/raw.txt"
