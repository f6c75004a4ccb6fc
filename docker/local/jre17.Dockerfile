# Local stand-in for eclipse-temurin:17-jre, for machines that cannot pull images: Debian bookworm's OpenJDK 17
# runtime. scripts/docker-engine builds it and tags it eclipse-temurin:17-jre, so docker/Dockerfile builds unchanged.
# Never published: on a machine that can pull, the upstream image is used.
FROM local/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless \
      ca-certificates passwd \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
