#!/usr/bin/env bash
# Runs one benchmark harness of this module as a plain program. See README.md in this directory.
#   infra/bench/harness/run.sh CLASS [-Dname=value ...] [ARG ...]
# CLASS: FeaturizerBenchmark, TrainerThroughputBenchmark, EncoderFineTuneBenchmark or ClassifierBenchmark (dev.assay.bench.
# may be left out). Words starting with - go to the JVM (settings), the others to the program.
# First builds the module offline in the reactor (-Pbench -am, nothing installed); BENCH_SKIP_BUILD=1
# skips that. BENCH_HEAP sets the heap (3g, as the test JVM had). JAVA_HOME defaults to Temurin 25.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

(($# >= 1)) || { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
CLASS="$1"
shift
[[ "$CLASS" == *.* ]] || CLASS="dev.assay.bench.$CLASS"
JVM_OPTS=()
ARGS=()
for word in "$@"; do
    if [[ "$word" == -* ]]; then JVM_OPTS+=("$word"); else ARGS+=("$word"); fi
done

cd "$ROOT"
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    ./mvnw -B -o -q -Pbench -pl infra/bench/harness -am package -DskipTests
fi
TARGET="$HERE/target"
[[ -f "$TARGET/classpath.txt" ]] ||
    { echo "run.sh: $TARGET/classpath.txt is missing: build without BENCH_SKIP_BUILD" >&2; exit 2; }

exec "$JAVA_HOME/bin/java" -Xmx"${BENCH_HEAP:-3g}" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    ${JVM_OPTS[@]+"${JVM_OPTS[@]}"} \
    -cp "$(cat "$TARGET/classpath.txt"):$TARGET/classes" "$CLASS" ${ARGS[@]+"${ARGS[@]}"}
