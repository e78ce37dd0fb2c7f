#!/usr/bin/env bash
# Router memory soak — run by a person, prints a table. Not part of the test suite.
#
#   bench/router/soak.sh                 # 10 minutes: JSON + SSE load, one sample per minute
#   SOAK_MINUTES=3 bench/router/soak.sh  # shorter
#
# Keeps the router (weighted mode, one expert = an nginx mock on 127.0.0.1) under steady wrk load
# (10 connections, alternating 30 s of JSON and 30 s of SSE each minute) and samples, once a minute, the
# process RSS and the Java heap in use right after a full GC (jcmd GC.run + GC.heap_info). A leak shows as
# heap-after-GC rising minute over minute; RSS alone also moves with the collector's sizing.
# Every server binds 127.0.0.1 only; everything started here is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/router"
MINUTES=${SOAK_MINUTES:-10}
WORK=$(mktemp -d /tmp/switchboard-soak.XXXXXX)
PIDS=()
# shellcheck source=lib.sh
source "$HERE/lib.sh"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { apt-get update -qq && apt-get install -y -qq nginx-light; NGINX=/usr/sbin/nginx; }
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
JCMD="$JAVA_HOME/bin/jcmd"

MOCK=$(free_port)
JSON='{"id":"c","object":"chat.completion","created":1,"model":"mock-model","choices":[{"index":0,"message":{"role":"assistant","content":"soak"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}'
SSE='data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"mock-model","choices":[{"index":0,"delta":{"content":"soak"},"finish_reason":null}]}

data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"mock-model","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}

data: [DONE]

'
mkdir -p "$WORK/mock" "$WORK/router"
mock_upstream_conf "$WORK/mock" "$MOCK" "$JSON" "$SSE"
taskset -c 0 "$NGINX" -p "$WORK/mock" -c "$WORK/mock/nginx.conf" & PIDS+=($!)
wait_port "$MOCK"

JAR="$ROOT/router-sidecar/app/target/quarkus-app/quarkus-run.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl router-sidecar/app -am package -DskipTests)
config() {
  cat > "$WORK/router/router.json.tmp" <<CONF
{"apiVersion":"switchboard.io/router-config/v1",
 "policy":{"name":"soak","namespace":"bench","virtualModel":"auto","mode":"weighted"},
 "experts":[{"name":"mock","model":"mock-model","endpoint":"$1","inputUsdPerMillion":0.1,"outputUsdPerMillion":0.2}]}
CONF
  mv "$WORK/router/router.json.tmp" "$WORK/router/router.json"
}
config "http://127.0.0.1:$MOCK"
ROUTER=$(free_port)
taskset -c 1 java -Xms128m -Xmx256m -XX:+UseParallelGC -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$ROUTER" \
  -Dquarkus.log.level=WARN -Dswitchboard.router.config-file="$WORK/router/router.json" \
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$(free_port)" \
  -Dswitchboard.router.reload-interval-ms=200 -jar "$JAR" >"$WORK/router/out.log" 2>&1 &
RPID=$!; PIDS+=($RPID)
wait_port "$ROUTER"; sleep 2

sample() { # minute requests
  "$JCMD" "$RPID" GC.run >/dev/null 2>&1 || true
  local used rss
  # Sum "used" over the generations (ParallelGC prints PSYoungGen and ParOldGen lines).
  used=$("$JCMD" "$RPID" GC.heap_info 2>/dev/null | awk '/total/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); sum+=v}} END {print int(sum/1024)}')
  rss=$(( $(ps -o rss= -p "$RPID" | tr -d ' ') / 1024 ))
  printf "%6s %12s %10s %20s\n" "$1" "$2" "$rss" "$used"
}
echo "Router memory soak: $MINUTES min, wrk -c10 on CPU 0, router on CPU 1 (-Xmx256m), mock = nginx on 127.0.0.1"
printf "%6s %12s %10s %20s\n" "minute" "requests" "RSS MiB" "heap after GC MiB"
sample 0 0
total=0
for m in $(seq 1 "$MINUTES"); do
  for mode in json sse; do
    if [ $mode = sse ]; then config "http://127.0.0.1:$MOCK/sse"; body='{"model":"auto","stream":true,"messages":[{"role":"user","content":"hi"}]}'
    else config "http://127.0.0.1:$MOCK"; body='{"model":"auto","messages":[{"role":"user","content":"hi"}]}'; fi
    sleep 0.5
    cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"; wrk.body = '$body'; wrk.headers["Content-Type"] = "application/json"
LUA
    n=$(taskset -c 0 wrk -t1 -c10 -d29s -s "$WORK/post.lua" "http://127.0.0.1:$ROUTER/v1/chat/completions" \
      | awk '/requests in/ {print $1}')
    total=$((total + ${n:-0}))
  done
  sample "$m" "$total"
done
