#!/usr/bin/env bash
# ./assay suite build of every kind on the shared safety files, as a user runs it (JVM start included):
# probes, file size (gzipped) and text size, wall time and peak RSS of each build, on the packaged jar
# (ASSAY_SKIP_BUILD=1: build it first with ./mvnw -B -q package -DskipTests). suite build needs neither
# the database nor the broker.
#
# Environment: BENCH_DATA (default ../shared/data beside the repository), BENCH_SAMPLE (the sampled
# mutations suite's source probes, default 500).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/../shared/data}/safety"
SAMPLE="${BENCH_SAMPLE:-500}"
WORK="$ROOT/target/bench-suites"
mkdir -p "$WORK"
export ASSAY_SKIP_BUILD=1
export ASSAY_STATE_DIR="${ASSAY_STATE_DIR:-$WORK/state}"

[ -d "$DATA" ] || { echo "no safety data in $DATA (set BENCH_DATA)" >&2; exit 1; }

build() { # name, then the arguments of suite build after the kind's name
    local name="$1"; shift
    local out="$WORK/$name.jsonl.gz"
    local line
    line=$( { /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$ROOT/assay" suite build "$@" --name "$name" -o "$out"; } )
    read -r wall rss <"$WORK/$name.time"
    printf '| %s | %s | %s | %.2f | %.2f | %s | %d |\n' "$name" "$1" \
        "$(printf '%s' "$line" | sed -E 's/.*"probes":([0-9]+).*/\1/')" \
        "$(echo "scale=2; $(stat -c %s "$out") / 1048576" | bc)" \
        "$(echo "scale=2; $(zcat "$out" | wc -c) / 1048576" | bc)" "$wall" "$((rss / 1024))"
}

echo "| suite | kind | probes | file MiB (gz) | text MiB | wall s | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|"
build jailbreak jailbreak --data "$DATA/jailbreak-templates-dev.csv.gz" --questions "$DATA/harmful-questions-dev.csv.gz"
build question-mutations mutations --data "$DATA/harmful-questions-dev.csv.gz"
build "mutations-$SAMPLE" mutations --data "$WORK/jailbreak.jsonl.gz" --sample "$SAMPLE"
build mutations mutations --data "$WORK/jailbreak.jsonl.gz"
build over-refusal over-refusal --data "$DATA/xstest-prompts-dev.csv.gz"
build harmful-responses harmful-responses --data "$DATA/jailbreak-responses-dev.csv.gz" --questions "$DATA/harmful-questions-dev.csv.gz"
build bias-pairs bias-pairs --data "$DATA/crows-pairs-dev.csv.gz"
build counterfactual counterfactual
