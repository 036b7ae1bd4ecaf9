#!/usr/bin/env bash
# Imports N and 10N CSV rows into a loopback provider and reports each run's peak RSS (VmHWM),
# to show that an import's memory does not grow with the input size.
# Usage: benchmarks/import-memory.sh [N] [JVM heap limit]   (defaults: 100000, 256m)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
HEAP="${2:-256m}"
./mvnw -B -q -pl import-runner test-compile -Dspotless.check.skip
./mvnw -B -q -pl import-runner dependency:build-classpath -Dmdep.outputFile="$PWD/import-runner/target/bench.cp" \
  -Dmdep.includeScope=test
CP="import-runner/target/classes:import-runner/target/test-classes:$(cat import-runner/target/bench.cp)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cpus, $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo), $(java -version 2>&1 | head -1)"
for rows in "$N" "$((N * 10))"; do
  java -Xmx"$HEAP" -cp "$CP" io.customauth.runner.imports.ImportMemoryBench "$rows" "$WORK/$rows"
done
