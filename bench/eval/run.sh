#!/usr/bin/env bash
# Offline routing evaluation on the recorded outcomes in ../shared/data (or $SWITCHBOARD_DATA_DIR).
# Builds router-sidecar/eval, then runs switchboard-eval (the router's own routing code, no HTTP):
#   evaluate : RouteLLM cost-quality curves, APGR, CPT(50/80/95%), $/1k, frontier + Gini (held-out prompts)
#   bandit   : LinUCB vs Thompson vs epsilon-greedy cumulative reward/regret over 10,000 replayed decisions
#   latency  : added routing latency per decision on one core (p50/p99, decisions/s)
#   shift    : distribution shift (train on one set or its categories, test on another; PARTS=shift, not in the default)
#   signals  : cascade and bandit over simulated-signal AUROC 0.6-0.9 in the local run (bench/eval/signal-sweep.sh;
#              PARTS=signals, not in the default: ~10 min, it runs the whole system)
# Tables go to stdout; CSV + SVG to $OUT (default target/eval). Embeddings are cached in ~/.cache/switchboard.
#
#   bench/eval/run.sh              # everything (~20 min on 2 cores the first time, embeddings included)
#   bench/eval/run.sh --quick      # small seeded subsets (~3 min): for a smoke run, not for reporting
#   SETS="routellm_gsm8k" bench/eval/run.sh   # only these strong/weak sets
#   SEED=7 PARTS="evaluate bandit" bench/eval/run.sh   # another split, no latency run
#   ENCODERS=minilm bench/eval/run.sh   # only the contextual encoder (default: minilm and minilm-static side by side)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${OUT:-$ROOT/target/eval}
SEED=${SEED:-42}
LIMIT=0
LAT_REQUESTS=2000
DECISIONS=10000
if [[ "${1:-}" == "--quick" ]]; then
  LIMIT=600
  LAT_REQUESTS=300
  DECISIONS=2000
fi
SETS=${SETS:-"routellm_mmlu routellm_gsm8k routerbench_subset routellm_mtbench"}
PARTS=${PARTS:-"evaluate bandit latency"}
ENCODERS=${ENCODERS:-"minilm minilm-static"}
want() { [[ " $PARTS " == *" $1 "* ]]; }

# MVN_FLAGS e.g. "-o -Dmaven.repo.local=/path" for an offline build with one's own local repository.
./mvnw -B -q -ntp ${MVN_FLAGS:-} -pl router-sidecar/eval -am install -DskipTests
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -B -q -ntp ${MVN_FLAGS:-} -pl router-sidecar/eval dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$ROOT/router-sidecar/eval/target/classes:$(cat "$CP_FILE")"
eval_cli() {
  java -Xmx3g -Dswitchboard.repo.root="$ROOT" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
    io.switchboard.router.eval.EvalCli "$@" 2> >(grep --line-buffered -v '^SLF4J' >&2)
}
COMMON=(--seed "$SEED" --limit "$LIMIT")

want evaluate && for enc in $ENCODERS; do for set in $SETS; do
  echo; echo "== encoder $enc"
  case "$set" in
    routerbench_subset)
      eval_cli evaluate --dataset "$set" "${COMMON[@]}" --encoder "$enc" --strong gpt-4-1106-preview --weak mistralai/mixtral-8x7b-chat \
        --out "$OUT/$enc" ;;
    routellm_mtbench)
      # 58 questions are too few to train on: train on the MMLU and GSM8K training splits (same two models),
      # test on every MT-Bench question, routing on turn 1 (RouteLLM also trains on other data than MT-Bench).
      eval_cli evaluate --dataset "$set" --test-fraction 1.0 --extra-train routellm_gsm8k,routellm_mmlu --folds 3 \
        "${COMMON[@]}" --encoder "$enc" --out "$OUT/$enc" ;;
    *)
      eval_cli evaluate --dataset "$set" "${COMMON[@]}" --encoder "$enc" --out "$OUT/$enc" ;;
  esac
done; done

# Reward = the policy's default rewardWeights (quality only), then a cost-aware one (quality - 0.5 x cost per cent);
# every policy is tuned the same way on the training replay and also replayed warm-started from the training outcomes.
want bandit && for set in routerbench_subset routerdc_7model; do
  eval_cli bandit --dataset "$set" --tune --warm-start --decisions "$DECISIONS" "${COMMON[@]}" --out "$OUT"
done
want bandit && eval_cli bandit --dataset routerbench_subset --tune --warm-start --cost-weight 0.5 --decisions "$DECISIONS" \
  "${COMMON[@]}" --out "$OUT/cost-aware"

want latency && for enc in $ENCODERS; do for set in routellm_mmlu routerbench_subset; do
  eval_cli latency --dataset "$set" --requests "$LAT_REQUESTS" --threads 1 --seed "$SEED" --encoder "$enc"
done; done
# Distribution shift (issue 17 item 5); Mixtral is a DECLARED stand-in: RouterBench's mixtral-8x7b-chat as RouteLLM's
# Mixtral-8x7B-Instruct-v0.1. routerdc_7model shares no model id with the others: shifts across its categories.
MIX="mistralai/mixtral-8x7b-chat=mistralai/Mixtral-8x7B-Instruct-v0.1"
want shift && eval_cli shift --dataset routerbench_subset --test routellm_mmlu,routellm_gsm8k --expert-map "$MIX" \
  --strong gpt-4-1106-preview --weak mistralai/Mixtral-8x7B-Instruct-v0.1 "${COMMON[@]}" --out "$OUT"
want shift && eval_cli shift --dataset routerbench_subset --categories arc-challenge,winogrande --test routerbench_subset@mbpp \
  --strong gpt-4-1106-preview --weak mistralai/mixtral-8x7b-chat "${COMMON[@]}" --out "$OUT"
want shift && eval_cli shift --dataset routerdc_7model --categories mmlu,arc_easy,arc_challenge \
  --test routerdc_7model@gsm8k,routerdc_7model@mbpp+humaneval "${COMMON[@]}" --out "$OUT"
# Signal-quality sweep (issue 17 item 1): the local run's cascade and bandit rows over AUROC 0.6, 0.7, 0.8, 0.9.
want signals && OUT="$OUT" bench/eval/signal-sweep.sh
echo
echo "CSV and SVG written to $OUT"
