# Local stand-in for prom/prometheus:v3.5.0, for machines that cannot pull images: Debian bookworm's Prometheus
# (2.42, which reads docker/prometheus.yml alike), laid out as the upstream image is (/bin/prometheus, data in
# /prometheus, user nobody, /bin/sh). scripts/docker-engine builds it and tags it prom/prometheus:v3.5.0.
FROM local/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /prometheus /etc/prometheus \
 && chown nobody:nogroup /prometheus
USER nobody
WORKDIR /prometheus
EXPOSE 9090
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
