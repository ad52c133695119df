package io.vth.core.dns;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link DnsMessage} in wire format with name compression (RFC 1035 section 4.1.4): owner
 * names and names inside the RDATA of RFC 1035 types point back to earlier copies of their longest
 * known suffix; names in other types' RDATA are written whole, as RFC 3597 asks.
 */
final class DnsMessageWriter {

  private static final int MAX_POINTER_TARGET = 0x3fff;

  private final Map<String, Integer> suffixOffsets = new HashMap<>();
  private byte[] buf = new byte[512];
  private int pos;

  private DnsMessageWriter() {}

  /**
   * Encodes {@code m} within {@code maxLength} octets, dropping sections and setting TC as needed.
   */
  static byte[] encode(DnsMessage m, int maxLength) {
    byte[] full = write(m, m.flags(), m.answers(), m.authorities(), m.additionals());
    if (full.length <= maxLength) {
      return full;
    }
    byte[] withoutAdditional = write(m, m.flags(), m.answers(), m.authorities(), List.of());
    if (withoutAdditional.length <= maxLength) {
      return withoutAdditional;
    }
    int truncatedFlags = m.flags() | DnsHeader.FLAG_TC;
    byte[] truncated = write(m, truncatedFlags, List.of(), List.of(), List.of());
    if (truncated.length > maxLength) {
      throw new IllegalArgumentException(
          "the question section alone needs "
              + truncated.length
              + " octets, over '"
              + maxLength
              + "'");
    }
    return truncated;
  }

  private static byte[] write(
      DnsMessage m,
      int flags,
      List<DnsRecord> answers,
      List<DnsRecord> authorities,
      List<DnsRecord> additionals) {
    DnsMessageWriter w = new DnsMessageWriter();
    w.u16(m.id());
    w.u16(flags);
    w.u16(m.questions().size());
    w.u16(answers.size());
    w.u16(authorities.size());
    w.u16(additionals.size());
    for (DnsQuestion q : m.questions()) {
      w.name(q.name().wire(), 0, true);
      w.u16(q.type());
      w.u16(q.dnsClass());
    }
    for (List<DnsRecord> section : List.of(answers, authorities, additionals)) {
      for (DnsRecord r : section) {
        w.record(r);
      }
    }
    return Arrays.copyOf(w.buf, w.pos);
  }

  private void record(DnsRecord r) {
    name(r.name().wire(), 0, true);
    u16(r.type());
    u16(r.dnsClass());
    u16((int) (r.ttl() >>> 16));
    u16((int) r.ttl());
    int lengthAt = pos;
    u16(0);
    rdata(r.type(), r.rdataView());
    int rdLength = pos - lengthAt - 2;
    if (rdLength > 0xffff) {
      throw new IllegalArgumentException("RDATA of " + r.name() + " is over 65535 octets");
    }
    DnsHeader.putU16(buf, lengthAt, rdLength);
  }

  private void rdata(int type, byte[] rdata) {
    int[] layout = RdataLayout.of(type);
    if (layout == null || !matches(rdata, layout)) {
      bytes(rdata, 0, rdata.length);
      return;
    }
    boolean compress = RdataLayout.compressible(type);
    int p = 0;
    for (int part : layout) {
      if (part == RdataLayout.NAME) {
        int length = uncompressedLength(rdata, p);
        name(rdata, p, compress);
        p += length;
      } else {
        bytes(rdata, p, part);
        p += part;
      }
    }
  }

  /** Whether uncompressed RDATA fits the layout exactly. */
  private static boolean matches(byte[] rdata, int[] layout) {
    int p = 0;
    for (int part : layout) {
      int length = part == RdataLayout.NAME ? uncompressedLength(rdata, p) : part;
      if (length < 0 || p + length > rdata.length) {
        return false;
      }
      p += length;
    }
    return p == rdata.length;
  }

  /** Length of the uncompressed name at {@code wire[p..]}, or -1 when it is not one. */
  private static int uncompressedLength(byte[] wire, int start) {
    int p = start;
    while (p < wire.length && p - start < DnsNames.MAX_NAME_LENGTH) {
      int b = wire[p] & 0xff;
      if (b == 0) {
        return p + 1 - start;
      }
      if (b > DnsNames.MAX_LABEL_LENGTH) {
        return -1;
      }
      p += b + 1;
    }
    return -1;
  }

  private void name(byte[] wire, int start, boolean compress) {
    int p = start;
    while (wire[p] != 0) {
      String suffix = canonicalSuffix(wire, p);
      Integer earlier = suffixOffsets.get(suffix);
      if (compress && earlier != null) {
        u16(0xc000 | earlier);
        return;
      }
      if (compress && earlier == null && pos <= MAX_POINTER_TARGET) {
        suffixOffsets.put(suffix, pos);
      }
      int length = wire[p] + 1;
      bytes(wire, p, length);
      p += length;
    }
    bytes(wire, p, 1);
  }

  private static String canonicalSuffix(byte[] wire, int p) {
    StringBuilder sb = new StringBuilder();
    for (int i = p; wire[i] != 0; i += wire[i] + 1) {
      for (int j = i; j <= i + wire[i]; j++) {
        sb.append((char) (DnsNames.toLowerCase(wire[j]) & 0xff));
      }
    }
    return sb.toString();
  }

  private void u16(int value) {
    ensure(2);
    DnsHeader.putU16(buf, pos, value);
    pos += 2;
  }

  private void bytes(byte[] src, int off, int length) {
    ensure(length);
    System.arraycopy(src, off, buf, pos, length);
    pos += length;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
