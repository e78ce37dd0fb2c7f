#!/usr/bin/env bash
# Runs the simulated expert (a TEST DOUBLE, not a model) standalone.
#   gpu-expert-pods/simulated/run.sh DATASET MODEL [PORT]
#   e.g. run.sh routerbench_subset gpt-4-1106-preview 8001
# Data: SWITCHBOARD_DATA_DIR, else ../shared/data next to the repository.
# Any sim.* setting can be passed as SIM_* environment variables (SIM_TIME_SCALE=0.1, SIM_GPU_TYPE=A100,
# SIM_MAX_CONCURRENCY=16, SIM_EXPOSE_RECORDED_SCORE=true, SIM_FAULTS_ERROR_RATE=0.05, ...) or as JAVA_OPTS.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 DATASET MODEL [PORT]" >&2
  exit 2
fi
dataset=$1
model=$2
port=${3:-8000}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$here/target/quarkus-app/quarkus-run.jar
if [[ ! -f $jar ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && ./mvnw -B -q -pl gpu-expert-pods/simulated -am package -DskipTests)
fi

exec java ${JAVA_OPTS:-} \
  -Dswitchboard.repo.root="$root" \
  -Dsim.dataset="$dataset" \
  -Dsim.model="$model" \
  -Dquarkus.http.port="$port" \
  -jar "$jar"
