# Local stand-in for maven:3.9-eclipse-temurin-17, for machines that cannot pull images: Debian bookworm's Maven
# (3.8) and OpenJDK 17. Maven inside a container cannot reach Maven Central on those machines, so docker/Dockerfile
# is built there with JAR_FROM=context (the jar built on the machine); this image only lets the build stage
# itself be tried. scripts/docker-engine builds it and tags it maven:3.9-eclipse-temurin-17.
FROM local/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless maven \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
