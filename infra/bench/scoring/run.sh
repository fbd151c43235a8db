#!/usr/bin/env bash
# Scoring benchmark (issue 8): for a hashed and a MiniLM reward model trained on the HH-RLHF dev pairs,
# the bare in-process forward (single, batched) next to the packaged app's /api/v1/scores: unloaded
# latency, saturation with 32 clients, open-loop at half saturation; then the same with micro-batching
# off (assay.scoring.batching.enabled=false). Uses a throwaway database (default assay_bench_scoring),
# dropped first. Build first: ./mvnw -o -q package -DskipTests -pl app -am
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
WORK="${BENCH_DIR:-/tmp/assay-bench-scoring}"
DB="${BENCH_DB:-assay_bench_scoring}"
PORT="${BENCH_PORT:-8280}"
SECONDS_PER_PHASE="${BENCH_SECONDS:-15}"
export ASSAY_MQ_NAMESPACE="assay-bench-scoring"
source "$HERE/../app.sh"

driver() { "$JAVA_HOME/bin/java" -cp "$CP" -Dseconds="$SECONDS_PER_PHASE" "$HERE/LoadDriver.java" "$URL" "$SERVICE" "$@"; }

start_app batching
create_keys
import_hh_snapshot

echo "### micro-batching ON (default)"
HASHED=$(train_and_promote hashed 3)
# A model without a sentence encoder gets no batcher either way (batching gained it nothing): small
# requests are scored on the event loop, so there is no separate batching-off run for it.
driver "$ASSAY_DATA_DIR/models/reward/v1" "hashing (no batcher, scored on the event loop)" 5
MINILM=$(train_and_promote minilm 3)
driver "$ASSAY_DATA_DIR/models/reward/v2" "MiniLM, batching on" 40
stop_app

echo "### micro-batching OFF (assay.scoring.batching.enabled=false): one forward per request"
export ASSAY_SCORING_BATCHING_ENABLED=false
start_app no-batching
driver "$ASSAY_DATA_DIR/models/reward/v2" "MiniLM, batching off" 40 skip-bare
