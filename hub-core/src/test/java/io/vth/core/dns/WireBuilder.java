package io.vth.core.dns;

import java.io.ByteArrayOutputStream;

/** Builds DNS messages octet by octet, including malformed ones, for tests. */
final class WireBuilder {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static WireBuilder header(int id, int flags, int qd, int an, int ns, int ar) {
    return new WireBuilder().u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }

  WireBuilder u8(int... values) {
    for (int v : values) {
      out.write(v);
    }
    return this;
  }

  WireBuilder u16(int value) {
    return u8(value >>> 8 & 0xff, value & 0xff);
  }

  WireBuilder u32(long value) {
    return u16((int) (value >>> 16) & 0xffff).u16((int) value & 0xffff);
  }

  WireBuilder bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  /** A label of {@code length} copies of 'x' (length octet written as given, even if illegal). */
  WireBuilder label(int length) {
    u8(length);
    for (int i = 0; i < length; i++) {
      out.write('x');
    }
    return this;
  }

  /** Labels of a dotted name followed by the root label. */
  WireBuilder name(String dotted) {
    if (!dotted.isEmpty()) {
      for (String label : dotted.split("\\.")) {
        u8(label.length());
        out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    return u8(0);
  }

  WireBuilder pointer(int offset) {
    return u16(0xc000 | offset);
  }

  /** Type and class IN after a name already written. */
  WireBuilder questionTail(int type) {
    return u16(type).u16(1);
  }

  /** Type, class, TTL, RDLENGTH and RDATA after a name already written. */
  WireBuilder recordTail(int type, int dnsClass, long ttl, byte[] rdata) {
    return u16(type).u16(dnsClass).u32(ttl).u16(rdata.length).bytes(rdata);
  }

  int position() {
    return out.size();
  }

  byte[] build() {
    return out.toByteArray();
  }
}
