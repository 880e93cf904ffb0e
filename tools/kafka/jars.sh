# Sourced by broker.sh and cluster.sh: the broker's jars (Maven Central, cached in .kafka/lib, shared by
# every broker of the project) and the one way to run a class from them. Expects `here` (this folder)
# and `root` (the repository) to be set.
lib="$root/.kafka/lib"

fetch_jars() {
  [ -f "$lib/.complete" ] && return
  mkdir -p "$lib"
  echo "kafka: fetching the broker's jars with Maven (once)" >&2
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib" >&2
  touch "$lib/.complete"
}

# java_command HEAP LOGS_DIR: sets java_args to the java command line that runs a class of the jars,
# logging with log4j.properties into LOGS_DIR (an array, so that nohup can take it).
java_command() {
  java_args=(java "-Xmx$1" -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$2" -cp "$lib/*")
}

# kafka_tool CLASS ARGS...: a tool of the jars (admin commands, storage format), its log in $tool_logs.
kafka_tool() {
  local java_args; java_command 512m "$tool_logs"
  "${java_args[@]}" "$@"
}
