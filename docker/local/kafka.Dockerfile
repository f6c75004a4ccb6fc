# Local stand-in for apache/kafka:4.4.0, for machines that cannot pull images: the Kafka 4.4 broker jars the local
# stack runs (resolved from Maven Central by scripts/local-stack/pom.xml) on the JRE stand-in, configured as the
# upstream image is: every KAFKA_* variable becomes a server property (KAFKA_LOG_DIRS -> log.dirs), and CLUSTER_ID
# formats the storage on the first start. scripts/docker-engine builds it and tags it apache/kafka:4.4.0.
FROM eclipse-temurin:17-jre
COPY libs/ /opt/kafka/libs/
COPY kafka-start.sh log4j2.properties /opt/kafka/
RUN useradd --system --uid 1000 --home-dir /opt/kafka appuser \
 && mkdir -p /var/lib/kafka/data /opt/kafka/config \
 && chown -R appuser /var/lib/kafka /opt/kafka/config \
 && chmod 755 /opt/kafka/kafka-start.sh
USER appuser
EXPOSE 9092 9093
ENTRYPOINT ["/opt/kafka/kafka-start.sh"]
