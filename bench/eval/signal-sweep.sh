#!/usr/bin/env bash
# Sweeps the cascade and bandit modes of the local run (./switchboard-local.sh: real operator and router,
# SIMULATED experts) over the quality of the SIMULATED signals they rest on: for each value X the pool's
# simulated experts get simulation.confidenceAuroc = X (the cascade's logprob confidence) and
# simulation.judgeAgreement = X (the bandit's judge), and the run prints quality, cost and the signal
# quality MEASURED on its prompts. Table: $OUT/signal-sweep.md (default target/eval).
#
#   bench/eval/signal-sweep.sh                       # X = 0.6 0.7 0.8 0.9, 200 prompts, seed 7 (~10 min on 2 cores)
#   VALUES="0.6 0.9" PROMPTS=100 SEED=3 bench/eval/signal-sweep.sh
#   SWITCHBOARD_SKIP_BUILD=1 bench/eval/signal-sweep.sh   # reuse the last build
#   REUSE=1 bench/eval/signal-sweep.sh                    # only rebuild the table from runs already in $OUT
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${OUT:-$ROOT/target/eval}
VALUES=${VALUES:-"0.6 0.7 0.8 0.9"}
PROMPTS=${PROMPTS:-200}
SEED=${SEED:-7}
mkdir -p "$OUT"

if [[ ${SWITCHBOARD_SKIP_BUILD:-0} != 1 && ${REUSE:-0} != 1 ]]; then
  ./mvnw -B -q install -DskipTests -pl e2e -am
fi

table="$OUT/signal-sweep.md"
{
  echo "| declared AUROC (cascade) / judge agreement (bandit) | mode | mean quality (SIMULATED) | USD/1k req (recorded) | fallback / escalated | measured on the run: AUROC (cascade) / agreement (bandit) | n | share per expert |"
  echo "|---:|---|---:|---:|---:|---|---:|---|"
} >"$table"
for x in $VALUES; do
  report="$OUT/signal-sweep-$x"
  [[ ${REUSE:-0} == 1 && -f $report/results.md ]] ||
  SWITCHBOARD_SKIP_BUILD=1 ./switchboard-local.sh --modes cascade,bandit --prompts "$PROMPTS" --seed "$SEED" \
    --confidence-auroc "$x" --judge-agreement "$x" --report "$report" >"$report.log" 2>&1 ||
    { echo "signal-sweep: run at $x failed, see $report.log" >&2; exit 1; }
  # Main-table rows have 11 cells, signal rows 5: join each mode's row with its measured signal.
  awk -F'|' -v x="$x" '
    NF == 13 && ($2 ~ /^ (cascade|bandit) $/) { q[$2] = $5; c[$2] = $7; f[$2] = $10; s[$2] = $12 }
    NF == 7 && ($2 ~ /^ (cascade|bandit) $/) { m[$2] = $5; n[$2] = $6 }
    END {
      split(" cascade | bandit ", order, "|")
      for (i = 1; i <= 2; i++) {
        k = order[i]
        if (k in q) printf "| %s |%s|%s|%s|%s|%s|%s|%s|\n", x, k, q[k], c[k], f[k], m[k], n[k], s[k]
      }
    }' "$report/results.md" >>"$table"
done
cat "$table"
