package hdlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's package arrows, checked on the sources: linalg/random/trace/parallel ← data/model ←
 * optim/curvature/spectra/features ← theory/train/probe. A package may import its own layer or lower ones, and packages of
 * one layer must not refer to each other in a cycle (data ↔ model was one). Core imports no CLI libraries and does no
 * console output.
 */
class PackageArrowTest {
  static final Map<String, Integer> LAYER = Map.ofEntries(
      Map.entry("linalg", 0), Map.entry("random", 0), Map.entry("trace", 0), Map.entry("parallel", 0),
      Map.entry("data", 1), Map.entry("model", 1), Map.entry("io", 1),
      Map.entry("optim", 2), Map.entry("curvature", 2), Map.entry("spectra", 2), Map.entry("features", 2),
      Map.entry("theory", 3), Map.entry("train", 3), Map.entry("probe", 3));
  static final List<String> FORBIDDEN = List.of("picocli", "com.fasterxml", "java.io.PrintStream", "org.knowm",
      "me.tongfei", "hdlab.cli");
  static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  static final Pattern REF = Pattern.compile("hdlab\\.core\\.(\\w+)\\.");

  static Path coreSources() {
    Path p = Path.of("src/main/java/hdlab/core");
    if (!Files.isDirectory(p)) p = Path.of(System.getProperty("hdlab.root", "."), "hdlab-core/src/main/java/hdlab/core");
    return p;
  }

  @Test
  void corePackagesPointOneWayAndImportNoCliLibraries() throws IOException {
    Path root = coreSources();
    assertTrue(Files.isDirectory(root), "sources not found at " + root.toAbsolutePath());
    List<String> violations = new ArrayList<>();
    Map<String, java.util.Set<String>> uses = new java.util.TreeMap<>();
    int files = 0;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(x -> x.toString().endsWith(".java")).toList()) {
        files++;
        String pkg = root.relativize(f).getName(0).toString();
        Integer layer = LAYER.get(pkg);
        if (layer == null) {
          violations.add(f + ": package hdlab.core." + pkg + " has no layer in DESIGN.md's arrows (add it to LAYER)");
          continue;
        }
        String src = Files.readString(f);
        Matcher m = IMPORT.matcher(src);
        while (m.find()) {
          String imp = m.group(1);
          for (String bad : FORBIDDEN) if (imp.startsWith(bad)) violations.add(f + " imports " + imp);
        }
        Matcher r = REF.matcher(src);
        while (r.find()) {
          Integer other = LAYER.get(r.group(1));
          if (other != null && !r.group(1).equals(pkg)) uses.computeIfAbsent(pkg, x -> new java.util.TreeSet<>()).add(r.group(1));
          if (other != null && other > layer) {
            violations.add(f + " (layer " + layer + ") refers to hdlab.core." + r.group(1) + " (layer " + other + ")");
          }
        }
        if (src.contains("System.out") || src.contains("System.err") || src.contains("System.exit")) {
          violations.add(f + " uses System.out/err/exit");
        }
      }
    }
    assertTrue(files > 10, "scanned " + files + " files");
    violations.addAll(cycles(uses));
    assertEquals(List.of(), violations);
  }

  /** Every pair of packages that reach each other through references (a cycle), once per pair. */
  static List<String> cycles(Map<String, java.util.Set<String>> uses) {
    List<String> out = new ArrayList<>();
    for (String a : uses.keySet()) {
      for (String b : uses.keySet()) {
        if (a.compareTo(b) < 0 && reaches(uses, a, b) && reaches(uses, b, a)) {
          out.add("package cycle: hdlab.core." + a + " <-> hdlab.core." + b);
        }
      }
    }
    return out;
  }

  private static boolean reaches(Map<String, java.util.Set<String>> uses, String from, String to) {
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(from));
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!todo.isEmpty()) {
      String p = todo.pop();
      for (String q : uses.getOrDefault(p, java.util.Set.of())) {
        if (q.equals(to)) return true;
        if (seen.add(q)) todo.push(q);
      }
    }
    return false;
  }

  @Test
  void cycleDetectorFindsTheOldDataModelCycle() {
    Map<String, java.util.Set<String>> old = Map.of("data", java.util.Set.of("model", "linalg"), "model", java.util.Set.of("data"));
    assertEquals(List.of("package cycle: hdlab.core.data <-> hdlab.core.model"), cycles(old));
    assertEquals(List.of(), cycles(Map.of("model", java.util.Set.of("data"))));
  }
}
