#!/usr/bin/env bash
# Import benchmark: ./assay import of 200k recombined TRL pairs vs PostgreSQL COPY of the same rows into
# a plain (prompt, chosen, rejected) table, then a memory run: a 1,000,000-line import with -Xmx512m.
# See README.md beside this file. Uses a throwaway database (default assay_bench), dropped first.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SHARED="${ASSAY_SHARED_DATA:-$ROOT/../shared/data}"
WORK="${BENCH_DIR:-/tmp/assay-bench}"
PAIRS="${BENCH_PAIRS:-200000}"
MEMORY_LINES="${BENCH_MEMORY_LINES:-1000000}"
SEED="${BENCH_SEED:-20261123}"
TARGET_RATIO=0.5
export ASSAY_DB_URL="${ASSAY_DB_URL:-jdbc:postgresql://127.0.0.1:5432/assay_bench}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
DB_USER="${ASSAY_DB_USER:-assay}"
export PGPASSWORD="${ASSAY_DB_PASSWORD:-assay}"

rest=${ASSAY_DB_URL#jdbc:postgresql://}
hostport=${rest%%/*}
DB_NAME=${rest#*/}
DB_NAME=${DB_NAME%%\?*}
DB_HOST=${hostport%%:*}
DB_PORT=5432
[[ "$hostport" == *:* ]] && DB_PORT=${hostport##*:}
case "$DB_NAME" in
    assay | assay_test*) echo "run.sh: refusing to use $DB_NAME: the benchmark drops its database; use a throwaway one (e.g. assay_bench)" >&2; exit 2 ;;
esac
[[ -d "$SHARED" ]] || { echo "run.sh: shared data not found at $SHARED (set ASSAY_SHARED_DATA)" >&2; exit 2; }

psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$@"; }

# The CLI: ./assay (builds when sources changed), or the packaged jar when BENCH_USE_JAR=1.
assay_cli() {
    if [[ -n "${BENCH_USE_JAR:-}" ]]; then
        local opts=()
        [[ -n "${ASSAY_JAVA_OPTS:-}" ]] && read -r -a opts <<<"$ASSAY_JAVA_OPTS"
        "$JAVA_HOME/bin/java" "${opts[@]}" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
            -Dquarkus.log.level=WARN -jar "$ROOT/app/target/quarkus-app/quarkus-run.jar" "$@"
    else
        "$ROOT/assay" "$@"
    fi
}

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }

mkdir -p "$WORK/classes"
# The generator, with the JSON-lines reading it shares with the rules benchmark.
"$JAVA_HOME/bin/javac" -nowarn -d "$WORK/classes" "$HERE/GeneratePairs.java" "$HERE/../common/JsonLines.java"
JSONL="$WORK/pairs-$PAIRS-$SEED.jsonl"
CSV="$WORK/pairs-$PAIRS-$SEED.csv"
BIG="$WORK/pairs-$MEMORY_LINES-$SEED.jsonl"
if [[ ! -s "$JSONL" || ! -s "$CSV" ]]; then
    "$JAVA_HOME/bin/java" -cp "$WORK/classes" GeneratePairs "$SHARED" "$PAIRS" "$JSONL" "$CSV" "$SEED"
fi

echo "== fresh database $DB_NAME"
psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
# Warm-up: migrates the schema and starts the JVM once, so the timed run measures the import.
head -n 10 "$JSONL" >"$WORK/warmup.jsonl"
assay_cli import "$WORK/warmup.jsonl" --dataset bench-warmup >/dev/null

echo "== ./assay import of $PAIRS pairs ($(du -h "$JSONL" | cut -f1))"
start=$(now)
assay_cli import "$JSONL" --dataset "bench-$PAIRS" --format trl 2>/dev/null
import_s=$(calc "$(now) - $start")

echo "== COPY of the same rows into a plain table"
psql_db -d "$DB_NAME" -c "CREATE TABLE bench_plain (prompt text, chosen text, rejected text)"
start=$(now)
psql_db -d "$DB_NAME" -c "\\copy bench_plain (prompt, chosen, rejected) FROM '$CSV' WITH (FORMAT csv)"
copy_s=$(calc "$(now) - $start")
copied=$(psql_db -d "$DB_NAME" -Atc "SELECT count(*) FROM bench_plain")

import_rate=$(calc "$PAIRS / $import_s")
copy_rate=$(calc "$copied / $copy_s")
ratio=$(calc "$import_rate / $copy_rate")
printf '\nimport: %d records in %.1f s = %.0f records/s (whole command, JVM start included)\n' "$PAIRS" "$import_s" "$import_rate"
printf 'COPY:   %d rows in %.1f s = %.0f rows/s\n' "$copied" "$copy_s" "$copy_rate"
printf 'ratio:  %.2fx of COPY (target >= %sx): %s\n\n' "$ratio" "$TARGET_RATIO" \
    "$(awk "BEGIN { print ($ratio >= $TARGET_RATIO) ? \"met\" : \"NOT met\" }")"

if [[ "${BENCH_SKIP_MEMORY:-}" == 1 ]]; then
    exit 0
fi
if [[ ! -s "$BIG" ]]; then
    "$JAVA_HOME/bin/java" -cp "$WORK/classes" GeneratePairs "$SHARED" "$MEMORY_LINES" "$BIG" - "$SEED"
fi
echo "== memory run: $MEMORY_LINES lines ($(du -h "$BIG" | cut -f1)) with -Xmx512m"
start=$(now)
set +e
ASSAY_JAVA_OPTS="-Xmx512m" /usr/bin/time -v -o "$WORK/memory-run.time" \
    bash -c "$(declare -f assay_cli); ROOT='$ROOT'; JAVA_HOME='$JAVA_HOME'; BENCH_USE_JAR='${BENCH_USE_JAR:-}'; assay_cli import '$BIG' --dataset bench-memory --format trl" 2>/dev/null
status=$?
set -e
memory_s=$(calc "$(now) - $start")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/memory-run.time")
printf '\nmemory run: exit %d, %d lines in %.1f s (%.0f records/s), peak RSS %.0f MiB (-Xmx512m)\n' \
    "$status" "$MEMORY_LINES" "$memory_s" "$(calc "$MEMORY_LINES / $memory_s")" "$(calc "$rss_kb / 1024")"
exit "$status"
