#!/usr/bin/env bash
# Runs a benchmark harness in its own JVM with the heap cap you give; see scripts/run-main.sh.
exec "$(dirname "$0")/../scripts/run-main.sh" "$@"
