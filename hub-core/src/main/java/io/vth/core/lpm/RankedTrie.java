package io.vth.core.lpm;

/**
 * The immutable arrays of a compressed, leaf-pushed multibit trie and its allocation-free lookup
 * steps.
 *
 * <p>Every node (the 65,536-entry root and the 256-entry chunks below it) is stored as runs: a
 * bitmap with one bit per entry, set where the entry differs from the one before, and the value of
 * each run. The entry at index {@code i} is run number {@code rank(i) - 1}, where rank counts the
 * set bits up to {@code i}; a 64-bit word's rank is one {@code Long.bitCount}.
 *
 * <p>Root: stored plainly ({@code plainRoot}, one int per entry) when its runs would take more than
 * half that space, which large tables reach and where the plain root saves a cache miss; otherwise
 * {@code rootWords} holds, per 64 entries, the bitmap and the index in {@code rootRuns} of the
 * first run that starts in or after that word. Chunk at position {@code p} of {@code chunks}: four
 * bitmap longs, one long with the number of runs before each bitmap word (16 bits each), then the
 * run values packed two per long, so a chunk with few runs fills one or two cache lines and a
 * lookup step costs about one cache miss.
 *
 * <p>An entry is a route value ({@code >= 0}), {@link LpmTable#NO_MATCH}, or a pointer {@code -2 -
 * p} to the chunk at position {@code p}.
 */
final class RankedTrie {

  /** Bits of the address that index the root. */
  static final int ROOT_BITS = 16;

  /** Bits of the address that index each chunk below the root. */
  static final int CHUNK_BITS = 8;

  /** Longs in a chunk before its runs: four bitmaps and the packed run counts. */
  static final int CHUNK_HEADER = 5;

  private final int[] plainRoot;
  private final long[] rootWords;
  private final int[] rootRuns;
  private final long[] chunks;

  /** A trie whose root is stored as runs ({@code plainRoot} null) or plainly, one int per entry. */
  RankedTrie(int[] plainRoot, long[] rootWords, int[] rootRuns, long[] chunks) {
    this.plainRoot = plainRoot;
    this.rootWords = rootWords;
    this.rootRuns = rootRuns;
    this.chunks = chunks;
  }

  /** The root entry for the top 16 bits {@code index}. */
  int root(int index) {
    if (plainRoot != null) {
      return plainRoot[index];
    }
    int word = 2 * (index >>> 6);
    long bitmap = rootWords[word] & (-1L >>> (63 - (index & 63)));
    return rootRuns[(int) rootWords[word + 1] + Long.bitCount(bitmap) - 1];
  }

  /** The entry at {@code index} (0-255) of the chunk that {@code pointer} refers to. */
  int child(int pointer, int index) {
    int p = -2 - pointer;
    int word = index >>> 6;
    long bitmap = chunks[p + word] & (-1L >>> (63 - (index & 63)));
    int run = (int) (chunks[p + 4] >>> (word << 4) & 0xffff) + Long.bitCount(bitmap) - 1;
    return (int) (chunks[p + CHUNK_HEADER + (run >>> 1)] >>> ((run & 1) << 5));
  }

  long memoryBytes() {
    long root =
        plainRoot != null ? 4L * plainRoot.length : 8L * rootWords.length + 4L * rootRuns.length;
    return root + 8L * chunks.length + 64;
  }
}
