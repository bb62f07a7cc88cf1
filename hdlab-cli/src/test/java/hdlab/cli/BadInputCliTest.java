package hdlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hdlab.core.data.Idx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the commands: exit 2, one line naming the file or the field, what was found and what is allowed,
 * and nothing written. Runs too large for the heap are refused before they start.
 */
class BadInputCliTest {
  @TempDir Path tmp;

  /** Runs {@code args}, asserts exit 2 with one stderr line starting with the field and holding every fragment. */
  static CliRun assertRefused(String field, String[] args, String... fragments) {
    CliRun r = CliRun.of(args);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("hdlab: error: " + field), r.err());
    for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' missing from: " + r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    return r;
  }

  static String[] args(String... a) {
    return a;
  }

  @Test
  void npyWithANegativeDimensionNamesTheFileAndTheEntry() throws IOException {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (-3, 4), }";
    String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 96).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    Path f = tmp.resolve("neg.npy");
    Files.write(f, b.array());
    assertRefused(f.toString(), args("spectrum", f.toString()), "neg.npy", "shape entry -3 is negative", "allowed");
  }

  @Test
  void safetensorsWithADeeplyNestedHeaderIsRefusedNotAStackOverflow() throws IOException {
    byte[] json = ("{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}").getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    Path f = tmp.resolve("deep.safetensors");
    Files.write(f, b.array());
    assertRefused(f.toString(), args("spectrum", f.toString()), "header is not valid JSON", "nesting deeper than 64");
  }

  @Test
  void curvatureOfAModelTooLargeForTheHeapNamesTheFieldAndTheHeap() throws IOException {
    String spec = String.join("\n", "name: huge", "seed: 1",
        "model: {family: mlp, widths: [20, 2000000000, 4], activation: tanh, loss: mse}",
        "data: {source: synthetic, n: 40, teacher: tanh_network, teacher_width: 8}",
        "estimates: {operators: [hessian], top_k: 1, lanczos_steps: 10}", "");
    Path s = Files.writeString(tmp.resolve("huge.yaml"), spec);
    Path out = tmp.resolve("runs");
    assertRefused("model.widths", args("curvature", s.toString(), "--out", out.toString(), "-q"),
        "[20, 2000000000, 4]", "GiB of memory but the JVM may use at most", "HDLAB_JAVA_OPTS=-Xmx");
    String many = spec.replace("widths: [20, 2000000000, 4]", "widths: [20, 8, 4]").replace("n: 40", "n: 2000000000");
    Files.writeString(s, many);
    assertRefused("data.n", args("curvature", s.toString(), "--out", out.toString(), "-q"), "2000000000 examples");
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void aCorruptGzipIdxFileIsNamed() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("fm"));
    Path images = dir.resolve("train-images-idx3-ubyte.gz");
    writeGzipIdx(images, new int[] {2, 28, 28}, new int[2 * 28 * 28]);
    writeGzipIdx(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {2}, new int[] {0, 1});
    byte[] gz = Files.readAllBytes(images);
    gz[gz.length - 1] ^= 0x5a; // the ISIZE field of the trailer: "Corrupt GZIP trailer"
    Files.write(images, gz);
    String spec = String.join("\n", "name: fm", "seed: 1",
        "model: {family: mlp, widths: [784, 4, 10], activation: tanh, loss: softmax_ce}",
        "data: {source: fashion_mnist, n: 2, path: " + dir + "}",
        "estimates: {operators: [hessian], top_k: 1, lanczos_steps: 4}", "");
    Path s = Files.writeString(tmp.resolve("fm.yaml"), spec);
    assertRefused("data.path", args("curvature", s.toString(), "--out", tmp.resolve("runs").toString(), "-q"),
        images.toString(), "corrupt gzip data", "Corrupt GZIP trailer");
    assertFalse(Files.exists(tmp.resolve("runs")));
  }

  static void writeGzipIdx(Path file, int[] dims, int[] values) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      Idx.writeUbyte(gz, dims, values);
    }
    Files.write(file, buf.toByteArray());
  }

  @Test
  void specsThatAreEmptyNotAMappingOrMalformedGiveOneLineWithTheFile() throws IOException {
    Path runs = tmp.resolve("runs");
    Path empty = Files.writeString(tmp.resolve("empty.yaml"), "");
    assertRefused("spec: " + empty, args("run", empty.toString(), "--out", runs.toString()), "is empty");
    Path list = Files.writeString(tmp.resolve("list.yaml"), "- a\n- b\n");
    assertRefused("spec: " + list, args("run", list.toString(), "--out", runs.toString()),
        "holds a list at the top level", "mapping");
    // SnakeYAML's message spans several lines (with a caret excerpt): reported as file:line:col and one line
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: x\nseeds: [1,\n  2\nfoo: {\n");
    assertRefused("spec: " + bad + ":4:4: malformed YAML", args("run", bad.toString(), "--out", runs.toString()),
        "expected ',' or ']'");
    Path indent = Files.writeString(tmp.resolve("indent.yaml"), "name: x\n  seeds: 3\n");
    assertRefused("spec: " + indent + ":2:8: malformed YAML", args("run", indent.toString(), "--out", runs.toString()),
        "mapping values are not allowed");
    Path tab = Files.writeString(tmp.resolve("tab.yaml"), "name: x\n\tseeds: 3\n");
    assertRefused("spec: " + tab + ":1:8: malformed YAML: while scanning for the next token; found character",
        args("run", tab.toString(), "--out", runs.toString()), "cannot start any token");
    Path quote = Files.writeString(tmp.resolve("quote.yaml"), "name: \"x\n");
    assertRefused("spec: " + quote, args("run", quote.toString(), "--out", runs.toString()),
        "while scanning a quoted scalar; found unexpected end of stream");
    // well-formed YAML of the wrong shape is a type error that names the field and the expected shape
    Path shape = Files.writeString(tmp.resolve("shape.yaml"), "name: x\ndata: [dim: 100]\n");
    assertRefused("data: ", args("run", shape.toString(), "--out", runs.toString()), "expected a mapping of keys");
    // Jackson would read the alias as the string "n": a type error for seeds, a silent misread for a string field
    Path alias = Files.writeString(tmp.resolve("alias.yaml"), "name: &n x\nseeds: *n\n");
    assertRefused("spec: " + alias + ":2:8: YAML alias *n is not supported", args("run", alias.toString(), "--out",
        runs.toString()));
    Path curv = Files.writeString(tmp.resolve("c.yaml"), "just text\n");
    assertRefused("spec: " + curv, args("curvature", curv.toString(), "--out", runs.toString()), "holds a string");
    assertFalse(Files.exists(runs));
  }

  @Test
  void powerlawScaleZeroIsBlamedOnTheFlag() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int k = 1; k <= 40; k++) b.append(1.5 * k).append('\n');
    Path f = Files.writeString(tmp.resolve("v.txt"), b);
    assertRefused("--scale", args("powerlaw", f.toString(), "--scale", "0"), "got 0.0", "allowed: a finite number > 0");
    assertRefused("--scale", args("powerlaw", f.toString(), "--scale", "NaN"), "got NaN");
  }

  @Test
  void rfSpectrumTooLargeForTheHeapIsRefusedBeforeItStarts() {
    // d = 20000 holds ~3 d^2 doubles (9.6 GB) per seed in flight: 64 at a time need ~600 GB, above any test heap
    assertRefused("--features", args("rf-spectrum", "--alpha", "1.5", "--features", "20000", "--seeds", "64", "--threads", "64", "-q"),
        "d = 20000", "GiB of memory", "HDLAB_JAVA_OPTS=-Xmx");
    assertRefused("--seeds", args("rf-spectrum", "--alpha", "1.5", "--features", "1000", "--seeds", "2000000000", "-q"),
        "2000000000 seeds", "lower --seeds");
  }

  @Test
  void seedsBeyondTheCapAreRefusedInSpecs() throws IOException {
    String t1 = Files.readString(Path.of("..", "examples", "sgd-t1.yaml"));
    assertTrue(t1.contains("seeds: 4"));
    Path s = Files.writeString(tmp.resolve("seeds.yaml"), t1.replace("seeds: 4", "seeds: 100000000"));
    assertRefused("spec: seeds must be in [1, 10000]", args("run", s.toString(), "--out", tmp.resolve("runs").toString()),
        "got 100000000");
    assertFalse(Files.exists(tmp.resolve("runs")));
  }

  @Test
  void signSgdRiskWithATinyDtIsRefused() {
    assertRefused("--dt", args("theory", "risk", "--optimizer", "sign-sgd", "--sigma", "1", "--dt", "1e-12"),
        "ODE steps", "allowed at most 1e+07");
  }

  @Test
  void aResumedSweepRemovesTheTempFilesOfAKilledOne() throws Exception {
    String spec = String.join("\n", "name: tiny", "base:", "  name: tiny", "  seeds: 1",
        "  data: {dim: 50, spectrum: {kind: power-law, alpha: 0.5}, noise: {law: gaussian, sigma: 0.3}}",
        "  optimizer: {name: sgd}", "  schedule: {kind: constant, eta: 1.0}", "  horizon: 1.0",
        "  probes: {cadence: times, times: [0.5, 1]}", "grid:", "  schedule.eta: [1.0]", "");
    Path s = Files.writeString(tmp.resolve("sweep.yaml"), spec);
    Path out = tmp.resolve("o");
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long dead = p.pid();
    Path points = Files.createDirectories(out.resolve("points"));
    Path leftover = Files.writeString(points.resolve(".abc.json." + dead + ".123456.tmp"), "{partial");
    Path table = Files.writeString(out.resolve(".results.csv." + dead + ".99.tmp"), "partial");
    Path foreign = Files.writeString(points.resolve(".notes.tmp"), "not ours"); // not our pattern: kept
    CliRun r = CliRun.of("sweep", s.toString(), "--out", out.toString(), "-q", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.exists(leftover), "the killed run's point temp file is removed");
    assertFalse(Files.exists(table), "the killed run's table temp file is removed");
    assertTrue(Files.exists(foreign));
    try (var st = Files.list(points)) {
      assertEquals(1, st.filter(q -> q.toString().endsWith(".json") && !q.getFileName().toString().startsWith(".")).count());
    }
  }
}
