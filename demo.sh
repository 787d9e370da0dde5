#!/usr/bin/env bash
# The README's demo: builds what it needs from this checkout and runs examples/demo.
#   ./demo.sh                    embedded H2, 1,000 rows, output under target/demo
#   ./demo.sh --rows 1000000     a long pull, with a progress bar and the throughput
#   ./demo.sh --target postgresql --url postgresql://user:password@host:5432/db
set -euo pipefail
cd "$(dirname "$0")"
exec scripts/run-main.sh examples/demo com.qanatix.examples.demo.Demo -Xmx256m -- "$@"
