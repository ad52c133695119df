package io.vth.pod;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vth.core.config.DecisionConfigJson;
import io.vth.core.config.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the decision config from a file and re-reads it when its content changes (polled, so that
 * atomic renames and ConfigMap volume symlink swaps are both seen).
 */
public final class FileConfigSource implements ConfigSource {

  private static final Logger LOG = LoggerFactory.getLogger(FileConfigSource.class);

  private final Vertx vertx;
  private final Path path;
  private final long pollMillis;
  private final Counter rejected;
  private byte[] lastSeen;
  private long timer = -1;

  /** Watches {@code path}, polling every {@code pollMillis} ms on {@code vertx}'s timers. */
  public FileConfigSource(Vertx vertx, Path path, long pollMillis, MeterRegistry registry) {
    this.vertx = vertx;
    this.path = path;
    this.pollMillis = pollMillis;
    this.rejected =
        Counter.builder("vth_config_rejected_total")
            .description("Decision config documents rejected as invalid")
            .register(registry);
  }

  @Override
  public void start(ConfigHolder holder) {
    poll(holder);
    timer = vertx.setPeriodic(pollMillis, id -> vertx.executeBlocking(() -> poll(holder), false));
  }

  private boolean poll(ConfigHolder holder) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      LOG.warn("cannot read decision config {}: {}", path, e.toString());
      return false;
    }
    synchronized (this) {
      if (Arrays.equals(bytes, lastSeen)) {
        return false;
      }
      lastSeen = bytes;
    }
    try {
      var config = DecisionConfigJson.parse(bytes);
      if (holder.offer(config)) {
        LOG.info("decision config generation {} taken from {}", config.generation(), path);
        return true;
      }
    } catch (InvalidConfigException e) {
      rejected.increment();
      LOG.error("decision config {} rejected, keeping the current one: {}", path, e.getMessage());
    }
    return false;
  }

  @Override
  public String describe() {
    return "file " + path;
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
