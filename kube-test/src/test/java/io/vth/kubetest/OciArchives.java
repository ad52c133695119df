package io.vth.kubetest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes variants of the OCI archives {@code test-infra/build-images.sh} writes: another name, and
 * an extra environment variable in the image configuration (so another digest under the same name).
 */
final class OciArchives {
  private static final Pattern DIGEST = Pattern.compile("\"digest\":\"sha256:([0-9a-f]{64})\"");

  private OciArchives() {}

  /** A copy of {@code source} named {@code name} whose configuration sets {@code VTH_MARK}. */
  static Path variant(Path source, Path workDir, String name, String mark)
      throws IOException, InterruptedException {
    Path layout = workDir.resolve("layout");
    Files.createDirectories(layout);
    run("tar", "-xf", source.toString(), "-C", layout.toString());
    Path blobs = layout.resolve("blobs/sha256");
    String index = Files.readString(layout.resolve("index.json"));
    String manifest = Files.readString(blobs.resolve(firstDigest(index)));
    String config = Files.readString(blobs.resolve(firstDigest(manifest)));
    String newConfig = config.replace("\"Env\":[", "\"Env\":[\"VTH_MARK=" + mark + "\",");
    String configDigest = write(blobs, newConfig);
    String newManifest =
        manifest
            .replaceFirst(DIGEST.pattern(), "\"digest\":\"sha256:" + configDigest + "\"")
            .replaceFirst(
                "\"size\":\\d+", "\"size\":" + newConfig.getBytes(StandardCharsets.UTF_8).length);
    String manifestDigest = write(blobs, newManifest);
    String newIndex =
        index
            .replaceFirst(DIGEST.pattern(), "\"digest\":\"sha256:" + manifestDigest + "\"")
            .replaceFirst(
                "\"size\":\\d+", "\"size\":" + newManifest.getBytes(StandardCharsets.UTF_8).length)
            .replaceFirst(
                "\"io.containerd.image.name\":\"[^\"]+\"",
                "\"io.containerd.image.name\":\"" + name + "\"")
            .replaceFirst(
                "\"org.opencontainers.image.ref.name\":\"[^\"]+\"",
                "\"org.opencontainers.image.ref.name\":\""
                    + name.substring(name.lastIndexOf(':') + 1)
                    + "\"");
    Files.writeString(layout.resolve("index.json"), newIndex);
    Path out = workDir.resolve("image.tar");
    run("tar", "-cf", out.toString(), "-C", layout.toString(), ".");
    return out;
  }

  private static String firstDigest(String json) {
    Matcher m = DIGEST.matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("no digest in " + json);
    }
    return m.group(1);
  }

  private static String write(Path blobs, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try {
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      Files.write(blobs.resolve(digest), bytes);
      return digest;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + ": " + out);
    }
  }
}
