#!/usr/bin/env bash
# Sealed-store benchmark: the cost of TokenSealer.seal and unseal (AES-256-GCM, a fresh random nonce,
# the row's associated data) for a 2,048-byte access token and a 512-byte refresh token, on 1 and 2
# threads, next to the ceiling measured in the same run: raw AES-256-GCM Cipher.doFinal with a fixed
# key, no associated data and a counter nonce (what the JDK alone does). Per case: p50 and p99 per
# operation (median over rounds) and ops/s of all threads together (min / median / max over rounds).
# Runs SealBench (token-service's tests; surefire's default includes skip it) with the JVM flags of
# deploy/kubernetes/base/service-pods.yaml, then on 1 thread with ./run's local flags (C1 only).
#   bench/seal.sh [ROUNDS]      (default 5)
# SEAL_BENCH_OPTS adds -D options (e.g. "-Dbench.seal.round-millis=1000 -Dbench.seal.warmup-millis=3000").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-5}
TMP=$(mktemp -d /tmp/bench-seal.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cd "$ROOT"
# The crypto package and the bench need the JDK only: compile them alone, so the bench needs no
# Maven build and does not depend on the state of the rest of the module.
javac --release 17 -nowarn -d "$TMP/classes" token-service/src/main/java/com/crm/integrations/token/crypto/*.java \
  token-service/src/test/java/com/crm/integrations/token/crypto/SealBench.java

jvm_flags() { # text with options -> its -X options only (the -D ones name classes not on this classpath)
  tr ' ' '\n' | grep -e '^-X' | paste -sd' '
}
DEPLOYED=$(sed -n '/name: JAVA_TOOL_OPTIONS/{n;s/.*value: "\(.*\)"/\1/p;}' deploy/kubernetes/base/service-pods.yaml | jvm_flags)
LOCAL=$(sed -n 's/^JAVA_OPTS=\${INTEGRATIONS_JAVA_OPTS:-\(.*\)}$/\1/p' run | jvm_flags)
[ -n "$DEPLOYED" ] && [ -n "$LOCAL" ] || { echo "could not read the JVM flags of the manifest or ./run" >&2; exit 1; }

bench() { # jvm flags, threads
  # shellcheck disable=SC2086 # word splitting of the option lists is intended
  java $1 -Dbench.seal.rounds="$ROUNDS" -Dbench.seal.threads="$2" ${SEAL_BENCH_OPTS:-} \
    -cp "$TMP/classes" com.crm.integrations.token.crypto.SealBench 2> "$TMP/progress.log" \
    || { cat "$TMP/progress.log" >&2; exit 1; }
}

echo "Sealed-store benchmark, $ROUNDS rounds per case, $(nproc) cores, $(date +%F)"
echo "- $(java -version 2>&1 | sed -n 2p)"
echo "- 1-minute load average at the start: $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "JVM flags of the Kubernetes manifest: \`$DEPLOYED\`"
echo
bench "$DEPLOYED" 1,2
echo
echo "JVM flags of ./run (local): \`$LOCAL\`, 1 thread"
echo
bench "$LOCAL" 1
echo
echo "- 1-minute load average at the end: $(cut -d' ' -f1 /proc/loadavg)"
