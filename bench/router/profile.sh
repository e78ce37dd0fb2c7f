#!/usr/bin/env bash
# Where the router's CPU goes under load: a JFR recording of the router (weighted mode, one expert = nginx
# answering a fixed body) while wrk drives it, summarised as tables. Run by a person; not part of the test suite.
#
#   bench/router/profile.sh                      # 50 connections, closed loop, JSON
#   BODY_STREAM=1 bench/router/profile.sh        # the same with SSE
#   PACE_MS=3 bench/router/profile.sh            # the paced point of run.sh
#   KEEP=/tmp/router.jfr bench/router/profile.sh # keep the recording (open it in JDK Mission Control)
#
# Prints: the hottest methods by own samples, the hottest Switchboard methods by inclusive samples (how much of the
# CPU each of our frames and what it calls costs), allocation by class, GC pauses, and the CPU per request.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/router"
SECS=${SECONDS_TO_RECORD:-15}
CONNS=${CONNECTIONS:-50}
TOP=${TOP:-25}
WORK=$(mktemp -d /tmp/switchboard-profile.XXXXXX)
PIDS=()
# shellcheck source=lib.sh
source "$HERE/lib.sh"
log() { echo "[profile] $*" >&2; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "needs nginx (apt-get install nginx-light)"; exit 1; }

MOCK=$(free_port)
mkdir -p "$WORK/mock"
mock_upstream_conf "$WORK/mock" "$MOCK" \
  '{"id":"chatcmpl-bench","object":"chat.completion","created":1732500000,"model":"mock-model","choices":[{"index":0,"message":{"role":"assistant","content":"Prince Hamlet seeks revenge."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":32,"completion_tokens":38,"total_tokens":70}}' \
  'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"mock-model","choices":[{"index":0,"delta":{"content":"Prince"},"finish_reason":null}]}\n\ndata: {"id":"c","object":"chat.completion.chunk","created":1,"model":"mock-model","choices":[],"usage":{"prompt_tokens":32,"completion_tokens":9,"total_tokens":41}}\n\ndata: [DONE]\n\n'
taskset -c 0 "$NGINX" -p "$WORK/mock" -c "$WORK/mock/nginx.conf" &
PIDS+=($!)
wait_port "$MOCK"

JAR="$ROOT/router-sidecar/app/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$JAR" ] || [ -n "${REBUILD:-}" ]; then
  log "building the router"
  (cd "$ROOT" && ./mvnw -B -q -pl router-sidecar/app -am package -DskipTests)
fi
upstream="http://127.0.0.1:$MOCK"
[ "${BODY_STREAM:-0}" = 1 ] && upstream="$upstream/sse"
router_config "$WORK/router.json" "$upstream"
ROUTER=$(free_port)
# shellcheck disable=SC2086 # the options are a word list
taskset -c 1 java ${ROUTER_JAVA_OPTS:-$(image_jvm_opts)} -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -XX:StartFlightRecording=name=bench,settings=profile,maxage=10m \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$ROUTER" -Dquarkus.log.level=WARN \
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$(free_port)" \
  -Dswitchboard.router.config-file="$WORK/router.json" -jar "$JAR" >"$WORK/router.log" 2>&1 &
ROUTER_PID=$!
PIDS+=($ROUTER_PID)
wait_port "$ROUTER"
url="http://127.0.0.1:$ROUTER/v1/chat/completions"
load() { # seconds
  BODY_STREAM="${BODY_STREAM:-0}" PACE_MS="${PACE_MS:-0}" taskset -c 0 wrk -t1 -c"$CONNS" -d"$1s" --timeout 5s -s "$HERE/post.lua" "$url" 2>&1 | grep '^BENCH' || true
}
# Warm up until C2 has compiled the hot paths (its thread stops using CPU): on a slow core that takes 30-60 s
# at 50 connections, and a profile taken earlier shows the compiler and half-compiled code, not the router.
for round in $(seq 1 "${MAX_WARMUP_ROUNDS:-20}"); do
  before=$(compiler_ticks "$ROUTER_PID"); load 5 >/dev/null
  log "warm-up round $round: compiler threads used $(($(compiler_ticks "$ROUTER_PID") - before)) ticks of 5 s"
  jit_busy "$ROUTER_PID" "$before" 5 || break
done
ticks_before=$(awk '{print $14 + $15}' "/proc/$ROUTER_PID/stat")
result=$(load "$SECS")
ticks_after=$(awk '{print $14 + $15}' "/proc/$ROUTER_PID/stat")
# The recording runs from the start (starting one later makes HotSpot drop compiled code); keep the measured part.
jcmd "$ROUTER_PID" JFR.dump name=bench begin=-"$SECS"s filename="$WORK/router.jfr" >/dev/null
[ -z "${KEEP:-}" ] || cp "$WORK/router.jfr" "$KEEP"
rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$result")
echo "Router profile: ${SECS}s, wrk -c$CONNS pace ${PACE_MS:-0} ms stream ${BODY_STREAM:-0} on CPU 0, router on CPU 1"
echo "wrk: $result"
awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v rps="$rps" -v s="$SECS" \
  'BEGIN { printf "router CPU: %.0f %% of one core, %.1f µs per request\n\n", 100 * t / hz / s, t / hz * 1e6 / (rps * s) }'
jfr print --json --events jdk.ExecutionSample,jdk.ObjectAllocationSample,jdk.GarbageCollection --stack-depth 96 \
  "$WORK/router.jfr" > "$WORK/events.json"
python3 "$HERE/profile_tables.py" "$WORK/events.json" "$TOP"
