package io.vth.operator.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.operator.model.OverlapReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code OverlapCheck FILE|DIR...}: reads a hub and candidate attachments from manifests and prints
 * the overlaps and what each policy would do. Changes nothing anywhere.
 */
public final class OverlapCheck {

  private OverlapCheck() {}

  /** Prints the report; exits 2 when no hub is found. */
  public static void main(String[] args) throws IOException {
    try {
      System.out.print(report(args));
    } catch (IllegalArgumentException e) {
      System.err.println("overlap check: " + e.getMessage());
      System.exit(2);
    }
  }

  /** The report for the manifests under {@code paths}. */
  public static String report(String... paths) throws IOException {
    VirtualTrafficHub hub = null;
    List<HubAttachment> attachments = new ArrayList<>();
    for (Path file : yamlFiles(paths)) {
      for (HasMetadata o : read(file)) {
        if (o instanceof VirtualTrafficHub h && hub == null) {
          hub = h;
        } else if (o instanceof HubAttachment a) {
          attachments.add(a);
        }
      }
    }
    if (hub == null) {
      throw new IllegalArgumentException("no VirtualTrafficHub in " + String.join(" ", paths));
    }
    return OverlapReport.of(hub, attachments);
  }

  private static List<HasMetadata> read(Path file) throws IOException {
    List<HasMetadata> out = new ArrayList<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
      MappingIterator<JsonNode> docs = yaml.readValues(parser, JsonNode.class);
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        String kind = doc == null ? "" : doc.path("kind").asText();
        if (kind.equals("VirtualTrafficHub")) {
          out.add(yaml.treeToValue(doc, VirtualTrafficHub.class));
        } else if (kind.equals("HubAttachment")) {
          out.add(yaml.treeToValue(doc, HubAttachment.class));
        }
      }
    }
    return out;
  }

  private static List<Path> yamlFiles(String... paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String p : paths) {
      Path path = Path.of(p);
      if (Files.isDirectory(path)) {
        try (Stream<Path> s = Files.walk(path)) {
          s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .forEach(files::add);
        }
      } else {
        files.add(path);
      }
    }
    return files;
  }
}
