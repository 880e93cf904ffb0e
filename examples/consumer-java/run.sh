#!/usr/bin/env bash
# Fetches the consumer's jars with Maven (once, into target/lib) and runs it with Java's source
# launcher: no build step. Usage: examples/consumer-java/run.sh <bootstrap servers> <changes topic>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$here/target/lib/.complete" ]; then
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$here/target/lib" >&2
  touch "$here/target/lib/.complete"
fi
exec java -cp "$here/target/lib/*" "$here/src/main/java/msgstatus/example/LatestStates.java" "$@"
