#!/usr/bin/env bash
# Seeds the corpus of one fuzz target and fuzzes it for SECONDS with one
# libFuzzer job, on the stable toolchain.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
#
# TARGET: parser checker evaluator json_vendor yaml_vendor toml_vendor project
#         plain_vendor formatter
# Environment: SANITIZER (default `none`; `address` works too but runs at
# about half the speed), FUZZ_LOG (default fuzz/logs/TARGET.log).
set -euo pipefail

target=${1:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}
shift 2

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cd "$here"

bash "$here/seed.sh" "$target"

mkdir -p logs "artifacts/$target"
log=${FUZZ_LOG:-$here/logs/$target.log}

# cargo-fuzz passes nightly-only `-Z` flags to rustc and cargo;
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
# The engine reads files on every core through rayon: one thread is
# enough for inputs this small and keeps the fuzzer to one core.
export RUSTC_BOOTSTRAP=1
export RAYON_NUM_THREADS=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

# With -jobs=1 libFuzzer runs the job in a child process whose output
# goes to fuzz-0.log in this folder; it is kept as logs/TARGET.job.log.
# No -max_len: libFuzzer takes the largest seed as the limit and grows
# the length of its mutations towards it (-len_control).
dict=()
case $target in
    parser|checker|evaluator|project|plain_vendor|formatter) dict=(-dict=krav.dict) ;;
esac
status=0
(
    set -x
    cargo fuzz run --sanitizer "${SANITIZER:-none}" "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -jobs=1 -workers=1 \
        -print_final_stats=1 -timeout=10 -rss_limit_mb=4096 \
        "${dict[@]}" "$@"
) 2>&1 | tee "$log" || status=$?
if [ -f fuzz-0.log ]; then
    mv fuzz-0.log "logs/$target.job.log"
    echo "--- the end of logs/$target.job.log:"
    grep -E 'DONE|stat::|SUMMARY|panicked|deadly signal|overflow|Test unit written' "logs/$target.job.log" | tail -20
fi
echo "--- artifacts/$target:"
ls -la "artifacts/$target"
exit "$status"
