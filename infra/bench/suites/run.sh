#!/usr/bin/env bash
# Suite-run benchmark: how fast the runner applies the suites built from the shared dev files to a policy
# (and the bias pairs to a reward model), in process, nothing stored. See SuiteRunBenchmark.java.
#   infra/bench/suites/run.sh [REWARD_MODEL_DIR]     (BENCH_SKIP_BUILD=1 skips compiling)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SHARED="${ASSAY_SHARED_DATA:-$ROOT/../shared/data}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
CLASSPATH_FILE="$ROOT/guardrail-service/target/bench-classpath.txt"
[[ -d "$SHARED/safety" ]] || { echo "shared data not found: $SHARED/safety" >&2; exit 2; }

cd "$ROOT"
if [[ -z "${BENCH_SKIP_BUILD:-}" || ! -f "$CLASSPATH_FILE" ]]; then
    ./mvnw -B -o -q compile dependency:build-classpath -pl guardrail-service -am \
        -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=runtime
fi
CP="$ROOT/guardrail-service/target/classes:$ROOT/reward-trainer/target/classes:$ROOT/preference-store/target/classes"
CP="$CP:$(cat "$CLASSPATH_FILE")"
export OMP_WAIT_POLICY=PASSIVE
exec "$JAVA_HOME/bin/java" -Xmx2g -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
    -cp "$CP" "$HERE/SuiteRunBenchmark.java" "$SHARED" "$@"
