#!/usr/bin/env bash
# Issue 7: reward-trainer speed and memory benchmarks. See README.md in this directory.
#   1. training pairs/s: DJL loop vs the same model/loss/optimizer in plain PyTorch (target >= 0.9x)
#   2. MiniLM texts/s: SentenceEncoder vs a bare ONNX Runtime session (target >= 0.9x)
#   3. 100k pairs train with -Xmx2g: success and peak RSS
# Each comparison alternates its two sides round by round inside one run (shared 2-core machine).
# Settings (environment): BENCH_PAIRS (512), BENCH_EPOCHS (2), BENCH_ROUNDS (3), BENCH_TEXTS (500),
# BENCH_MEMORY_PAIRS (100000), BENCH_DIR (/tmp/assay-bench-trainer), BENCH_SKIP_MEMORY=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/infra/bench/trainer"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
PY=/usr/bin/python3 # Debian's python with python3-torch, not the pyenv python on PATH
DIR="${BENCH_DIR:-/tmp/assay-bench-trainer}"
PAIRS="${BENCH_PAIRS:-512}"
EPOCHS="${BENCH_EPOCHS:-2}"
ROUNDS="${BENCH_ROUNDS:-3}"
TEXTS="${BENCH_TEXTS:-500}"
MEMORY_PAIRS="${BENCH_MEMORY_PAIRS:-100000}"
mkdir -p "$DIR"
LOG="$DIR/run.log"
: >"$LOG"

export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" # as ./assay runs the app; the Python loop gets the same
say() { echo "$*" | tee -a "$LOG"; }

cd "$ROOT"
if ! "$PY" -c 'import torch' 2>/dev/null; then
    say "installing python3-torch (Debian)"
    apt-get install -y python3-torch >>"$LOG" 2>&1
fi

# the harness module first, so its build does not overlap the memory run's measurement
say "== building the benchmark harnesses (infra/bench/harness, -Pbench)"
./mvnw -B -o -q -Pbench -pl infra/bench/harness -am package -DskipTests >>"$LOG" 2>&1 ||
    { tail -n 60 "$LOG"; exit 1; }

say "== loadavg at start: $(cat /proc/loadavg)"
# sample the load average every 30 s for the whole run
( while sleep 30; do echo "$(date +%T) $(cat /proc/loadavg)"; done >"$DIR/loadavg.log" ) &
SAMPLER_PID=$!
trap 'kill "$SAMPLER_PID" 2>/dev/null || true' EXIT

# ---- 3: memory (in the background, alongside 1+2: its figures are memory, not speed; the speed
# comparisons alternate their two sides, so this extra load hits both sides alike) -----------------
memory_run() {
    local DATA="$DIR/pairs-$MEMORY_PAIRS.jsonl.gz"
    [[ -s "$DATA" ]] || "$PY" "$HERE/gen_pairs.py" "$DATA" --pairs "$MEMORY_PAIRS" >>"$LOG"
    rm -rf "$DIR/model-100k" "$DIR/gc.log" "$DIR/time-v.txt"
    echo "== 3: ./assay train --data $DATA --featurizer hashed --epochs 1 with -Xmx2g (started $(date +%T))" >>"$LOG"
    # own database: the app migrates at start, and the shared 'assay' database may be ahead of or
    # behind this working tree's migrations
    ASSAY_DB_NAME="${BENCH_DB_NAME:-assay_bench_trainer}" ASSAY_DB_URL="" ASSAY_SKIP_BUILD="${ASSAY_SKIP_BUILD:-1}" \
        ASSAY_JAVA_OPTS="-Xmx2g -Xlog:gc:file=$DIR/gc.log" \
        /usr/bin/time -v -o "$DIR/time-v.txt" \
        ./assay train --data "$DATA" --featurizer hashed --out "$DIR/model-100k" --epochs 1 >"$DIR/train-100k.log" 2>&1
}
MEM_PID=""
if [[ -z "${BENCH_SKIP_MEMORY:-}" ]]; then
    memory_run &
    MEM_PID=$!
fi

# ---- 1 and 2: one JVM, alternating rounds ------------------------------------------------------
say "== 1+2: TrainerThroughputBenchmark (pairs $PAIRS, epochs $EPOCHS, rounds $ROUNDS, texts $TEXTS)"
BENCH_SKIP_BUILD=1 "$ROOT/infra/bench/harness/run.sh" TrainerThroughputBenchmark \
    -Dassay.bench.pairs="$PAIRS" -Dassay.bench.epochs="$EPOCHS" \
    -Dassay.bench.rounds="$ROUNDS" -Dassay.bench.texts="$TEXTS" -Dassay.bench.dir="$DIR" \
    -Dassay.bench.python="$PY" -Dassay.bench.torch-script="$HERE/torch_loop.py" >"$DIR/throughput.log" 2>&1 ||
    { tail -n 60 "$DIR/throughput.log"; exit 1; }
grep -E '^(TRAIN|EMBED|RESULT) ' "$DIR/throughput.log" | tee -a "$LOG"
say "== loadavg after 1+2: $(cat /proc/loadavg)"

MEM_RESULT="skipped"
if [[ -n "$MEM_PID" ]]; then
    say "== waiting for the memory run (pid $MEM_PID)"
    set +e
    wait "$MEM_PID"
    rc=$?
    set -e
    tail -n 15 "$DIR/train-100k.log" | tee -a "$LOG"
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$DIR/time-v.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$DIR/time-v.txt")
    # peak Java heap: largest "before" occupancy in the unified GC log lines "... 123M->45M(2048M) ..."
    heap=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$DIR/gc.log" 2>/dev/null |
        awk -F'[M>(-]+' '{ if ($1 > max) max = $1; if ($3 > cap) cap = $3 } END { printf "%dM used (max committed %dM)", max, cap }')
    oom=$(grep -c 'OutOfMemoryError' "$DIR/train-100k.log" || true)
    if ((rc == 0)); then MEM_RESULT="OK"; else MEM_RESULT="FAILED rc=$rc (OutOfMemoryError lines: $oom)"; fi
    MEM_RESULT="$MEM_RESULT, wall $wall, peak RSS $((rss_kb / 1024)) MiB, peak Java heap $heap"
fi

# ---- summary -------------------------------------------------------------------------------------
value() { grep -oE "$1=[0-9.e+-]+" "$DIR/throughput.log" | tail -n 1 | cut -d= -f2; }
ratio_ok() { awk -v r="$1" 'BEGIN { print (r >= 0.9 ? "meets" : "BELOW") }'; }
say ""
say "================ issue 7 figures (target in brackets) ================"
say "1. training pairs/s  DJL precomputed $(value train_djl_precomputed_pairs_per_s)  PyTorch $(value train_torch_pairs_per_s)  ratio $(value train_ratio) [>= 0.9x: $(ratio_ok "$(value train_ratio)")]"
say "   DJL TrainingJob (hashes each batch in the loop): $(value train_djl_trainingjob_pairs_per_s) pairs/s (not comparable to the PyTorch loop)"
say "   threads: $(grep '^TRAIN threads' "$DIR/throughput.log" | sed 's/^TRAIN threads: //')"
say "2. MiniLM texts/s    SentenceEncoder $(value embed_encoder_texts_per_s)  bare OrtSession $(value embed_bare_ort_texts_per_s)  ratio $(value embed_ratio) [>= 0.9x: $(ratio_ok "$(value embed_ratio)")]  max|diff| $(value embed_max_abs_diff)"
say "3. $MEMORY_PAIRS pairs, 1 epoch, -Xmx2g: $MEM_RESULT [target: completes within a 2 GB heap]"
say "loadavg at end: $(cat /proc/loadavg); 1-min loadavg during the run: $(awk '{ s += $2; if ($2 > m) m = $2; n++ } END { if (n) printf "mean %.1f, max %.1f over %d samples", s / n, m, n }' "$DIR/loadavg.log")"
say "full logs: $DIR/throughput.log, $DIR/train-100k.log, $DIR/time-v.txt, $DIR/gc.log; summary: $LOG"
