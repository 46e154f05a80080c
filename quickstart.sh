#!/usr/bin/env bash
# One command for a fresh machine: builds the plugins and runs MongoDB -> Kafka Connect ->
# Elasticsearch on this machine (Elasticsearch :9200, MongoDB :27017, Connect REST :8083).
#   ./quickstart.sh           build, start everything, register both connectors, show progress
#   ./quickstart.sh changes   (second terminal) write sample changes to MongoDB every second
# Set MONGODB_URI to use your own MongoDB replica set instead of the embedded one.
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1:-}" = "changes" ]; then
  exec mvn -B -q -pl quickstart exec:java -Dexec.args=changes
fi

echo "[quickstart] Building the plugins (first run downloads dependencies and Elasticsearch) ..."
mvn -B -q -DskipTests -DskipFormat install
exec mvn -B -q -pl quickstart exec:java
