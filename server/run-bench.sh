#!/usr/bin/env bash
# Runs the reward-server benchmark (dev.arbiter.server.bench.ServerBench) on loopback.
# Usage: server/run-bench.sh [--seconds 2] [--rounds 5] [--warmup 2] [--concurrency 1,4] [--batches 1,64,512] [--rewards exact_match,math]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mvn -B -q -f "$here/pom.xml" test-compile
cp_file="$here/target/bench.classpath"
mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
# ARBITER_BENCH_EXTRA_CP: more jars (e.g. a reward family not yet a dependency, such as the math module)
exec java -Xmx1g -cp "$here/target/test-classes:$here/target/classes:$(cat "$cp_file")${ARBITER_BENCH_EXTRA_CP:+:$ARBITER_BENCH_EXTRA_CP}" \
    dev.arbiter.server.bench.ServerBench "$@"
