package io.vth.core.lpm;

import java.util.Arrays;

/**
 * Scratch space for building the subtree below one root entry as plain 256-entry chunks, before
 * {@link RankedTrieWriter} compresses it. A pointer {@code -2 - k} refers to chunk {@code k}.
 *
 * <p>Routes are inserted shortest first, so a route only ever overwrites leaves left by shorter
 * ones, and descending through a leaf pushes it down into the new chunk: afterwards every entry
 * holds its longest match (leaf pushing).
 */
final class ChunkArena {

  private static final int CHUNK_SIZE = 1 << RankedTrie.CHUNK_BITS;

  private int[] entries = new int[CHUNK_SIZE * 8];
  private int chunkCount;

  /** Starts a new subtree whose top chunk (chunk 0) inherits {@code inherited} everywhere. */
  void reset(int inherited) {
    chunkCount = 0;
    newChunk(inherited);
  }

  /** Inserts a route longer than the root stride; {@code (hi, lo)} is the left-aligned prefix. */
  void insert(long hi, long lo, int prefixLength, int value) {
    int index = stride(hi, lo, RankedTrie.ROOT_BITS);
    int end = RankedTrie.ROOT_BITS + RankedTrie.CHUNK_BITS;
    while (prefixLength > end) {
      int entry = entries[index];
      if (entry >= LpmTable.NO_MATCH) {
        entry = -2 - newChunk(entry);
        entries[index] = entry;
      }
      index = (-2 - entry) * CHUNK_SIZE + stride(hi, lo, end);
      end += RankedTrie.CHUNK_BITS;
    }
    Arrays.fill(entries, index, index + (1 << (end - prefixLength)), value);
  }

  /** Appends all chunks of the subtree to {@code writer}; returns the pointer to its top chunk. */
  int writeTo(RankedTrieWriter writer) {
    return writer.appendChunks(entries, chunkCount);
  }

  /** The 8 bits starting at bit {@code start} of the left-aligned 128-bit key. */
  private static int stride(long hi, long lo, int start) {
    long word = start < 64 ? hi : lo;
    return (int) (word >>> (64 - RankedTrie.CHUNK_BITS - (start & 63))) & (CHUNK_SIZE - 1);
  }

  private int newChunk(int fill) {
    if ((chunkCount + 1) * (long) CHUNK_SIZE > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "too many routes below one /16: the subtree exceeds its arena");
    }
    if ((chunkCount + 1) * CHUNK_SIZE > entries.length) {
      entries = Arrays.copyOf(entries, (int) Math.min(entries.length * 2L, Integer.MAX_VALUE - 8));
    }
    Arrays.fill(entries, chunkCount * CHUNK_SIZE, (chunkCount + 1) * CHUNK_SIZE, fill);
    return chunkCount++;
  }
}
