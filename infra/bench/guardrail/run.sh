#!/usr/bin/env bash
# Guardrail benchmark (issue 19): unloaded latency of POST /api/v1/guardrail/check under a policy
# document of rules and PII checks (prompt-injection deny list and a regex on the input; PII redaction
# and a deny list on the output), through the packaged app with its audit commit. Uses a throwaway
# database (default assay_bench_guardrail), dropped first. Build first:
# ./mvnw -o -q package -DskipTests -pl app -am
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
WORK="${BENCH_DIR:-/tmp/assay-bench-guardrail}"
DB="${BENCH_DB:-assay_bench_guardrail}"
PORT="${BENCH_PORT:-8281}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PGPASSWORD="${ASSAY_DB_PASSWORD:-assay}"
JAR="$ROOT/app/target/quarkus-app/quarkus-run.jar"
CP="$ROOT/app/target/quarkus-app/lib/main/*"
URL="http://127.0.0.1:$PORT"
JAVA=("$JAVA_HOME/bin/java" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED)

case "$DB" in assay | assay_test*) echo "refusing to drop $DB" >&2; exit 2 ;; esac
[[ -f "$JAR" ]] || { echo "build first: ./mvnw -o -q package -DskipTests -pl app -am" >&2; exit 2; }

rm -rf "$WORK" && mkdir -p "$WORK"
psql -X -q -h 127.0.0.1 -U assay -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export ASSAY_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
export ASSAY_HTTP_PORT="$PORT"
export ASSAY_DATA_DIR="$WORK/data"
export ASSAY_MQ_NAMESPACE="assay-bench-guardrail"
export ASSAY_SCORING_RATE_LIMIT_ENABLED=false

cli() { "${JAVA[@]}" -Dquarkus.log.level=WARN -jar "$JAR" "$@" 2>/dev/null; }
"${JAVA[@]}" -jar "$JAR" serve >"$WORK/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -sf "$URL/q/health/ready" >/dev/null 2>&1 && break
    sleep 1
done

cli admin create-user bench --role admin,service >/dev/null
ADMIN=$(cli admin create-key bench --role admin | tail -1)
SERVICE=$(cli admin create-key bench --role service | tail -1)
curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/yaml' --data-binary @- \
    "$URL/api/v1/guardrail/policies/bench-rules/documents" >/dev/null <<'YAML'
fallbackResponse: Sorry, I can't help with that.
input:
  - {name: injection, type: deny-list, list: prompt-injection, action: block}
  - {name: secrets-asked, type: regex, patterns: ["(api|secret)[ _-]?key"], action: flag}
output:
  - {name: pii, type: pii, types: [email, phone, credit-card, iban, secret], action: redact}
  - {name: banned, type: deny-list, terms: [forbidden recipe, detonator], action: block}
YAML
"$JAVA_HOME/bin/java" -cp "$CP" "$HERE/CheckDriver.java" "$URL" "$SERVICE" bench-rules
