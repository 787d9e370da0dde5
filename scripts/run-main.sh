#!/usr/bin/env bash
# Builds one module of this checkout (and what it needs) and runs a main class of it in its own JVM.
#   scripts/run-main.sh <module-dir> <main-class> [jvm options...] [-- program args...]
# e.g. benchmarks/run.sh benchmarks/pipeline com.qanatix.benchmarks.pipeline.PipelineBenchmark -Xmx128m -- --rows 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
module=$1; main=$2; shift 2
jvm=(); args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; args=("$@"); break; fi
  jvm+=("$1"); shift
done
# Resolves the Qanatix modules from this checkout's reactor (never from ~/.m2); the harness module
# is built last, so its classpath is the one left in the file.
log=$(mktemp)
echo "building $module (first run downloads dependencies)..." >&2
if ! ./mvnw -B -q -pl "$module" -am -DskipTests -DskipServices package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$module/target/classpath.txt" -Dmdep.includeScope=runtime >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
exec java "${jvm[@]}" -cp "$module/target/classes:$(cat "$module/target/classpath.txt")" "$main" "${args[@]}"
