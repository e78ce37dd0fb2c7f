#!/usr/bin/env bash
# Operator scale benchmark: N RoutingPolicies (default 1000) against the Fabric8 mock API server
# (in-process, not a real cluster) and the real operator process. Prints reconcile throughput and
# change-to-ConfigMap latency for create, edit and a pool fan-out.
#   bench/operator/run.sh [N]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
if [[ ${SWITCHBOARD_SKIP_BUILD:-0} != 1 ]]; then
  ./mvnw -B -q install -DskipTests -pl e2e -am
fi
exec java -Xmx1g -Djava.util.logging.manager=java.util.logging.LogManager -Dswitchboard.repo.root="$root" \
  -cp "e2e/target/classes:$(cat e2e/target/local-run.classpath)" io.switchboard.e2e.bench.OperatorScaleBench "$@"
