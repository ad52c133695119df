package io.vth.pod;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vth.core.seal.CellKeys;
import io.vth.core.seal.CellSeal;
import io.vth.core.seal.SealError;
import io.vth.core.seal.SealSequences;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cell's keys for the pod-to-pod protocol, from {@code --cell-key-file PATH} (the cell's key
 * Secret, mounted by the operator): read at start (a missing or bad file stops the pod) and again
 * every {@link #RELOAD_MILLIS} (by default), so a rotated Secret takes effect without a restart (a
 * bad new content is logged and the keys in use stay). Without the option the pod speaks the
 * protocol unauthenticated, which a pod logs as a warning: only for a single machine (tests, local
 * mode).
 */
public final class CellKeySource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CellKeySource.class);

  /** How often the key file is read again. */
  public static final long RELOAD_MILLIS = 10_000;

  private final Path file;
  private final long reloadMillis;
  private final Vertx vertx;
  private final SealSequences sequences = new SealSequences();
  private final Map<SealError, AtomicLong> rejected = new EnumMap<>(SealError.class);
  private volatile CellKeys keys;
  private String text;
  private long timer = -1;

  private CellKeySource(Path file, long reloadMillis, Vertx vertx) {
    this.file = file;
    this.reloadMillis = reloadMillis;
    this.vertx = vertx;
    for (SealError e : SealError.values()) {
      rejected.put(e, new AtomicLong());
    }
  }

  /**
   * The keys named by {@code --cell-key-file}, or none (unauthenticated) without it; read again
   * every {@code --cell-key-reload-millis} ({@value #RELOAD_MILLIS}).
   */
  public static CellKeySource of(PodOptions options, Vertx vertx) {
    String path = options.get("cell-key-file", "");
    long reload = options.getInt("cell-key-reload-millis", (int) RELOAD_MILLIS);
    if (reload < 100) {
      throw new IllegalArgumentException(
          "--cell-key-reload-millis " + reload + " is below the minimum of 100");
    }
    return new CellKeySource(path.isBlank() ? null : Path.of(path), reload, vertx);
  }

  /**
   * Reads the key file and starts reading it again periodically.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no valid key
   */
  public void start(MeterRegistry registry) {
    for (SealError e : SealError.values()) {
      if (e != SealError.NONE) {
        FunctionCounter.builder(
                "vth_cell_messages_rejected_total", rejected.get(e), AtomicLong::doubleValue)
            .description(
                "Pod-to-pod datagrams refused before decoding: unsealed, forged, misdirected,"
                    + " stale or replayed")
            .tag("reason", e.label())
            .register(registry);
      }
    }
    if (file == null) {
      LOG.warn(
          "no --cell-key-file: pod-to-pod messages are neither signed nor checked; run so only on"
              + " a single machine");
      return;
    }
    try {
      text = Files.readString(file);
      keys = CellKeys.parse(text);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("--cell-key-file " + file + ": cannot read: " + e, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--cell-key-file " + file + ": " + e.getMessage(), e);
    }
    LOG.info("pod-to-pod messages signed and checked with cell {}", keys.describe());
    timer = vertx.setPeriodic(reloadMillis, id -> vertx.executeBlocking(this::reload, false));
  }

  private boolean reload() {
    try {
      String now = Files.readString(file);
      if (!now.equals(text)) {
        CellKeys fresh = CellKeys.parse(now);
        text = now;
        keys = fresh;
        LOG.info("cell keys changed: now {}", fresh.describe());
      }
      return true;
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("--cell-key-file {} not taken: {}; the keys in use stay", file, e.getMessage());
      return false;
    }
  }

  /** Whether messages are signed and checked. */
  public boolean keyed() {
    return file != null;
  }

  /** A seal for one receiving socket and its thread. */
  public PodSeal newSeal() {
    return new PodSeal(keyed() ? new CellSeal(() -> keys, sequences) : null, rejected);
  }

  /** Datagrams refused for {@code reason} so far, by every seal of this pod. */
  public long rejected(SealError reason) {
    return rejected.get(reason).get();
  }

  /** A short description for logs. */
  public String describe() {
    CellKeys k = keys;
    return k == null ? "unauthenticated" : "signed with cell " + k.describe();
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
