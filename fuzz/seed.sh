#!/usr/bin/env bash
# Seeds fuzz/corpus/TARGET from the project's own inputs: the bundled
# policies, the examples and the test fixtures. Idempotent: seeds have
# fixed names (seed-*), and what the fuzzer found stays.
#
#   fuzz/seed.sh TARGET...      (no argument: every target)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cd "$root"

# Every input file of the repository with one of the given extensions.
files() {
    local ext
    for ext in "$@"; do
        find policies examples tests/fixtures -type f -name "*.$ext" 2>/dev/null
    done | LC_ALL=C sort
}

# The project folders: each holds skykrav.toml.
projects() {
    find policies examples tests/fixtures -name skykrav.toml -printf '%h\n' 2>/dev/null | LC_ALL=C sort
}

# A file's seed name: its path with `/` as `_`.
name() { echo "seed-${1//\//_}"; }

# One project's `.krav` files (policies, vendors, tests) as one text,
# after those of the bundled packs it names; with a second argument
# `nowaivers`, without its files of waivers (they may name vendors that
# are written as data, which a single `.krav` text does not have).
krav_of() {
    local dir=$1 pack
    for pack in $(sed -n 's/^packs *= *\[\(.*\)\]/\1/p' "$dir/skykrav.toml" | tr -d '",'); do
        [ -d "policies/$pack" ] && find "policies/$pack" -type f -name '*.krav' | LC_ALL=C sort
    done | xargs -r cat
    find "$dir" -type f -name '*.krav' | LC_ALL=C sort | while read -r f; do
        if [ "${2:-}" = nowaivers ] && grep -q '^ *waiver ' "$f"; then continue; fi
        cat "$f"
    done
}

# One project as a `project` input: `@@@ path` before each file.
project_of() {
    local dir=$1 f
    (cd "$dir" && find . -type f \( -name '*.krav' -o -name '*.json' -o -name '*.yaml' \
        -o -name '*.yml' -o -name '*.toml' \) | sed 's|^\./||' | LC_ALL=C sort) |
    while read -r f; do
        printf '@@@ %s\n' "$f"
        cat "$dir/$f"
        [ -z "$(tail -c1 "$dir/$f")" ] || echo
    done
}

# `s` repeated `n` times.
rep() { local i; for ((i = 0; i < $2; i++)); do printf '%s' "$1"; done; }

# A policy whose one requirement is `$1`, with a vendor, to evaluate.
deep_policy() {
    printf 'schema s { fact a: bool  fact n: int  fact l: list<int> }\n'
    printf 'policy p "t" {\n  requirement r "x" {\n    severity low\n    require %s\n  }\n}\n' "$1"
    printf 'vendor v "V" {\n  a = true\n  n = 3\n  l = [1, 2]\n}\n'
}

# Inputs at the engine's limits (64 nested brackets, 256 operators, data
# nested 128 deep), from which a mutation is one step past them.
deep_krav() {
    local out=$1 i q=""
    deep_policy "$(rep '(' 62)a$(rep ')' 62)" >"$out/seed-deep-parens62.krav"
    deep_policy "$(rep 'not ' 256)a" >"$out/seed-deep-not256.krav"
    deep_policy "a$(rep ' and a' 256)" >"$out/seed-deep-and256.krav"
    deep_policy "n == 1$(rep ' or n < 2' 255)" >"$out/seed-deep-or256.krav"
    # Quantifiers nested 120 deep parse and check, but evaluating them
    # takes 2^120 steps (tests/fixtures/fuzz/evaluator-1.krav): not a seed
    # of a target that evaluates.
    if [ "${2:-}" != evaluates ]; then
        for ((i = 0; i < 120; i++)); do q+="all x$i in l: "; done
        deep_policy "${q}a" >"$out/seed-deep-all120.krav"
    fi
    deep_policy "$(rep 'not (' 60)a and not a$(rep ')' 60)" >"$out/seed-deep-notparens60.krav"
}

seed() {
    local target=$1 out="$here/corpus/$1" f d
    mkdir -p "$out"
    case $target in
        plain_vendor)
            # Vendor files in `.krav`, the only kind the reader takes.
            for f in $(files krav); do
                if grep -q '^vendor ' "$f"; then cp "$f" "$out/$(name "$f")"; fi
            done
            ;;
        parser|checker|formatter)
            for f in $(files krav); do cp "$f" "$out/$(name "$f")"; done
            deep_krav "$out"
            for d in $(projects); do krav_of "$d" >"$out/$(name "$d").all.krav"; done
            ;;
        evaluator)
            # Whole projects, so that most inputs reach evaluation.
            for d in $(projects); do
                krav_of "$d" >"$out/$(name "$d").all.krav"
                krav_of "$d" nowaivers >"$out/$(name "$d").nowaivers.krav"
            done
            for f in $(files krav); do cp "$f" "$out/$(name "$f")"; done
            # And one with a waiver that names a vendor the text declares.
            { krav_of tests/fixtures/spec-samples nowaivers
              echo 'waiver "w" { vendor microsoft-365 requirement dk-baseline/R2.uptime expires 2027-01-01 approved_by "a" reason "r" }'
            } >"$out/seed-spec-samples.waived.krav"
            deep_krav "$out" evaluates
            ;;
        json_vendor)
            for f in $(files json); do cp "$f" "$out/$(name "$f")"; done
            echo "$(rep '[' 127)$(rep ']' 127)" >"$out/seed-deep-list127.json"
            echo "$(rep '{"a":' 127)1$(rep '}' 127)" >"$out/seed-deep-object127.json"
            ;;
        yaml_vendor)
            for f in $(files yaml yml); do cp "$f" "$out/$(name "$f")"; done
            echo "$(rep '[' 127)$(rep ']' 127)" >"$out/seed-deep-flow127.yaml"
            for ((i = 0; i < 127; i++)); do rep '  ' "$i"; echo 'a:'; done >"$out/seed-deep-block127.yaml"
            ;;
        toml_vendor)
            for f in $(files toml); do cp "$f" "$out/$(name "$f")"; done
            echo "x = $(rep '[' 126)$(rep ']' 126)" >"$out/seed-deep-array126.toml"
            echo "x = $(rep '{a = ' 126)1$(rep '}' 126)" >"$out/seed-deep-table126.toml"
            ;;
        project)
            for d in $(projects); do project_of "$d" >"$out/$(name "$d").project"; done
            ;;
        *) echo "unknown target: $target" >&2; exit 2 ;;
    esac
    # Inputs that once crashed stay in the corpus (tests/fixtures/fuzz);
    # SEED_SAVED=0 leaves them out, while one still crashes or hangs
    # (libFuzzer stops at the first crash, even in the seeds).
    if [ "${SEED_SAVED:-1}" != 0 ]; then
        for f in tests/fixtures/fuzz/"$target"-*; do
            [ -e "$f" ] && cp "$f" "$out/$(name "$f")"
        done
    else
        rm -f "$out"/seed-tests_fixtures_fuzz_"$target"-*
    fi
    echo "seeded corpus/$target: $(find "$out" -name 'seed-*' | wc -l) seeds, $(find "$out" -type f | wc -l) inputs"
}

if [ $# -eq 0 ]; then
    set -- parser checker evaluator json_vendor yaml_vendor toml_vendor project plain_vendor formatter
fi
for t in "$@"; do seed "$t"; done
