#!/usr/bin/env bash
# Shared by the router bench scripts (run.sh, profile.sh, soak.sh); sourced, not run. Expects WORK (a scratch
# directory, removed on exit) and PIDS (an array of started processes, stopped on exit) to be set first.

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_port() { # port
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $1 did not open" >&2; return 1
}

# nginx.conf in DIR: one worker, foreground, temp files and logs in DIR, then the given http { } body.
nginx_conf() { # dir http-body
  cat > "$1/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1; proxy_temp_path $1; fastcgi_temp_path $1;
  uwsgi_temp_path $1; scgi_temp_path $1;
  keepalive_requests 10000000;
$2
}
CONF
}

# The mock upstream: nginx answering a fixed OpenAI chat completion, as JSON and (under /sse) as an SSE stream.
mock_upstream_conf() { # dir port json-body sse-body
  nginx_conf "$1" "  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$2;
    location = /v1/chat/completions { default_type application/json; return 200 '$3'; }
    location = /sse/v1/chat/completions { default_type text/event-stream; return 200 '$4'; }
  }"
}

# The JVM options the router runs with in a pod: the -XX flags of the image's JAVA_OPTS_APPEND, sized for the
# router container's 512Mi memory limit (RouterWorkloads).
image_jvm_opts() {
  echo "-XX:MaxRAM=512m $(sed -n 's/^ENV JAVA_OPTS_APPEND="\(.*\)"/\1/p' \
    "$ROOT/router-sidecar/app/src/main/docker/Dockerfile.jvm" | tr ' ' '\n' | grep '^-XX' | tr '\n' ' ')"
}

# CPU ticks of HotSpot's JIT compiler threads in process PID (0 for a server without them).
compiler_ticks() { # pid
  local t total=0
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in C1\ Compil*|C2\ Compil*) total=$((total + $(awk '{print $14 + $15}' "$t/stat")));; esac
  done
  echo "$total"
}

# Whether PID's JIT compilers used more than 5 % of a round of SECONDS since they stood at TICKS: warm-up goes on
# while they do, since a point measured while C2 compiles measures the compiler, not the server.
jit_busy() { # pid ticks seconds
  [ $(($(compiler_ticks "$1") - $2)) -gt $(($(getconf CLK_TCK) * $3 / 20)) ]
}

# The router config the benchmarks use: weighted mode, one expert at ENDPOINT; written whole, then moved into place,
# so a router polling FILE never reads half of it.
router_config() { # file endpoint
  cat > "$1.tmp" <<CONF
{"apiVersion":"switchboard.io/router-config/v1",
 "policy":{"name":"bench","namespace":"bench","virtualModel":"auto","mode":"weighted",
           "retries":{"attempts":1,"backoffMs":10},"timeouts":{"connectMs":1000,"firstByteMs":5000,"totalMs":10000}},
 "experts":[{"name":"mock","model":"mock-model","endpoint":"$2","inputUsdPerMillion":0.1,"outputUsdPerMillion":0.2,"maxConnections":128}]}
CONF
  mv "$1.tmp" "$1"
}
