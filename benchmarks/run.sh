#!/usr/bin/env bash
# Builds what the benchmarks need and runs the suite; every option is passed to the runner.
#   benchmarks/run.sh                       full size (1,000,000 documents per run)
#   benchmarks/run.sh --docs 100000 --repeat 3 --only sink,e2e
#   benchmarks/run.sh --help
# Reports land in benchmarks/results/<timestamp>/ and benchmarks/results/latest/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

for arg in "$@"; do
  if [[ "$arg" == "--help" || "$arg" == "-h" ]]; then SKIP_BUILD_FOR_HELP=1; fi
done

if [[ -z "${SKIP_BUILD:-}" && -z "${SKIP_BUILD_FOR_HELP:-}" ]]; then
  echo "[run.sh] building the plugins and the benchmark runner (mvn -pl benchmarks -am package)"
  mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests -DskipFormat -pl benchmarks -am package
fi

ES_VERSION="$(sed -n 's:.*<elasticsearch-server.version>\(.*\)</elasticsearch-server.version>.*:\1:p' pom.xml | head -1)"
ES_HOME="$ROOT/target/elasticsearch/elasticsearch-$ES_VERSION"
mkdir -p "$ROOT/benchmarks/target/bench-work/tmp"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"

exec "$JAVA_BIN" ${BENCH_JAVA_OPTS:--Xmx3g} \
  -Djava.awt.headless=true \
  -Dmongoelastic.elasticsearch.home="$ES_HOME" \
  -Djava.io.tmpdir="$ROOT/benchmarks/target/bench-work/tmp" \
  -cp "$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*" \
  io.mongoelastic.benchmarks.BenchmarkMain \
  --results "$ROOT/benchmarks/results" \
  --work "$ROOT/benchmarks/target/bench-work" \
  --plugins "$ROOT/benchmarks/target/plugins" \
  --official "$ROOT/benchmarks/target/official" \
  "$@"
