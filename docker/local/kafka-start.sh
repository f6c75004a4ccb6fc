#!/bin/bash
# Entry point of the apache/kafka stand-in: writes server.properties from KAFKA_* variables as the upstream image
# does (KAFKA_A_B -> a.b, __ -> _, ___ -> -), formats the storage with CLUSTER_ID once, then runs the broker.
set -euo pipefail
conf=/opt/kafka/config/server.properties
: >"$conf"
for var in $(compgen -e); do
  case $var in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_LOG4J_OPTS | KAFKA_GC_LOG_OPTS | KAFKA_JMX_OPTS) ;;
    KAFKA_*)
      name=${var#KAFKA_}
      name=${name,,}
      name=${name//___/-}
      name=${name//__/@}
      name=${name//_/.}
      echo "${name//@/_}=${!var}" >>"$conf"
      ;;
  esac
done
logs=$(sed -n 's/^log\.dirs=//p' "$conf")
cp='/opt/kafka/libs/*'
log4j=(-Dlog4j2.configurationFile=/opt/kafka/log4j2.properties)
if [[ ! -f ${logs:-/tmp/kraft-combined-logs}/meta.properties ]]; then
  java "${log4j[@]}" -cp "$cp" kafka.tools.StorageTool format -t "${CLUSTER_ID:?set CLUSTER_ID}" -c "$conf"
fi
# shellcheck disable=SC2086 # the option variables hold several options
exec java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m} ${KAFKA_OPTS:-} "${log4j[@]}" -cp "$cp" kafka.Kafka "$conf"
