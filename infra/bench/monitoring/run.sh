#!/usr/bin/env bash
# Monitoring overhead benchmark (issue 21): throughput of POST /api/v1/guardrail/check at saturation with
# the decision observers on and off. Two replicas of the packaged app on one throwaway database (default
# assay_bench_monitoring, dropped first): one as configured (assay.monitoring.enabled=true: every observer
# of DecisionMade that honours the switch, meters and whatever monitors exist then), one with
# ASSAY_MONITORING_ENABLED=false; the guardrail benchmark's driver saturates them in turn, interleaved, for
# BENCH_ROUNDS rounds of BENCH_SECONDS each, on the shipped `default` policy (deny list, three classifiers,
# PII) and on a rules-only policy (where the observers' share of the work is largest). Needs no shared data.
# Build first: ./mvnw -o -q package -DskipTests -pl app -am
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
WORK="${BENCH_DIR:-/tmp/assay-bench-monitoring}"
DB="${BENCH_DB:-assay_bench_monitoring}"
PORT="${BENCH_PORT:-8291}"
PORT_OFF="${BENCH_PORT_OFF:-$((PORT + 1))}"
export ASSAY_MQ_NAMESPACE="${BENCH_MQ_NAMESPACE:-assay-bench-monitoring}"
export BENCH_NEEDS_SHARED_DATA=0
source "$HERE/../app.sh"
URL_OFF="http://127.0.0.1:$PORT_OFF"

start_app monitoring-on
# The second replica: same jar, database, broker namespace and data, its observers switched off.
ASSAY_HTTP_PORT="$PORT_OFF" ASSAY_MONITORING_ENABLED=false "${JAVA[@]}" -jar "$JAR" serve >"$WORK/app-monitoring-off.log" 2>&1 &
OFF_PID=$!
trap 'kill "$OFF_PID" 2>/dev/null; wait "$OFF_PID" 2>/dev/null || true; stop_app' EXIT
for _ in $(seq 1 120); do
    curl -sf "$URL_OFF/q/health/ready" >/dev/null 2>&1 && break
    sleep 1
done
curl -sf "$URL_OFF/q/health/ready" >/dev/null || { echo "second replica did not start; see $WORK/app-monitoring-off.log" >&2; exit 1; }

create_keys
curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/yaml' \
    --data-binary "@$HERE/../policies/rules-only.yaml" "$URL/api/v1/guardrail/policies/rules-only/documents" >/dev/null
sleep 3  # the policy cache of the other replica
echo "load average before the measurements: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$WORK/classes"
"$JAVA_HOME/bin/javac" -nowarn -cp "$CP" -d "$WORK/classes" "$HERE/../scoring/LoadDriver.java" \
    "$HERE/../guardrail/CheckDriver.java" "$HERE/MonitoringDriver.java"
status=0
"$JAVA_HOME/bin/java" -cp "$WORK/classes:$CP" -Dseconds="${BENCH_SECONDS:-20}" -Drounds="${BENCH_ROUNDS:-3}" \
    MonitoringDriver "$URL" "$URL_OFF" "$SERVICE" default rules-only || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
