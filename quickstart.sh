#!/usr/bin/env bash
# One command for a fresh machine: builds the plugins and runs MongoDB -> Kafka Connect ->
# Elasticsearch on this machine (Elasticsearch :9200, MongoDB :27017, Connect REST :8083).
#   ./quickstart.sh           build, start everything, register both connectors, show progress
#   ./quickstart.sh changes   (second terminal) write sample changes to MongoDB every second
# Set MONGODB_URI to use your own MongoDB replica set instead of the embedded one: the quickstart
# then loads sample data into, and `changes` writes to and deletes from, that server's `shop`
# database.
set -euo pipefail
cd "$(dirname "$0")"

say() { echo "[quickstart] $*"; }

# Checks MONGODB_URI in a few seconds before anything is built or started, when the MongoDB driver
# is already in the local Maven repository (on a first run the quickstart checks it after the build).
probe_mongodb_uri() {
  local version repo classpath
  version=$(sed -n 's#.*<mongodb-driver.version>\(.*\)</mongodb-driver.version>.*#\1#p' pom.xml)
  repo="${HOME}/.m2/repository/org/mongodb"
  classpath="${repo}/mongodb-driver-sync/${version}/mongodb-driver-sync-${version}.jar"
  classpath+=":${repo}/mongodb-driver-core/${version}/mongodb-driver-core-${version}.jar"
  classpath+=":${repo}/bson/${version}/bson-${version}.jar"
  classpath+=":${repo}/bson-record-codec/${version}/bson-record-codec-${version}.jar"
  for jar in ${classpath//:/ }; do [ -f "$jar" ] || return 0; done
  local output status=0
  output=$(java -cp "$classpath" quickstart/src/main/java/io/mongoelastic/quickstart/MongoUriProbe.java \
    "$MONGODB_URI" 2>&1) || status=$?
  [ "$status" -eq 0 ] && return 0
  # Only the probe's own message; the driver's log lines would bury it.
  printf '%s\n' "$output" | grep '^\[quickstart\]' >&2 || printf '%s\n' "$output" | tail -3 >&2
  exit 2
}

if [ "${1:-}" = "changes" ]; then
  if [ -z "${MONGODB_URI:-}" ] && ! (exec 3<>/dev/tcp/127.0.0.1/27017) 2>/dev/null; then
    say "No quickstart is running: nothing listens on localhost:27017."
    say "Start ./quickstart.sh in another terminal, wait for 'Watching the sync', then run ./quickstart.sh changes."
    exit 1
  fi
  if [ -n "${MONGODB_URI:-}" ]; then
    say "MONGODB_URI is set: writing to and deleting from its 'shop' database."
  fi
  exec mvn -B -q -pl quickstart exec:java -Dexec.args=changes
fi

if [ -n "${MONGODB_URI:-}" ]; then
  say "MONGODB_URI is set: sample data goes into its 'shop' database (shop.products, loaded when empty)."
  probe_mongodb_uri
fi

build_log="$PWD/quickstart/target/quickstart-build.log"
mkdir -p "$(dirname "$build_log")"
say "Building the plugins (first run downloads dependencies and Elasticsearch; output in $build_log) ..."
if ! mvn -B -q -DskipTests -DskipFormat install > "$build_log" 2>&1; then
  tail -40 "$build_log" >&2
  say "The build failed; the whole output is in $build_log" >&2
  exit 1
fi
# exec keeps this shell's pid, so the JVM's run folder is run-$$: Kafka's temporary folders
# (java.io.tmpdir) and every log line (also Maven's own logger, which Kafka and Connect log
# through) go there, and leave with it.
run="$PWD/quickstart/target/quickstart-work/run-$$"
mkdir -p "$run/tmp"
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djava.io.tmpdir=$run/tmp -Dorg.slf4j.simpleLogger.logFile=$run/quickstart.log"
exec mvn -B -q -pl quickstart exec:java
