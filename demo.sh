#!/usr/bin/env bash
# The README's demo: builds what it needs from this checkout and runs examples/demo.
#   ./demo.sh                    embedded H2, 1,000 products, nothing to install; output under examples/demo/target/demo
#   ./demo.sh --rows 1000000     a long pull, with a progress bar and the throughput
#   ./demo.sh --target postgresql --url postgresql://user:password@host:5432/db    (also mysql, mongodb, neo4j)
#   ./demo.sh --help
# Needs only a JDK 17+; ./mvnw downloads Maven and the dependencies on first use.
set -euo pipefail
cd "$(dirname "$0")"
exec scripts/run-main.sh examples/demo com.qanatix.examples.demo.Demo -Xmx256m -- --out examples/demo/target/demo "$@"
