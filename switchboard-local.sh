#!/usr/bin/env bash
# Runs the whole Switchboard system on this machine: the Fabric8 mock API server (in-process; NOT a real
# cluster), the operator, the router and the SIMULATED experts as local processes on 127.0.0.1, then replays
# recorded prompts through each routing mode and prints a table (+ target/local-run/report.html).
#
#   ./switchboard-local.sh [--prompts N] [--modes weighted,cascade,...] [--seed S] [--report DIR] [--help]
#
# Needs JDK 17+ only (the Maven wrapper fetches Maven). SWITCHBOARD_SKIP_BUILD=1 reuses an existing build.
# What runs and what is emulated: docs/local-run.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"

java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
if ! "$java_bin" -version >/dev/null 2>&1; then
  echo "switchboard-local: no java found (JDK 17+ needed; set JAVA_HOME)" >&2
  exit 2
fi

if [[ ${SWITCHBOARD_SKIP_BUILD:-0} != 1 ]]; then
  echo "switchboard-local: building operator, router, simulated expert and e2e (./mvnw -B -q install -DskipTests) ..."
  ./mvnw -B -q install -DskipTests -pl e2e -am
fi

classpath_file=e2e/target/local-run.classpath
if [[ ! -f $classpath_file || ! -d e2e/target/classes ]]; then
  echo "switchboard-local: $classpath_file missing; run without SWITCHBOARD_SKIP_BUILD" >&2
  exit 2
fi

exec "$java_bin" -Xmx768m -XX:+UseSerialGC -Djava.util.logging.manager=java.util.logging.LogManager \
  -Dswitchboard.repo.root="$root" \
  -cp "e2e/target/classes:$(cat "$classpath_file")" \
  io.switchboard.e2e.run.LocalSwitchboard "$@"
