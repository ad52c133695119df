package io.vth.core.lpm;

import java.util.Arrays;

/** Builds the arrays of a {@link RankedTrie}, run-length encoding each node's entries. */
final class RankedTrieWriter {

  private static final int CHUNK_SIZE = 1 << RankedTrie.CHUNK_BITS;
  private static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

  private long[] chunks = new long[1024];
  private int length;

  /**
   * Appends the {@code count} 256-entry chunks in {@code entries}, in which a pointer {@code -2 -
   * k} refers to the {@code k}-th of them, and returns the pointer to the first.
   */
  int appendChunks(int[] entries, int count) {
    int[] positions = new int[count];
    long end = length;
    for (int k = 0; k < count; k++) {
      positions[k] = (int) end;
      end += RankedTrie.CHUNK_HEADER + (runCount(entries, k * CHUNK_SIZE) + 1) / 2;
      if (end > MAX_LENGTH) {
        throw new IllegalStateException(
            "too many routes: the trie exceeds " + MAX_LENGTH + " longs");
      }
    }
    if (end > chunks.length) {
      chunks = Arrays.copyOf(chunks, (int) Math.min(Math.max(end, chunks.length * 2L), MAX_LENGTH));
    }
    for (int k = 0; k < count; k++) {
      encodeChunk(entries, k * CHUNK_SIZE, positions[k], positions);
    }
    length = (int) end;
    return -2 - positions[0];
  }

  /** Encodes the root (its pointers already final) and returns the finished trie. */
  RankedTrie finish(int[] root) {
    long[] finalChunks = Arrays.copyOf(chunks, length);
    int runCount = runCount(root, 0, root.length);
    if (4L * runCount + 16L * root.length / 64 > 2L * root.length) {
      return new RankedTrie(root, new long[0], new int[0], finalChunks);
    }
    long[] words = new long[2 * root.length / 64];
    int[] runs = new int[runCount];
    int run = 0;
    for (int i = 0; i < root.length; i++) {
      if (i % 64 == 0) {
        words[2 * (i / 64) + 1] = run;
      }
      if (i == 0 || root[i] != root[i - 1]) {
        words[2 * (i / 64)] |= 1L << (i & 63);
        runs[run++] = root[i];
      }
    }
    return new RankedTrie(null, words, runs, finalChunks);
  }

  private void encodeChunk(int[] entries, int from, int p, int[] positions) {
    int run = 0;
    for (int i = 0; i < CHUNK_SIZE; i++) {
      if (i % 64 == 0) {
        chunks[p + 4] |= (long) run << (16 * (i / 64));
      }
      if (i == 0 || entries[from + i] != entries[from + i - 1]) {
        chunks[p + i / 64] |= 1L << (i & 63);
        int value = entries[from + i];
        int stored = value < LpmTable.NO_MATCH ? -2 - positions[-2 - value] : value;
        chunks[p + RankedTrie.CHUNK_HEADER + run / 2] |= (stored & 0xffffffffL) << (32 * (run & 1));
        run++;
      }
    }
  }

  private static int runCount(int[] entries, int from) {
    return runCount(entries, from, CHUNK_SIZE);
  }

  private static int runCount(int[] entries, int from, int size) {
    int runs = 1;
    for (int i = from + 1; i < from + size; i++) {
      if (entries[i] != entries[i - 1]) {
        runs++;
      }
    }
    return runs;
  }
}
