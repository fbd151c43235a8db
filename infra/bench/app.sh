# Shared by the benchmarks that drive the packaged app over REST (scoring, guardrail, handout): sourced by
# their run.sh after it sets ROOT, WORK, DB, PORT and ASSAY_MQ_NAMESPACE (and BENCH_NEEDS_SHARED_DATA=0 when
# it generates its own data). Drops and recreates the throwaway database, and defines the app's start/stop,
# the CLI and the REST helpers. BENCH_APP=<dir with quarkus-run.jar> runs another build of the app.
SHARED="${ASSAY_SHARED_DATA:-$ROOT/../shared/data}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PGPASSWORD="${ASSAY_DB_PASSWORD:-assay}"
APP="${BENCH_APP:-$ROOT/app/target/quarkus-app}"
JAR="$APP/quarkus-run.jar"
CP="$APP/lib/main/*"
URL="http://127.0.0.1:$PORT"
JAVA=("$JAVA_HOME/bin/java" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED)

case "$DB" in assay | assay_test*) echo "refusing to drop $DB" >&2; exit 2 ;; esac
[[ -f "$JAR" ]] || { echo "build first: ./mvnw -o -q package -DskipTests -pl app -am" >&2; exit 2; }
[[ "${BENCH_NEEDS_SHARED_DATA:-1}" == 0 || -f "$SHARED/hh-rlhf-harmless-dev.jsonl.gz" ]] || { echo "shared data not found at $SHARED" >&2; exit 2; }

rm -rf "$WORK" && mkdir -p "$WORK"
psql -X -q -h 127.0.0.1 -U assay -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
export ASSAY_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
export ASSAY_HTTP_PORT="$PORT"
export ASSAY_DATA_DIR="$WORK/data"
export ASSAY_SCORING_RATE_LIMIT_ENABLED=false
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" # as ./assay runs the app (and for the bare forward too)
export ASSAY_REGISTRY_GATE_TOLERANCE=1.0

cli() { "${JAVA[@]}" -Dquarkus.log.level=WARN -jar "$JAR" "$@" 2>/dev/null; }
APP_PID=""
start_app() { # log-name
    "${JAVA[@]}" -jar "$JAR" serve >"$WORK/app-$1.log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 120); do
        curl -sf "$URL/q/health/ready" >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "app did not start; see $WORK/app-$1.log" >&2; exit 1
}
stop_app() { [[ -n "$APP_PID" ]] && kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }
trap stop_app EXIT

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
location() { tr -d '\r' | awk 'tolower($1) == "location:" {print $2}' | sed "s#^/#$URL/#"; }

create_keys() { # sets ADMIN, RESEARCHER and SERVICE
    cli admin create-user bench --role admin,researcher,service >/dev/null
    ADMIN=$(cli admin create-key bench --role admin | tail -1)
    RESEARCHER=$(cli admin create-key bench --role researcher | tail -1)
    SERVICE=$(cli admin create-key bench --role service | tail -1)
}

import_hh_snapshot() { # sets SNAPSHOT: the HH-RLHF dev pairs imported over REST, one snapshot of them
    local job
    job=$(curl -sf -H "Authorization: Bearer $RESEARCHER" -H 'Content-Type: application/octet-stream' \
        --data-binary @"$SHARED/hh-rlhf-harmless-dev.jsonl.gz" \
        "$URL/api/v1/datasets/hh-dev/imports?file=hh-rlhf-harmless-dev.jsonl.gz" -D - -o /dev/null | location)
    [[ -n "$job" ]] || { echo "import was not accepted" >&2; exit 1; }
    until [[ "$(curl -sf -H "Authorization: Bearer $RESEARCHER" "$job" | json "['state']")" == SUCCEEDED ]]; do sleep 1; done
    SNAPSHOT=$(curl -sf -H "Authorization: Bearer $RESEARCHER" -H 'Content-Type: application/json' \
        -d '{"name": "bench", "filter": {"datasets": ["hh-dev"], "validationFraction": 0.1, "testFraction": 0.1}}' \
        "$URL/api/v1/snapshots" | json "['id']")
}

train_and_promote() { # featurizer epochs -> prints the reward model's id
    local run model state
    run=$(curl -sf -H "Authorization: Bearer $RESEARCHER" -H 'Content-Type: application/json' \
        -d "{\"snapshotId\": $SNAPSHOT, \"featurizer\": \"$1\", \"epochs\": $2}" "$URL/api/v1/training-runs" \
        -D - -o /dev/null | location)
    while :; do
        state=$(curl -sf -H "Authorization: Bearer $RESEARCHER" "$run" | json "['run']['state']")
        [[ "$state" == SUCCEEDED ]] && break
        [[ "$state" == FAILED ]] && { echo "training run $run failed" >&2; exit 1; }
        sleep 2
    done
    model=$(curl -sf -H "Authorization: Bearer $RESEARCHER" "$run" | json "['run']['modelId']")
    curl -sf -X POST -H "Authorization: Bearer $ADMIN" "$URL/api/v1/models/$model/promote" >/dev/null
    sleep 3  # the promotion reaches this replica over RabbitMQ
    echo "$model"
}
