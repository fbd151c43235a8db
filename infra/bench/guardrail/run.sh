#!/usr/bin/env bash
# Guardrail benchmark (issue 19): POST /api/v1/guardrail/check of the packaged app, audit commit
# included, under a layered policy document: rules and PII checks, the prompt-attack classifier on the
# input, the harmful-compliance judge on the output and the reward check. Once with hashed classifiers,
# once with MiniLM ones (the reward model is hashed in both). For each: unloaded latency (one client),
# saturation with 32 clients, and the bare in-process forwards of the same three models on the same texts
# (per request, and batched: the saturation reference). Models are trained small (a subsample, few
# epochs): their quality is not measured here. Uses a throwaway database (default assay_bench_guardrail),
# dropped first. Build first: ./mvnw -o -q package -DskipTests -pl app -am
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
WORK="${BENCH_DIR:-/tmp/assay-bench-guardrail}"
DB="${BENCH_DB:-assay_bench_guardrail}"
PORT="${BENCH_PORT:-8281}"
SECONDS_PER_PHASE="${BENCH_SECONDS:-15}"
TRAINING_ROWS="${BENCH_TRAINING_ROWS:-1500}"
export ASSAY_MQ_NAMESPACE="${BENCH_MQ_NAMESPACE:-assay-bench-guardrail}"
source "$HERE/../app.sh"
JUDGE_DATA="$SHARED/safety/jailbreak-responses-dev.csv.gz"
[[ -f "$JUDGE_DATA" ]] || { echo "shared data not found: $JUDGE_DATA" >&2; exit 2; }

# The classifiers, trained from files with the CLI on a random subsample of their data.
sample() { # in.csv.gz out.csv: the header and TRAINING_ROWS random rows
    python3 - "$1" "$2" "$TRAINING_ROWS" <<'PY'
import csv, gzip, random, sys
with gzip.open(sys.argv[1], "rt", newline="") as f:
    rows = list(csv.reader(f))
random.Random(7).shuffle(body := rows[1:])
with open(sys.argv[2], "w", newline="") as f:
    csv.writer(f).writerows([rows[0]] + body[:int(sys.argv[3])])
PY
}
cli classifier-set prompt-attack --data-dir "$SHARED" --out "$WORK/prompt-attack.csv.gz"
sample "$WORK/prompt-attack.csv.gz" "$WORK/prompt-attack.csv"
sample "$JUDGE_DATA" "$WORK/judge.csv"
for featurizer in hashed minilm; do
    cli train --kind classifier --data "$WORK/prompt-attack.csv" --text-column text --label-column label \
        --group-column group --featurizer "$featurizer" --epochs 2 --out "$WORK/attack-$featurizer" >/dev/null
    cli train --kind classifier --data "$WORK/judge.csv" --text-column Response --label-column label \
        --featurizer "$featurizer" --epochs 2 --out "$WORK/judge-$featurizer" >/dev/null
done

start_app guardrail
create_keys
register_and_promote() { # name directory
    (cd "$2" && zip -qr "$WORK/$1.zip" .)
    local model
    model=$(curl -sf -H "Authorization: Bearer $RESEARCHER" -F "name=$1" -F "model=@$WORK/$1.zip" \
        "$URL/api/v1/models/classifiers" | json "['id']")
    curl -sf -X POST -H "Authorization: Bearer $ADMIN" "$URL/api/v1/models/$model/promote" >/dev/null
}
for featurizer in hashed minilm; do
    register_and_promote "prompt-attack-$featurizer" "$WORK/attack-$featurizer"
    register_and_promote "judge-$featurizer" "$WORK/judge-$featurizer"
done
import_hh_snapshot
train_and_promote hashed 1 >/dev/null
REWARD="$ASSAY_DATA_DIR/models/reward/v1"

# Every check runs on every request: the classifier and reward checks flag, and no prompt carries an
# injection the deny list would block on.
for featurizer in hashed minilm; do
    curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/yaml' --data-binary @- \
        "$URL/api/v1/guardrail/policies/layered-$featurizer/documents" >/dev/null <<YAML
fallbackResponse: Sorry, I can't help with that.
input:
  - {name: injection, type: deny-list, list: prompt-injection, action: block}
  - {name: secrets-asked, type: regex, patterns: ["(api|secret)[ _-]?key"], action: flag}
  - {name: attack, type: classifier, model: prompt-attack-$featurizer, label: attack, threshold: 0.5, action: flag}
output:
  - {name: pii, type: pii, types: [email, phone, credit-card, iban, secret], action: redact}
  - {name: banned, type: deny-list, terms: [forbidden recipe, detonator], action: block}
  - {name: compliance, type: classifier, model: judge-$featurizer, label: "1", threshold: 0.5, action: flag}
  - {name: reward, type: reward, threshold: -3.0, action: flag}
YAML
done
curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/yaml' \
    --data-binary "@$HERE/../policies/rules-only.yaml" "$URL/api/v1/guardrail/policies/rules-only/documents" >/dev/null
sleep 3  # the promotions reach this replica over RabbitMQ
echo "load average before the measurements: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$WORK/classes"
"$JAVA_HOME/bin/javac" -nowarn -cp "$CP" -d "$WORK/classes" "$HERE/../scoring/LoadDriver.java" "$HERE/CheckDriver.java"
"$JAVA_HOME/bin/java" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED -cp "$WORK/classes:$CP" \
    -Dseconds="$SECONDS_PER_PHASE" -Drules-policy=rules-only -Dapp-pid="$APP_PID" -Ddb="$DB" CheckDriver "$URL" "$SERVICE" "$REWARD" \
    "hashed classifiers" layered-hashed "$WORK/attack-hashed" "$WORK/judge-hashed" 10 \
    "MiniLM classifiers" layered-minilm "$WORK/attack-minilm" "$WORK/judge-minilm" 60
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
