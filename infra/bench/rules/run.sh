#!/usr/bin/env bash
# Rules benchmark: speed of text normalisation, PII scanning and rule matching on 100 KB texts, and
# their behaviour on the shared real data (ordinary answers and requests, jailbreak templates under
# six obfuscations). See README.md beside this file.
#   infra/bench/rules/run.sh            (BENCH_SKIP_BUILD=1 skips compiling guardrail-service)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SHARED="${ASSAY_SHARED_DATA:-$ROOT/../shared/data}"
WORK="${BENCH_DIR:-/tmp/assay-bench-rules}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

cd "$ROOT"
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    ./mvnw -B -o -q compile -pl guardrail-service -am
fi
# the rules and buffs need nothing but the JDK, the CSV reader neither: the modules' classes are the whole
# classpath, with the JSON-lines reading the program shares with the import benchmark
CP="$ROOT/guardrail-service/target/classes:$ROOT/reward-trainer/target/classes"
mkdir -p "$WORK/classes"
"$JAVA_HOME/bin/javac" -nowarn -cp "$CP" -d "$WORK/classes" "$HERE/RulesBenchmark.java" "$HERE/../common/JsonLines.java"
exec "$JAVA_HOME/bin/java" -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$WORK/classes:$CP" RulesBenchmark "$SHARED"
