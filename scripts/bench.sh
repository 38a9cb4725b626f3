#!/usr/bin/env bash
# Benchmark of `gongkai build` and `gongkai check` on synthetic sites, against the write floor.
#
#   bash scripts/bench.sh                 # 1,000, 10,000 and 100,000 items
#   bash scripts/bench.sh 1000 20000      # other sizes
#
# For each size N it generates a corpus once (examples/synth.rs: N items, N/100 offices, at
# least 10) into a temporary folder, then measures, all as of 2026-11-25:
#   - the full build into a fresh output folder (hyperfine, --prepare 'rm -rf OUT && sync', so
#     that no run pays for the write-back of the previous run's files):
#     5 runs after 1 warm-up up to 10,000 items, 3 runs above;
#   - `check` (same number of runs);
#   - peak memory of one build (/usr/bin/time -v, "Maximum resident set size");
#   - the pages (*.html) and bytes the build wrote;
#   - the write floor: examples/write_floor.rs reads the finished output into memory and times
#     only writing the same files with the same bytes into a fresh folder with 2 threads
#     (5 runs, median, each after `sync` too);
#   - the hash+guard floor: the same program with --with-hash-and-guard, which also computes
#     each file's SHA-256 (for the manifest) and runs the output guard on it, as every build
#     must (5 runs, interleaved with the plain floor's).
# and prints a Markdown table with the build time as a multiple of the floor, and the build's
# CPU time (user + system, mean of the runs), which is less disturbed by a busy machine; then
# a second table of the work no build can skip: the hash+guard floor and `check` (reading,
# validating and privacy-checking the records), and the two together as a multiple of the floor.
#
# Needs: cargo, hyperfine, /usr/bin/time (GNU time). BENCH_DIR sets where the temporary folder
# goes (default: $TMPDIR or /tmp); the output and the floor's copy are on the same file system.
# The README's figures use BENCH_DIR=/dev/shm (tmpfs): on a shared virtual disk the kernel's
# inode allocation makes the floor itself vary several-fold from run to run. At 100,000 items
# the run needs about 5 GB free there (corpus, output and the floor's copy).
# Exits non-zero if anything fails.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)

for tool in cargo hyperfine /usr/bin/time awk find; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is required" >&2; exit 1; }
done

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || { echo "bench.sh: '$n' is not a number of items" >&2; exit 2; }
done

as_of=2026-11-25
floor_runs=5

echo "bench.sh: building the release binaries" >&2
cargo build --release --examples --bins >&2
gongkai=$repo/target/release/gongkai
synth=$repo/target/release/examples/synth
floor=$repo/target/release/examples/write_floor

work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/gongkai-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Column 4 (median, seconds) of a hyperfine CSV export.
median_of() { awk -F, 'NR == 2 { print $4 }' "$1"; }
# The median of some milliseconds, in seconds.
median_seconds() {
    printf '%s\n' "$@" | sort -g |
        awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m / 1000 }'
}

rows=()
bounds=()
for n in "${sizes[@]}"; do
    offices=$(( n / 100 ))
    [ "$offices" -ge 10 ] || offices=10
    site=$work/site-$n
    out=$work/out-$n
    fresh=$work/fresh-$n
    echo "bench.sh: $n items, $offices offices: generating the corpus" >&2
    "$synth" --offices "$offices" --items "$n" --output "$site" >&2

    if [ "$n" -le 10000 ]; then runs=(--warmup 1 --runs 5); else runs=(--runs 3); fi

    echo "bench.sh: $n items: timing the build" >&2
    hyperfine "${runs[@]}" --style basic \
        --prepare "rm -rf '$out' && sync" \
        --export-csv "$work/build-$n.csv" \
        "'$gongkai' build --root '$site' --output '$out' --as-of $as_of" >&2
    echo "bench.sh: $n items: timing check" >&2
    hyperfine "${runs[@]}" --style basic \
        --export-csv "$work/check-$n.csv" \
        "'$gongkai' check --root '$site' --as-of $as_of" >&2

    echo "bench.sh: $n items: peak memory of one build" >&2
    rm -rf "$out"
    /usr/bin/time -v "$gongkai" build --root "$site" --output "$out" --as-of "$as_of" \
        2> "$work/time-$n.txt" || { cat "$work/time-$n.txt" >&2; exit 1; }
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time-$n.txt")
    [ -n "$rss_kb" ] || { echo "bench.sh: no peak memory in /usr/bin/time output" >&2; exit 1; }

    pages=$(find "$out" -type f -name '*.html' | wc -l)
    bytes=$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')

    echo "bench.sh: $n items: timing the write floor, plain and with hash and guard ($floor_runs runs each)" >&2
    floor_ms=()
    guarded_ms=()
    for _ in $(seq "$floor_runs"); do
        rm -rf "$fresh"
        sync
        floor_ms+=("$("$floor" "$out" "$fresh")")
        rm -rf "$fresh"
        sync
        guarded_ms+=("$("$floor" "$out" "$fresh" --with-hash-and-guard)")
    done
    rm -rf "$fresh"
    floor_s=$(median_seconds "${floor_ms[@]}")
    guarded_s=$(median_seconds "${guarded_ms[@]}")

    build_s=$(median_of "$work/build-$n.csv")
    check_s=$(median_of "$work/check-$n.csv")
    build_cpu_s=$(awk -F, 'NR == 2 { print $5 + $6 }' "$work/build-$n.csv")
    check_cpu_s=$(awk -F, 'NR == 2 { print $5 + $6 }' "$work/check-$n.csv")
    row=$(awk -v n="$n" -v o="$offices" -v b="$build_s" -v c="$check_s" -v r="$rss_kb" \
        -v p="$pages" -v by="$bytes" -v f="$floor_s" -v cpu="$build_cpu_s" 'BEGIN {
        printf "| %d | %d | %.3f | %.3f | %.0f | %d | %.1f | %.3f | %.2f | %.2f |", n, o, b, c, r / 1024, p, by / 1e6, f, b / f, cpu }')
    bound=$(awk -v n="$n" -v f="$floor_s" -v g="$guarded_s" -v c="$check_s" -v cc="$check_cpu_s" \
        -v b="$build_s" 'BEGIN {
        printf "| %d | %.3f | %.3f | %.2f | %.3f | %.2f | %.2f | %.2f |", n, f, g, g / f, c, cc, (g + c) / f, b / f }')
    bounds+=("$bound")
    rows+=("$row")
    rm -rf "$out" "$site"
done

echo
echo "gongkai $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), as of $as_of"
echo
echo "| items | offices | build median s | check median s | peak RSS MiB | pages | MB written | floor median s | build ÷ floor | build CPU s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "What every build must do: write the files (the floor), hash and guard every byte (the"
echo "hash+guard floor), and read, validate and privacy-check the records (check, which also"
echo "keeps both cores busy):"
echo
echo "| items | floor s | hash+guard floor s | ÷ floor | check s | check CPU s | (hash+guard floor + check) ÷ floor | build ÷ floor |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${bounds[@]}"
