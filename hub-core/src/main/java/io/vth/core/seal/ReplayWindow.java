package io.vth.core.seal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequence numbers one receiving socket has accepted, per sender: the highest, and which of the
 * {@value #WIDTH} below it were seen (RFC 4303's anti-replay window). A number seen before, or
 * older than the window, is refused. Owned by the socket's thread; not thread-safe.
 */
final class ReplayWindow {

  /** Sequence numbers tracked below the highest: the reordering tolerated. */
  static final int WIDTH = 1024;

  /** Senders tracked at most (only authentic senders create one, so a cell's pods). */
  static final int MAX_SENDERS = 4096;

  private static final class Window {
    long highest;
    final long[] seen = new long[WIDTH / 64];
  }

  private final Map<Integer, Window> windows =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Window> eldest) {
          return size() > MAX_SENDERS;
        }
      };

  /** Whether {@code sequence} from {@code sender} is new; if so it is remembered. */
  boolean accept(int sender, long sequence) {
    Window w = windows.get(sender);
    if (w == null) {
      w = new Window();
      w.highest = sequence;
      mark(w, sequence);
      windows.put(sender, w);
      return true;
    }
    if (sequence > w.highest) {
      long advance = sequence - w.highest;
      if (advance >= WIDTH) {
        java.util.Arrays.fill(w.seen, 0);
      } else {
        for (long s = w.highest + 1; s <= sequence; s++) {
          clear(w, s);
        }
      }
      w.highest = sequence;
      mark(w, sequence);
      return true;
    }
    if (w.highest - sequence >= WIDTH || isMarked(w, sequence)) {
      return false;
    }
    mark(w, sequence);
    return true;
  }

  private static void mark(Window w, long s) {
    int bit = (int) (s & (WIDTH - 1));
    w.seen[bit >>> 6] |= 1L << (bit & 63);
  }

  private static void clear(Window w, long s) {
    int bit = (int) (s & (WIDTH - 1));
    w.seen[bit >>> 6] &= ~(1L << (bit & 63));
  }

  private static boolean isMarked(Window w, long s) {
    int bit = (int) (s & (WIDTH - 1));
    return (w.seen[bit >>> 6] & (1L << (bit & 63))) != 0;
  }
}
