#!/usr/bin/env bash
# Builds what the benchmarks need and runs the suite; every option is passed to the runner.
#   benchmarks/run.sh                       full size (1,000,000 documents per run)
#   benchmarks/run.sh --docs 100000 --repeat 3 --only sink,e2e
#   benchmarks/run.sh --help
#   BASELINE_REF=b692601 benchmarks/run.sh --only snapshot-freshness
#                                           also runs the source built from that git revision
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

BASELINE_ARGS=()
if [[ -n "${BASELINE_REF:-}" && -z "${SKIP_BUILD_FOR_HELP:-}" ]]; then
  BASELINE_SRC="$ROOT/benchmarks/target/baseline-src"
  BASELINE_PLUGINS="$ROOT/benchmarks/target/baseline-plugins"
  echo "[run.sh] building the source connector of $BASELINE_REF for comparison"
  git -C "$ROOT" worktree remove --force "$BASELINE_SRC" >/dev/null 2>&1 || rm -rf "$BASELINE_SRC"
  git -C "$ROOT" worktree prune
  git -C "$ROOT" worktree add --detach "$BASELINE_SRC" "$BASELINE_REF" >/dev/null
  (cd "$BASELINE_SRC" && mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests -DskipFormat -pl source-connector -am package)
  rm -rf "$BASELINE_PLUGINS" && mkdir -p "$BASELINE_PLUGINS"
  cp "$BASELINE_SRC"/source-connector/target/*-plugin.zip "$BASELINE_PLUGINS"/
  git -C "$ROOT" worktree remove --force "$BASELINE_SRC"
  BASELINE_ARGS=(--baseline-plugins "$BASELINE_PLUGINS")
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
  "${BASELINE_ARGS[@]}" \
  "$@"
