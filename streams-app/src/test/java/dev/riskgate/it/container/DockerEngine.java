package dev.riskgate.it.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine the container tests run on: the one {@code DOCKER_HOST} names ({@code scripts/docker-engine up}
 * starts one here, and scripts/test exports it). Without one the tests are skipped, unless
 * {@code CONTAINER_TEST_REQUIRED=1} (scripts/test sets it once it has started the engine): then they fail.
 */
final class DockerEngine {
  private DockerEngine() {}

  /** Skips the calling test when no engine answers, or fails it when one is required. */
  static void requireOrSkip() {
    boolean available = DockerClientFactory.instance().isDockerAvailable();
    if ("1".equals(System.getenv("CONTAINER_TEST_REQUIRED"))) {
      if (!available) {
        throw new IllegalStateException("CONTAINER_TEST_REQUIRED=1 but no Docker engine answers at DOCKER_HOST="
            + System.getenv("DOCKER_HOST"));
      }
      return;
    }
    Assumptions.assumeTrue(available, "no Docker engine answers (scripts/docker-engine up, then export DOCKER_HOST)");
  }

  /**
   * Builds docker/Dockerfile with the jar this build packaged (JAR_FROM=context), tagged {@code tag}. BuildKit,
   * through the docker CLI: it builds only the stages the image needs, so the Maven stage, which cannot reach Maven
   * Central from inside a container on every machine, is left out.
   */
  static void buildRiskgateImage(String tag) throws IOException, InterruptedException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("streams-app/target/riskgate.jar"))) {
      throw new IllegalStateException("streams-app/target/riskgate.jar is missing: run the tests with mvn verify");
    }
    List<String> command = new ArrayList<>(List.of(cli(), "build", "-q", "-f", "docker/Dockerfile", "--build-arg",
        "JAR_FROM=context", "-t", tag, "."));
    Path log = Files.createTempFile("docker-build", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()); // to a file: reading the pipe would block past the time-out
    builder.environment().put("DOCKER_BUILDKIT", "1");
    Process process = builder.start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("docker build of docker/Dockerfile " + (finished ? "failed" : "timed out")
          + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /** Debian's client beside Debian's engine (its BuildKit is built in), else whichever docker is on the PATH. */
  private static String cli() {
    return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
  }
}
