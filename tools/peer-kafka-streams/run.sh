#!/usr/bin/env bash
# Fetches the peers' jars with Maven (once, into target/lib) and runs Peer.java with Java's source
# launcher: no build step. Usage: tools/peer-kafka-streams/run.sh <mode> <arguments...> (see Peer.java).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$here/target/lib/.complete" ]; then
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$here/target/lib" >&2
  touch "$here/target/lib/.complete"
fi
exec java -Xmx1g -cp "$here/target/lib/*" "$here/src/main/java/msgstatus/peer/Peer.java" "$@"
