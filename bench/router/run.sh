#!/usr/bin/env bash
# Router overhead benchmark — run by a person, prints a table. Not part of the test suite.
#
#   bench/router/run.sh                 # full run: 10 s per point, 1/10/50 connections, JSON and SSE
#   SECONDS_PER_POINT=3 bench/router/run.sh   # quick look
#   SKIP_PORTKEY=1 bench/router/run.sh        # without the Portkey gateway (no npm needed)
#
# Same load (wrk, keep-alive, pinned to CPU 0) against, each pinned to CPU 1:
#   direct  - the mock upstream itself (nginx answering a fixed OpenAI body; the mock always runs on CPU 0)
#   nginx   - nginx as a reverse proxy in front of the mock (the floor for any proxy)
#   router  - the Switchboard router, weighted mode, one expert = the mock
#   portkey - the Portkey AI gateway (npm @portkey-ai/gateway), custom host = the mock
# Added latency = client-observed latency through the proxy minus direct, same concurrency and percentile.
# Streaming TTFT: ttft.py sends TTFT_REQUESTS sequential streamed requests through each target to an upstream that
# sends its first SSE frame at once and the rest 20 ms later; TTFT = request sent -> first frame received.
# ROUTER_VARIANTS measures the router once per JVM setting in the same run (a column each, with its GC pauses).
# Every server binds 127.0.0.1 only; everything started here is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/router"
SECS=${SECONDS_PER_POINT:-10}
CONNS=${CONNECTIONS:-"1 10 50"}
# Latency below saturation: PACED_CONNS connections, each waiting a random think time between its requests, at a
# rate of PACED_LOAD times the first router variant's maximum (json at the largest concurrency, measured first in
# the same run); every target gets the same pace. PACE_MS sets the mean think time instead.
# Think times are geometric (memoryless, wrk's delay() counts whole ms), so arrivals are close to Poisson. The
# "lockstep" row keeps a constant think time: the connections then move in step, and each ~4 ms a burst of all of
# them arrives at once (the mock alone answers it at p50 0.25 ms vs 0.12 ms at a higher random rate); it measures
# how fast a proxy drains a burst of PACED_CONNS, i.e. CPU per request, more than the latency at that load.
PACED_CONNS=${PACED_CONNECTIONS:-50}
PACED_LOAD=${PACED_LOAD:-0.4}
PACE_MS=${PACE_MS:-}
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
PORTKEY_DIR=${PORTKEY_DIR:-$HOME/.cache/switchboard-bench/portkey-$PORTKEY_VERSION}
WORK=$(mktemp -d /tmp/switchboard-bench.XXXXXX)
PIDS=()
# shellcheck source=lib.sh
source "$HERE/lib.sh"

log() { echo "[bench] $*" >&2; }

install_debian() { # package...
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing $* with apt-get"
  $sudo apt-get install -y -q "$@" >/dev/null
}
command -v wrk >/dev/null || install_debian wrk
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || install_debian nginx-light
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v taskset >/dev/null || install_debian util-linux
[ "$(nproc --all)" -ge 2 ] || { echo "needs at least 2 CPUs (load generator on CPU 0, server on CPU 1)"; exit 1; }

check_loopback_only() { # port name
  if command -v ss >/dev/null; then
    local bad
    bad=$(ss -ltnH "sport = :$1" | awk '{print $4}' | grep -Ev '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[::1\]):' || true)
    [ -z "$bad" ] || { echo "$2 listens on $bad, refusing to benchmark a non-loopback server" >&2; exit 1; }
  fi
}

# ---------------------------------------------------------------- mock upstream (CPU 0)
MOCK=$(free_port)
JSON_BODY='{"id":"chatcmpl-bench","object":"chat.completion","created":1732500000,"model":"mock-model","choices":[{"index":0,"message":{"role":"assistant","content":"Prince Hamlet seeks revenge on his uncle Claudius, who murdered his father to take the throne. His hesitation and feigned madness end in a duel where nearly everyone dies."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":32,"completion_tokens":38,"total_tokens":70}}'
SSE_BODY=""
for w in "Prince" " Hamlet" " seeks" " revenge" " on" " his" " uncle" " Claudius" "." ; do
  SSE_BODY+="data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1732500000,\"model\":\"mock-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"$w\"},\"finish_reason\":null}]}

"
done
SSE_BODY+="data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1732500000,\"model\":\"mock-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":32,\"completion_tokens\":9,\"total_tokens\":41}}

data: [DONE]

"
mkdir -p "$WORK/mock" "$WORK/proxy"
mock_upstream_conf "$WORK/mock" "$MOCK" "$JSON_BODY" "$SSE_BODY"
taskset -c 0 "$NGINX" -p "$WORK/mock" -c "$WORK/mock/nginx.conf" &
MOCK_PID=$!
PIDS+=($MOCK_PID)
wait_port "$MOCK"; check_loopback_only "$MOCK" mock
TRICKLE=$(free_port)
taskset -c 0 python3 "$HERE/ttft.py" serve "$TRICKLE" &
PIDS+=($!)
wait_port "$TRICKLE"; check_loopback_only "$TRICKLE" "trickle upstream"
declare -A T
ttft() { # name url [extra headers]
  T["$1"]=$(taskset -c 0 python3 "$HERE/ttft.py" measure "$2" "${TTFT_REQUESTS:-500}" "${3:-}")
  log "$1 ${T[$1]}"
}

# ---------------------------------------------------------------- load
declare -A R
SUT_PID=""
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # pid: CPU ticks of the process and its direct children (nginx workers)
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
run_point() { # name url stream conns [extra headers] [pace ms] [pace distribution: geometric|constant]
  local name=$1 url=$2 stream=$3 conns=$4 extra=${5:-} pace=${6:-0} dist=${7:-geometric} out before after
  EXTRA_HEADERS="$extra" BODY_STREAM="$stream" PACE_MS="$pace" PACE_DIST="$dist" taskset -c 0 wrk -t1 -c"$conns" -d"${POINT_WARMUP_SECONDS:-2}s" \
    -s "$HERE/post.lua" "$url" >/dev/null 2>&1 || true
  before=$(cpu_ticks "$SUT_PID")
  out=$(EXTRA_HEADERS="$extra" BODY_STREAM="$stream" PACE_MS="$pace" PACE_DIST="$dist" taskset -c 0 wrk -t1 -c"$conns" -d"${SECS}s" --timeout 5s \
        -s "$HERE/post.lua" "$url" 2>&1 | grep '^BENCH' || true)
  [ -n "$out" ] || { echo "wrk produced no result for $name" >&2; out="BENCH rps=0 p50=0 p90=0 p99=0 errors=-1 non2xx=-1"; }
  after=$(cpu_ticks "$SUT_PID")
  # CPU time the server under test spent per request: robust to other load on the machine, unlike latency tails.
  out="$out cpuus=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v rps="$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$out")" -v s="$SECS" \
        'BEGIN { n = rps * s; if (n > 0) printf "%.1f", t / hz * 1e6 / n; else printf "0" }')"
  local key="$name,$stream,$conns"
  if [ "$pace" != 0 ]; then
    if [ "$dist" = constant ]; then key="$name,$stream,lockstep"; else key="$name,$stream,paced"; fi
  fi
  R["$key"]="$out"
  log "$key: $out"
}
field() { sed -n "s/.*$2=\([-0-9.]*\).*/\1/p" <<<"${R[$1]}"; }
# Warm-up cycles through every concurrency, WARMUP_ROUNDS times: a JIT (HotSpot's C2, V8) compiles for the load it
# has seen, and a change of pattern (c=50 -> c=1 takes other branches in the event loop) deoptimises and recompiles
# hot code for seconds, which would show up as the next point's tail. Each point also gets a short warm-up at its
# own concurrency. Measured: after a single 10 s warm-up at c=10, the router's c=1 p90 was 1.3 ms (C2 busy 60 % of
# the CPU); after this warm-up it is 0.13 ms.
# A JVM also gets more rounds at the largest concurrency until its JIT compilers are done (their threads used under
# 5 % of a round): with HotSpot pinned to one slow core, C2 needs 30-60 s of load and 8 s of CPU, and every point
# measured while it compiles is the compiler's latency, not the server's (at 2x5 s of warm-up the router's
# c=50 json point served 7k rps at 143 µs per request; warmed up until C2 was idle, 29k at 34 µs).
JIT_NOTE=""
warmup() { # url stream [extra] [name]
  local round c before max_c jit=0
  for round in $(seq 1 "${WARMUP_ROUNDS:-2}"); do
    for c in $CONNS; do
      EXTRA_HEADERS="${3:-}" BODY_STREAM="$2" taskset -c 0 wrk -t1 -c"$c" -d"${WARMUP_SECONDS:-5}s" -s "$HERE/post.lua" "$1" >/dev/null 2>&1 || true
    done
  done
  max_c=$(echo "$CONNS" | awk '{print $NF}')
  for round in $(seq 1 "${MAX_JIT_ROUNDS:-16}"); do
    before=$(compiler_ticks "$SUT_PID")
    [ "$before" -gt 0 ] || break
    EXTRA_HEADERS="${3:-}" BODY_STREAM="$2" taskset -c 0 wrk -t1 -c"$max_c" -d5s -s "$HERE/post.lua" "$1" >/dev/null 2>&1 || true
    jit=$round
    jit_busy "$SUT_PID" "$before" 5 || break
  done
  [ "$jit" = 0 ] || JIT_NOTE+=" ${4:-?} $([ "$2" = 1 ] && echo sse || echo json) ${jit}x5 s;"
}
paced_pace() { # the mean think time: PACE_MS, or the one that offers PACED_LOAD x the first router's maximum
  if [ -n "$PACE_MS" ]; then echo "$PACE_MS"; return; fi
  awk -v conns="$PACED_CONNS" -v load="$PACED_LOAD" -v rps="$(field "${ROUTER_NAMES[0]},0,$(echo "$CONNS" | awk '{print $NF}')" rps)" \
    -v lat_us="$(field "${ROUTER_NAMES[0]},0,$(echo "$CONNS" | awk '{print $1}')" p50)" \
    'BEGIN { cycle = conns / (load * rps) * 1000; d = cycle - lat_us / 1000; if (d < 0.1) d = 0.1; printf "%.2f", d }'
}
measure() { # name base_url_json base_url_sse [extra_json] [extra_sse] [switch_fn]
  local name=$1
  for stream in 0 1; do
    local url=$2 extra=${4:-}
    if [ "$stream" = 1 ]; then url=$3; extra=${5:-}; fi
    if [ -n "${6:-}" ]; then $6 "$stream"; fi
    warmup "$url" "$stream" "$extra" "$name"
    for c in $CONNS; do
      run_point "$name" "$url" "$stream" "$c" "$extra"
    done
    if [ "$stream" = 0 ]; then
      PACE=${PACE:-$(paced_pace)}
      run_point "$name" "$url" 0 "$PACED_CONNS" "$extra" "$PACE" geometric
      run_point "$name" "$url" 0 "$PACED_CONNS" "$extra" "$(awk -v p="$PACE" 'BEGIN { printf "%d", p + 0.5 }')" constant
    fi
  done
}

# ---------------------------------------------------------------- Switchboard router (CPU 1), first: its maximum sets the pace
JAR="$ROOT/router-sidecar/app/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$JAR" ] || [ -n "${REBUILD:-}" ]; then
  log "building the router"
  (cd "$ROOT" && ./mvnw -B -q -pl router-sidecar/app -am package -DskipTests)
fi
ROUTER=$(free_port)
mkdir -p "$WORK/router"
switch_router_upstream() { # stream
  if [ "$1" = 1 ]; then router_config "$WORK/router/router.json" "http://127.0.0.1:$MOCK/sse"; else router_config "$WORK/router/router.json" "http://127.0.0.1:$MOCK"; fi
  sleep 1
}
# One column per JVM setting, each measured in this run so they compare side by side: NAME=OPTIONS;NAME=OPTIONS.
# The first is what the summary lines' ratios use. e.g.
#   ROUTER_VARIANTS="router=-Xmx256m -XX:+UseSerialGC;shenandoah=-Xmx256m -XX:+UseShenandoahGC" bench/router/run.sh
# A variant may name its own build after a '|' (NAME=OPTIONS|JAR), e.g. a copy of an earlier quarkus-app, so that
# a before/after code change is measured side by side too:
#   ROUTER_VARIANTS="before=$(...)|/tmp/router-before/quarkus-run.jar;after=$(...)" bench/router/run.sh
# The default is what ships (image_jvm_opts: the image's flags in the container's memory limit).
ROUTER_VARIANTS=${ROUTER_VARIANTS:-"router=${ROUTER_JAVA_OPTS:-$(image_jvm_opts)}"}
ROUTER_NAMES=()
declare -A RSS_IDLE_KB RSS_LOADED_KB ROUTER_OPTS
run_router() { # name java-options[|jar]
  local name=$1 opts=${2%%|*} jar=$JAR pid
  [[ $2 == *'|'* ]] && jar=${2#*|}
  router_config "$WORK/router/router.json" "http://127.0.0.1:$MOCK"
  # shellcheck disable=SC2086 # the options are a word list
  taskset -c 1 java $opts -Xlog:gc:file="$WORK/router/gc-$name.log" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$ROUTER" -Dquarkus.log.level=WARN \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$(free_port)" \
    -Dswitchboard.router.config-file="$WORK/router/router.json" -Dswitchboard.router.reload-interval-ms=200 \
    -jar "$jar" >"$WORK/router/out-$name.log" 2>&1 &
  pid=$!
  SUT_PID=$pid
  PIDS+=($pid)
  wait_port "$ROUTER"; check_loopback_only "$ROUTER" "$name"
  sleep 2
  RSS_IDLE_KB[$name]=$(ps -o rss= -p "$pid" | tr -d ' ')
  measure "$name" "http://127.0.0.1:$ROUTER/v1/chat/completions" "http://127.0.0.1:$ROUTER/v1/chat/completions" "" "" switch_router_upstream
  router_config "$WORK/router/router.json" "http://127.0.0.1:$TRICKLE"; sleep 1
  ttft "$name" "http://127.0.0.1:$ROUTER/v1/chat/completions"
  RSS_LOADED_KB[$name]=$(ps -o rss= -p "$pid" | tr -d ' ')
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
IFS=';' read -r -a variant_list <<<"$ROUTER_VARIANTS"
for variant in "${variant_list[@]}"; do
  name=${variant%%=*}
  ROUTER_NAMES+=("$name")
  ROUTER_OPTS[$name]=${variant#*=}
  run_router "$name" "${variant#*=}"
done

# ---------------------------------------------------------------- the mock directly (CPU 0)
SUT_PID=$MOCK_PID
measure direct "http://127.0.0.1:$MOCK/v1/chat/completions" "http://127.0.0.1:$MOCK/sse/v1/chat/completions"
ttft direct "http://127.0.0.1:$TRICKLE/v1/chat/completions"

# ---------------------------------------------------------------- nginx reverse proxy (CPU 1)
PROXY=$(free_port)
nginx_conf "$WORK/proxy" "$(cat <<CONF
  upstream mock { server 127.0.0.1:$MOCK; keepalive 128; keepalive_requests 10000000; }
  upstream trickle { server 127.0.0.1:$TRICKLE; keepalive 8; }
  server {
    listen 127.0.0.1:$PROXY;
    location /trickle/ {
      proxy_pass http://trickle/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
CONF
)"
taskset -c 1 "$NGINX" -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" &
NGINX_PROXY_PID=$!
SUT_PID=$NGINX_PROXY_PID
PIDS+=($NGINX_PROXY_PID)
wait_port "$PROXY"; check_loopback_only "$PROXY" "nginx proxy"
measure nginx "http://127.0.0.1:$PROXY/v1/chat/completions" "http://127.0.0.1:$PROXY/sse/v1/chat/completions"
ttft nginx "http://127.0.0.1:$PROXY/trickle/v1/chat/completions"
kill "$NGINX_PROXY_PID"; wait "$NGINX_PROXY_PID" 2>/dev/null || true

# ---------------------------------------------------------------- Portkey gateway (CPU 1)
HAVE_PORTKEY=0
if [ -z "${SKIP_PORTKEY:-}" ]; then
  if [ ! -f "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
    log "installing @portkey-ai/gateway@$PORTKEY_VERSION into $PORTKEY_DIR"
    mkdir -p "$PORTKEY_DIR"
    (cd "$PORTKEY_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$PORTKEY_VERSION" >/dev/null 2>&1)
  fi
  PK=$(free_port)
  NODE_ENV=production taskset -c 1 node --require "$HERE/force-loopback.cjs" \
    "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$PK" --headless >"$WORK/portkey.log" 2>&1 &
  PK_PID=$!
  SUT_PID=$PK_PID
  PIDS+=($PK_PID)
  wait_port "$PK"; check_loopback_only "$PK" portkey
  HAVE_PORTKEY=1
  measure portkey "http://127.0.0.1:$PK/v1/chat/completions" "http://127.0.0.1:$PK/v1/chat/completions" \
    "x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$MOCK/v1" \
    "x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$MOCK/sse/v1"
  ttft portkey "http://127.0.0.1:$PK/v1/chat/completions" "x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$TRICKLE/v1"
  kill "$PK_PID"; wait "$PK_PID" 2>/dev/null || true
fi

# ---------------------------------------------------------------- table
R0=${ROUTER_NAMES[0]}
ms() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1000 }'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", (a - b) / 1000 }'; }
failed() { [ "$(field "$1" non2xx)" != 0 ] || [ "$(field "$1" errors)" != 0 ]; }
echo
echo "Router overhead benchmark: ${SECS}s per point, wrk -t1 on CPU 0, server under test on CPU 1, keep-alive, $(nproc --all) CPUs ($(uname -m))"
echo "Latencies in ms, client-observed for 'direct', added over direct for proxies (same percentile and concurrency)."
echo "SSE: full response time of a 9-frame stream sent at once by the mock (wrk cannot see individual frames)."
echo
targets="nginx ${ROUTER_NAMES[*]}"
[ "$HAVE_PORTKEY" = 1 ] && targets="$targets portkey"
printf "| %-6s | %4s | %-23s |" mode conns "direct p50/p90/p99"
for t in $targets; do printf " %-26s |" "$t added p50/p90/p99"; done
printf " %-8s |" "direct rps"
for t in $targets; do printf " %-8s |" "$t rps"; done
echo
printf "|%s|%s|%s|" "--------" "------" "-------------------------"
for t in $targets; do printf "%s|" "----------------------------"; done
printf "%s|" "----------"
for t in $targets; do printf "%s|" "----------"; done
echo
for stream in 0 1; do
  for c in $CONNS; do
    d="direct,$stream,$c"
    printf "| %-6s | %4s | %-23s |" "$([ $stream = 1 ] && echo sse || echo json)" "$c" \
      "$(ms "$(field "$d" p50)") / $(ms "$(field "$d" p90)") / $(ms "$(field "$d" p99)")"
    for t in $targets; do
      k="$t,$stream,$c"
      if failed "$k"; then printf " %-26s |" "FAILED (see errors below)"; continue; fi
      printf " %-26s |" "$(added "$(field "$k" p50)" "$(field "$d" p50)") / $(added "$(field "$k" p90)" "$(field "$d" p90)") / $(added "$(field "$k" p99)" "$(field "$d" p99)")"
    done
    printf " %8.0f |" "$(field "$d" rps)"
    for t in $targets; do printf " %8.0f |" "$(field "$t,$stream,$c" rps)"; done
    echo
  done
done
for row in paced lockstep; do
  line=""
  for t in direct $targets; do
    k="$t,0,$row"
    if [ "$t" = direct ]; then
      line="| $(printf "%-6s" "$row") | $(printf "%4s" "$PACED_CONNS") | $(printf "%-23s" "$(ms "$(field "$k" p50)") / $(ms "$(field "$k" p90)") / $(ms "$(field "$k" p99)")") |"
      continue
    fi
    if failed "$k"; then line+=" $(printf "%-26s" FAILED) |"; continue; fi
    line+=" $(printf "%-26s" "$(added "$(field "$k" p50)" "$(field "direct,0,$row" p50)") / $(added "$(field "$k" p90)" "$(field "direct,0,$row" p90)") / $(added "$(field "$k" p99)" "$(field "direct,0,$row" p99)")") |"
  done
  line+=" $(printf "%8.0f" "$(field "direct,0,$row" rps)") |"
  for t in $targets; do line+=" $(printf "%8.0f" "$(field "$t,0,$row" rps)") |"; done
  echo "$line"
done
echo
max_c_json=$(echo "$CONNS" | awk '{print $NF}')
share() { awk -v a="$(field "$1" rps)" -v b="$(field "$R0,0,$max_c_json" rps)" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else printf "n/a" }'; }
echo "paced = json at $PACED_CONNS connections, each waiting a random (geometric) think time of mean ${PACE} ms between its requests: $R0 served $(field "$R0,0,paced" rps) rps, $(share "$R0,0,paced") % of its maximum (c=$max_c_json)."
echo "lockstep = the same with a constant $(awk -v p="$PACE" 'BEGIN { printf "%d", p + 0.5 }') ms think time, so all $PACED_CONNS connections send at once: $R0 served $(field "$R0,0,lockstep" rps) rps, $(share "$R0,0,lockstep") % of its maximum."
errors=""
for k in "${!R[@]}"; do
  e=$(field "$k" errors); n=$(field "$k" non2xx)
  if [ "$e" != 0 ] || [ "$n" != 0 ]; then errors+=" $k(errors=$e non2xx=$n)"; fi
done
echo "Errors or non-2xx responses:${errors:- none}"
max_c=$(echo "$CONNS" | awk '{print $NF}')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
printf "Server CPU per request (µs, json/sse at c=%s; 1e6 / this = RPS one core could sustain):" "$max_c"
for t in $targets; do printf " %s %s/%s" "$t" "$(field "$t,0,$max_c" cpuus)" "$(field "$t,1,$max_c" cpuus)"; done
echo
echo "Max RPS on one core (json, c=$max_c): $R0 $(field "$R0,0,$max_c" rps), nginx $(field "nginx,0,$max_c" rps)$([ "$HAVE_PORTKEY" = 1 ] && echo ", portkey $(field "portkey,0,$max_c" rps)")"
echo "Ratios (json, c=$max_c): $R0/nginx RPS = $(ratio "$(field "$R0,0,$max_c" rps)" "$(field "nginx,0,$max_c" rps)")$([ "$HAVE_PORTKEY" = 1 ] && echo ", $R0/portkey RPS = $(ratio "$(field "$R0,0,$max_c" rps)" "$(field "portkey,0,$max_c" rps)")")"
printf "SSE/JSON RPS (c=%s):" "$max_c"
for t in $targets; do printf " %s %s" "$t" "$(ratio "$(field "$t,1,$max_c" rps)" "$(field "$t,0,$max_c" rps)")"; done
echo
first_c=$(echo "$CONNS" | awk '{print $1}')
r_add=$(awk -v a="$(field "$R0,0,$first_c" p50)" -v b="$(field "direct,0,$first_c" p50)" 'BEGIN{print a-b}')
n_add=$(awk -v a="$(field "nginx,0,$first_c" p50)" -v b="$(field "direct,0,$first_c" p50)" 'BEGIN{print a-b}')
echo "Added p50 (json, c=$first_c): $R0/nginx = $(ratio "$r_add" "$n_add")$([ "$HAVE_PORTKEY" = 1 ] && echo ", $R0/portkey = $(ratio "$r_add" "$(awk -v a="$(field "portkey,0,$first_c" p50)" -v b="$(field "direct,0,$first_c" p50)" 'BEGIN{print a-b}')")")"
tf() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" <<<"${T[$1]}"; }
echo
echo "Streaming time to first frame (c=1, sequential, ms; added over direct):"
printf "| %-8s | %-23s | %-6s |\n" target "TTFT p50/p90/p99" failed
printf "|%s|%s|%s|\n" "----------" "-------------------------" "--------"
printf "| %-8s | %-23s | %6s |\n" direct "$(ms "$(tf direct p50)") / $(ms "$(tf direct p90)") / $(ms "$(tf direct p99)")" "$(tf direct failed)"
for t in $targets; do
  if [ "$(tf "$t" failed)" != 0 ] && [ "$(tf "$t" n)" = 0 ]; then
    printf "| %-8s | %-23s | %6s |\n" "$t" "FAILED" "$(tf "$t" failed)"
  else
    printf "| %-8s | %-23s | %6s |\n" "$t" "$(added "$(tf "$t" p50)" "$(tf direct p50)") / $(added "$(tf "$t" p90)" "$(tf direct p90)") / $(added "$(tf "$t" p99)" "$(tf direct p99)")" "$(tf "$t" failed)"
  fi
done
echo
echo "JIT warm-up beyond the common rounds, until the compiler threads were idle:${JIT_NOTE:- none}"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on these CPUs distort tails)"
for name in "${ROUTER_NAMES[@]}"; do
  gc_log="$WORK/router/gc-$name.log"
  # Every stop-the-world pause -Xlog:gc reports (young and full for Serial/Parallel, init/final mark for Shenandoah).
  pauses=$({ grep 'Pause' "$gc_log" || true; } | sed -n 's/.* \([0-9.]*\)ms$/\1/p' | sort -n \
    | awk '{ a[NR] = $1; s += $1 } END { if (NR) printf "%d pauses, p50 %.2f / max %.2f ms, %.0f ms in all", NR, a[int((NR + 1) / 2)], a[NR], s; else printf "no pauses logged" }')
  echo "$name: RSS idle $((RSS_IDLE_KB[$name] / 1024)) MiB, after load $((RSS_LOADED_KB[$name] / 1024)) MiB; GC $pauses; JVM: ${ROUTER_OPTS[$name]}"
done
