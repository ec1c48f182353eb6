#!/usr/bin/env bash
# Regenerates the tiny test models of examples/models/ (deterministic: the same bytes every time).
#   examples/models/make-tiny-models.sh            # tiny-rm and tiny-progress (committed)
#   examples/models/make-tiny-models.sh /tmp/m     # also a CLIP pair and a causal LM under /tmp/m
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$root" && mvn -B -q -f models/pom.xml -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt) >&2
cp="$root/models/target/classes:$(cat "$root/models/target/cp.txt")"
java -cp "$cp" dev.arbiter.models.onnx.TinyModels "$here/tiny-rm" rm 7
java -cp "$cp" dev.arbiter.models.onnx.TinyModels "$here/tiny-progress" progress 17
if [ $# -ge 1 ]; then
  java -cp "$cp" dev.arbiter.models.onnx.TinyModels "$1/tiny-clip" clip 11
  java -cp "$cp" dev.arbiter.models.onnx.TinyModels "$1/tiny-lm" lm 13
fi
