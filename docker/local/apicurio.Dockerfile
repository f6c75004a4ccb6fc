# Local stand-in for apicurio/apicurio-registry:3.3.3, for machines that cannot pull images: the Apicurio Registry
# the local stack runs (unpacked from Maven Central by scripts/local-stack/pom.xml) on a Java 21+ runtime copied from
# the machine (Debian bookworm has none). Its Confluent-compatible API is /apis/ccompat/v7 on port 8080; the
# storage is chosen as upstream, by environment (APICURIO_STORAGE_KIND=kafkasql, APICURIO_KAFKASQL_BOOTSTRAP_SERVERS;
# in memory by default). scripts/docker-engine builds it and tags it apicurio/apicurio-registry:3.3.3.
FROM local/debian:bookworm
COPY jdk/ /opt/java/
COPY apicurio/ /deployments/
RUN useradd --system --uid 1001 --home-dir /deployments registry
ENV JAVA_HOME=/opt/java \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080 \
    APICURIO_RULES_GLOBAL_COMPATIBILITY=BACKWARD
USER registry
EXPOSE 8080
ENTRYPOINT ["/opt/java/bin/java", "-Xmx384m", "-jar", "/deployments/quarkus-run.jar"]
