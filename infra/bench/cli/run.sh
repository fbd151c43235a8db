#!/usr/bin/env bash
# Start-up of every ./assay command, as a user runs it: wall and CPU (user + system) of the whole
# command, launcher included, median of BENCH_RUNS runs (default 5) after one warm-up run each, on the
# packaged jars (ASSAY_SKIP_BUILD=1: build them first with ./mvnw -B -q package -DskipTests), i.e. on
# app-cli's artifact, as ./assay runs commands. The output also gives each command's load average.
# Each command runs in-process (ASSAY_COMMAND_SERVER=off); those the launcher runs on the command server
# run there too: "server" rows are warm (the server already runs), "server-cold" rows the command that
# starts it (after ./assay down), their CPU the command's plus the server's own up to the answer.
#
# Environment: BENCH_DB (database, default assay_bench_cli), BENCH_RUNS, BENCH_COMMANDS (a subset of
# the names below, space-separated), BENCH_COLD (the commands timed cold on the server, default
# admin-create-key), BENCH_LAUNCHER (another ./assay, e.g. an older one to compare
# with, together with ASSAY_APP_JAR), plus anything ./assay reads (ASSAY_JAVA_OPTS, ...).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
RUNS="${BENCH_RUNS:-5}"
WORK="$ROOT/target/bench-cli/${BENCH_DB:-assay_bench_cli}"
mkdir -p "$WORK"
export ASSAY_DB_URL="jdbc:postgresql://127.0.0.1:5432/${BENCH_DB:-assay_bench_cli}"
export ASSAY_MQ_NAMESPACE="${ASSAY_MQ_NAMESPACE:-assay-bench-cli}"
export ASSAY_STATE_DIR="${ASSAY_STATE_DIR:-$WORK/state}"
export ASSAY_DATA_DIR="$ASSAY_STATE_DIR/data"
export ASSAY_SKIP_BUILD=1
unset ASSAY_DB_NAME

LAUNCHER="${BENCH_LAUNCHER:-$ROOT/assay}"
assay() { ASSAY_COMMAND_SERVER=off "$LAUNCHER" "$@"; }
# no command server outlives the benchmark
trap '"$LAUNCHER" down >/dev/null 2>&1 || true' EXIT

# 200 short TRL pairs: enough rows for every command to do real work, few enough to time start-up.
PAIRS="$WORK/pairs.jsonl"
for i in $(seq 1 200); do
    printf '{"prompt":"Question %d: how do I water a cactus?","chosen":"Sparingly, every %d weeks.","rejected":"Every hour, %d litres."}\n' \
        "$i" "$((i % 5 + 1))" "$i"
done >"$PAIRS"

suffix=$(date +%s)
user="bench-$suffix"
dataset="bench-cli-$suffix"
# setup (not timed): the database, a dataset, a user and a model to evaluate
assay import "$PAIRS" --dataset "$dataset" >/dev/null
assay admin create-user "$user" --role service --password a-long-password >/dev/null
MODEL="$WORK/model-$suffix"
assay train --data "$PAIRS" --out "$MODEL" --featurizer hashed --epochs 1 --seed 1 >/dev/null 2>&1

# the launcher records its start-up cache in the background after a build: time the commands with it
while compgen -G "$ASSAY_STATE_DIR/*.aot.recording" >/dev/null; do
    sleep 2
done

n=0
declare -A COMMANDS=(
    [help]="--help"
    [eval]="eval --model $MODEL --data $PAIRS"
    [admin-create-user]="admin create-user @USER@ --role service --password a-long-password"
    [admin-create-key]="admin create-key $user --role service"
    [admin-reset-password]="admin reset-password $user"
    [audit-verify]="audit verify"
    [import]="import $PAIRS --dataset @DATASET@"
    [export]="export $dataset --format trl -o $WORK/export.jsonl"
    [snapshot]="snapshot create --name @SNAPSHOT@ --dataset $dataset"
    [suite-build]="suite build counterfactual --name bench -o $WORK/counterfactual.jsonl"
)
ORDER=(help eval suite-build admin-create-user admin-create-key admin-reset-password audit-verify import export snapshot)
[[ -z "${BENCH_COMMANDS:-}" ]] || read -r -a ORDER <<<"$BENCH_COMMANDS"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# on_server NAME: true when the launcher runs the command NAME on the command server
on_server() {
    case "$1" in
        admin-* | audit-* | import | export | snapshot) return 0 ;;
    esac
    return 1
}

# server_cpu: the CPU seconds (user + system) the running command servers of this state directory used so far
server_cpu() {
    local pid_file pid total=0
    for pid_file in "$ASSAY_STATE_DIR"/command-server/*.pid; do
        [[ -f "$pid_file" ]] || continue
        pid=$(tr -dc '0-9' <"$pid_file")
        [[ -n "$pid" && -r "/proc/$pid/stat" ]] || continue
        total=$(awk -v t="$total" -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", t + ($14 + $15) / hz }' "/proc/$pid/stat")
    done
    printf '%s\n' "$total"
}

# measure NAME MODE: times BENCH_RUNS runs of the command NAME (after a warm-up run unless cold) in MODE
# (in-process, server or server-cold) and prints its row
measure() {
    local name=$1 mode=$2 walls=() cpus=() run first=1 before after
    [[ "$mode" != server-cold ]] || first=0
    for run in $(seq "$first" "$RUNS"); do
        n=$((n + 1))
        line=${COMMANDS[$name]}
        line=${line//@USER@/$user-$n}
        line=${line//@DATASET@/$dataset-$n}
        line=${line//@SNAPSHOT@/bench-$suffix-$n}
        read -r -a args <<<"$line"
        [[ "$mode" != server-cold ]] || "$LAUNCHER" down >/dev/null
        before=$(server_cpu)
        if ! ASSAY_COMMAND_SERVER=$([[ "$mode" == in-process ]] && echo off || echo on) \
            /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$LAUNCHER" "${args[@]}" >"$WORK/out" 2>"$WORK/err"; then
            echo "$name ($mode) failed:" >&2
            cat "$WORK/err" >&2
            exit 1
        fi
        after=$(server_cpu)
        ((run > 0)) || continue # warm-up
        read -r wall user_s sys_s <"$WORK/time"
        walls+=("$wall")
        cpus+=("$(awk -v u="$user_s" -v s="$sys_s" -v b="$before" -v a="$after" 'BEGIN { printf "%.2f", u + s + a - b }')")
    done
    printf '%-22s %-11s %8s %8s %6s   %s / %s\n' "$name" "$mode" \
        "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
        "$(cut -d' ' -f1 /proc/loadavg)" "${walls[*]}" "${cpus[*]}"
}

printf '%-22s %-11s %8s %8s %6s   %s\n' command mode wall_s cpu_s load "runs (wall/cpu)"
for name in "${ORDER[@]}"; do
    measure "$name" in-process
    if on_server "$name"; then
        measure "$name" server
    fi
done
for name in ${BENCH_COLD-admin-create-key}; do
    measure "$name" server-cold
done
