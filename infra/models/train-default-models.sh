#!/usr/bin/env bash
# Re-creates the safety classifiers the default guardrail policy ships
# (guardrail-service/src/main/resources/guardrail/default-models/NAME/) from the public data, with the
# application's own commands and fixed seeds, so the same data gives the same files:
#   prompt-attack       classifier-set prompt-attack, MiniLM sentence features, small head
#   harmful-request     classifier-set harmful-request, MiniLM sentence features, small head
#   harmful-compliance  classifier-set harmful-compliance (labelled jailbreak responses and helpful
#                       AlpacaEval answers), hashed n-grams (8,192 buckets), class weights
# Each model holds out 20% of its groups for the test (train's default), so the figures in
# infra/bench/RESULTS.md ("Default policy") are on templates, questions and prompts it never saw.
#   infra/models/train-default-models.sh [DATA_DIR]   (default: ../shared/data next to the repository)
# Environment: WORK_DIR (kept intermediate files; default: a temporary directory, removed at the end).
# Afterwards: infra/bench/harness/run.sh DefaultPolicyBenchmark thresholds figures
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="$(cd "${1:-$ROOT/../shared/data}" && pwd)"
OUT="$ROOT/guardrail-service/src/main/resources/guardrail/default-models"
SET_SEED=19
TRAIN_SEED=42
if [[ -n "${WORK_DIR:-}" ]]; then
    WORK="$WORK_DIR"
    mkdir -p "$WORK"
else
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
fi
cd "$ROOT"

assay() {
    ./assay "$@"
}

# train NAME DATA FEATURIZER [OPTION...]: one classifier into $WORK/models/NAME
train() {
    local name=$1 data=$2 featurizer=$3
    shift 3
    rm -rf "${WORK:?}/models/$name"
    echo "training $name ($featurizer)" >&2
    assay train --kind classifier --data "$data" --featurizer "$featurizer" --seed "$TRAIN_SEED" \
        --out "$WORK/models/$name" "$@" >"$WORK/$name.report.json"
}

assay classifier-set prompt-attack --data-dir "$DATA" --seed "$SET_SEED" --out "$WORK/prompt-attack.csv.gz" >&2
assay classifier-set harmful-request --data-dir "$DATA" --seed "$SET_SEED" --out "$WORK/harmful-request.csv.gz" >&2
assay classifier-set harmful-compliance --data-dir "$DATA" --out "$WORK/harmful-compliance.csv.gz" >&2

train prompt-attack "$WORK/prompt-attack.csv.gz" minilm \
    --text-column text --label-column label --group-column group
train harmful-request "$WORK/harmful-request.csv.gz" minilm \
    --text-column text --label-column label --group-column group --balance-classes
train harmful-compliance "$WORK/harmful-compliance.csv.gz" "hashed:response=8192,prompt=0,char3=true" \
    --text-column text --label-column label --group-column group --balance-classes

for name in prompt-attack harmful-request harmful-compliance; do
    rm -rf "${OUT:?}/$name"
    mkdir -p "$OUT/$name"
    # the three files a classifier directory is made of (checkpoints are not shipped)
    cp "$WORK/models/$name/model.json" "$WORK/models/$name/model.params" "$WORK/models/$name/classifier.json" \
        "$OUT/$name/"
    printf '%s test split: ' "$name" >&2
    tr -d '\n ' <"$WORK/$name.report.json" | cut -c1-120 >&2
    echo >&2
done
du -sh "$OUT"/* >&2
