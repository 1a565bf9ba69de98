#!/usr/bin/env bash
# The reliability suite's long form: the whole system (two replicas of each service behind round-robin proxies, real
# PostgreSQL, Kafka and the sandbox) under a heavier load for longer faults than ./mvnw verify's short form, then hostile
# input, isolation and the secret scan over everything. Prints the report tables; they stay in reliability/target/.
#
#   reliability/run.sh                     # the issue's figures: outages of 30 s, providers failing for 60 s, 10 tenants
#   reliability/run.sh --outage 60 --provider-faults 120 --tenants 20 --rate 2
#
# The service JVMs run with production's options (deploy/kubernetes/base/service-pods.yaml's JAVA_TOOL_OPTIONS), so the
# peak RSS the report notes sizes the pods; --test-jvm uses the short tests' instead.
# Packages the services first unless --no-build (then their jars must be in */target/quarkus-app).
set -euo pipefail
cd "$(dirname "$0")/.."

outage=30 provider_faults=60 tenants=10 rate=1 build=1 jvm=production
while [ $# -gt 0 ]; do
  case "$1" in
    --outage) outage="$2"; shift 2 ;;
    --provider-faults) provider_faults="$2"; shift 2 ;;
    --tenants) tenants="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --test-jvm) jvm=test; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for value in "$outage" "$provider_faults" "$tenants"; do
  [[ "$value" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "durations and counts are whole numbers from 1 to 9999: $value" >&2; exit 2; }
done
[[ "$rate" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--rate is a positive number: $rate" >&2; exit 2; }

jvm_options=
if [ "$jvm" = production ]; then
  jvm_options=$(sed -n 's/^ *value: "\(-Xmx[^"]*\)".*/\1/p' deploy/kubernetes/base/service-pods.yaml | head -1)
  [ -n "$jvm_options" ] || { echo "cannot read JAVA_TOOL_OPTIONS from deploy/kubernetes/base/service-pods.yaml" >&2; exit 1; }
fi

if [ "$build" = 1 ]; then
  ./mvnw -q install -DskipTests -pl testing,common,sandbox,token-service,calendar-service,mailchimp-service,status-service
fi
status=0
./mvnw -q verify -pl testing,reliability -Dtest='com/crm/integrations/reliability/*' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dreliability.outage-seconds="$outage" -Dreliability.provider-fault-seconds="$provider_faults" \
  -Dreliability.tenants="$tenants" -Dreliability.rate="$rate" -Dreliability.jvm-options="$jvm_options" -DskipITs || status=$?
cat reliability/target/reliability-faults.md reliability/target/reliability-report.md 2>/dev/null || true
exit $status
