#!/usr/bin/env bash
# Runs one benchmark harness with a capped heap, outside of Maven's JVM.
#   benchmarks/run.sh <module-dir> <main-class> [jvm options...] [-- program args...]
# e.g. benchmarks/run.sh benchmarks/pipeline com.qanatix.benchmarks.pipeline.PipelineBenchmark -Xmx128m -- --rows 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
module=$1; main=$2; shift 2
jvm=(); args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; args=("$@"); break; fi
  jvm+=("$1"); shift
done
./mvnw -B -q -pl "$module" -am -DskipTests -DskipServices install >/dev/null
./mvnw -B -q -pl "$module" -DskipServices dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
exec java "${jvm[@]}" -cp "$module/target/classes:$(cat "$module/target/classpath.txt")" "$main" "${args[@]}"
