#!/usr/bin/env bash
# Latency vs concurrency of the simulated expert (a TEST DOUBLE): starts it, drives closed-loop streaming load
# with curl at each concurrency level, and prints a table. TTFT = time to the first SSE byte.
#   gpu-expert-pods/simulated/bench.sh [DATASET] [MODEL]
# Environment: TIME_SCALE (1 = real GPU speed), MAX_CONCURRENCY (8), GPU (H100), LEVELS ("1 2 4 8 16 32"), ROUNDS (4 requests
# per client per level), PORT (18790).
# Latencies are wall-clock; divide by TIME_SCALE for the simulated GPU time.
set -euo pipefail

dataset=${1:-routellm_gsm8k}
model=${2:-mistralai/Mixtral-8x7B-Instruct-v0.1}
time_scale=${TIME_SCALE:-1}
max_concurrency=${MAX_CONCURRENCY:-8}
gpu=${GPU:-H100}
levels=${LEVELS:-1 2 4 8 16 32}
rounds=${ROUNDS:-4}
port=${PORT:-18790}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data_dir=${SWITCHBOARD_DATA_DIR:-$root/../shared/data}
work=$(mktemp -d)
log=$work/server.log

SIM_TIME_SCALE=$time_scale SIM_MAX_CONCURRENCY=$max_concurrency SIM_GPU_TYPE=$gpu \
  "$here/run.sh" "$dataset" "$model" "$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
grep -o 'SIMULATED expert.*' "$log" || true

# One request body per recorded prompt (first 200), streamed.
python3 - "$data_dir/$dataset.prompts.jsonl" "$model" "$work" <<'PY'
import json, sys
path, model, out = sys.argv[1:4]
with open(path) as f:
    for i, line in enumerate(f):
        if i == 200:
            break
        prompt = json.loads(line)["prompt"]
        body = {"model": model, "stream": True, "messages": [{"role": "user", "content": prompt}]}
        with open(f"{out}/body{i}.json", "w") as b:
            json.dump(body, b)
PY
bodies=$(ls "$work"/body*.json | wc -l)

percentile() { # FILE COLUMN P
  sort -g -k"$2,$2" "$1" | awk -v c="$2" -v p="$3" '{v[NR]=$c} END {i=int((NR-1)*p/100)+1; printf "%.0f", v[i]*1000}'
}

# Warm-up (JIT, connections) so the first level is not penalised.
seq 0 7 | xargs -P 4 -I{} curl -s -o /dev/null -H "content-type: application/json" \
  --data-binary @"$work/body{}.json" "http://127.0.0.1:$port/v1/chat/completions"

printf '\n%-11s %-8s %-14s %-14s %-14s %-14s %-8s\n' concurrency requests "ttft p50 ms" "ttft p95 ms" "e2e p50 ms" "e2e p95 ms" "req/s"
for level in $levels; do
  n=$((level * rounds))
  start=$(date +%s.%N)
  seq 0 $((n - 1)) | xargs -P "$level" -I{} sh -c \
    'curl -s -o /dev/null -w "%{time_starttransfer} %{time_total}\n" -H "content-type: application/json" \
       --data-binary @"$1/body$(( $2 % $3 )).json" "http://127.0.0.1:$4/v1/chat/completions"' \
    _ "$work" {} "$bodies" "$port" >"$work/level$level.txt"
  elapsed=$(echo "$(date +%s.%N) - $start" | bc -l)
  printf '%-11s %-8s %-14s %-14s %-14s %-14s %-8.1f\n' "$level" "$n" \
    "$(percentile "$work/level$level.txt" 1 50)" "$(percentile "$work/level$level.txt" 1 95)" \
    "$(percentile "$work/level$level.txt" 2 50)" "$(percentile "$work/level$level.txt" 2 95)" \
    "$(echo "$n / $elapsed" | bc -l)"
done
echo
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^vllm:(num_requests|generation_tokens_total|e2e_request_latency_seconds_count)' || true
