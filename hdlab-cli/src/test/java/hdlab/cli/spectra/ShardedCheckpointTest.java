package hdlab.cli.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hdlab.cli.CliRun;
import hdlab.cli.spec.Specs;
import hdlab.core.random.RandomStream;
import hdlab.core.spectra.Esd;
import hdlab.core.spectra.PowerLaw;
import hdlab.core.spectra.WeightLayer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hdlab spectrum` on a synthetic checkpoint laid out as PyTorch/Hugging Face write them: a ResNet-style block with
 * BatchNorm (weight, bias, running_mean, running_var as F32 and num_batches_tracked as an I64 scalar) and a sharded
 * MLP (model-0000k-of-00002.safetensors plus model.safetensors.index.json with "metadata" and "weight_map").
 */
class ShardedCheckpointTest {
  @TempDir Path dir;

  /** One raw tensor: name, safetensors dtype, shape, little-endian bytes. */
  record Raw(String name, String dtype, int[] shape, byte[] bytes) {}

  static Raw f32(String name, int[] shape, double[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) b.putFloat((float) x);
    return new Raw(name, "F32", shape, b.array());
  }

  static Raw i64(String name, long v) {
    return new Raw(name, "I64", new int[0], ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
  }

  /** Writes the safetensors byte layout directly (the project's writer only emits float dtypes). */
  static void write(Path file, List<Raw> ts) throws Exception {
    StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    long off = 0;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Raw t : ts) {
      h.append(",\"").append(t.name()).append("\":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":")
          .append(Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[").append(off).append(',')
          .append(off + t.bytes().length).append("]}");
      off += t.bytes().length;
      data.write(t.bytes());
    }
    h.append('}');
    byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + hb.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(hb.length).put(hb).put(data.toByteArray());
    Files.write(file, out.array());
  }

  static double[] gaussian(RandomStream r, int n) {
    double[] v = new double[n];
    r.gaussians(v);
    return v;
  }

  @Test
  void shardedDirectoryWithBatchNormReadsAsOneModel() throws Exception {
    RandomStream r = RandomStream.of(21);
    Raw conv = f32("conv1.weight", new int[] {32, 16, 3, 3}, gaussian(r.split("conv"), 32 * 16 * 9));
    List<Raw> bn = List.of(f32("bn1.weight", new int[] {32}, gaussian(r.split("g"), 32)),
        f32("bn1.bias", new int[] {32}, new double[32]), f32("bn1.running_mean", new int[] {32}, new double[32]),
        f32("bn1.running_var", new int[] {32}, gaussian(r.split("v"), 32)), i64("bn1.num_batches_tracked", 1234));
    Raw up = f32("model.layers.0.mlp.up_proj.weight", new int[] {96, 48}, gaussian(r.split("up"), 96 * 48));
    Raw down = f32("model.layers.0.mlp.down_proj.weight", new int[] {48, 96}, gaussian(r.split("down"), 96 * 48));
    Raw head = f32("lm_head.weight", new int[] {64, 48}, gaussian(r.split("head"), 64 * 48));
    List<Raw> shard1 = new ArrayList<>(List.of(conv));
    shard1.addAll(bn);
    shard1.add(up);
    List<Raw> shard2 = List.of(down, head);
    Path model = Files.createDirectories(dir.resolve("model"));
    write(model.resolve("model-00001-of-00002.safetensors"), shard1);
    write(model.resolve("model-00002-of-00002.safetensors"), shard2);
    Map<String, String> wm = new LinkedHashMap<>();
    long total = 0;
    for (Raw t : shard1) { wm.put(t.name(), "model-00001-of-00002.safetensors"); total += t.bytes().length; }
    for (Raw t : shard2) { wm.put(t.name(), "model-00002-of-00002.safetensors"); total += t.bytes().length; }
    Files.writeString(model.resolve("model.safetensors.index.json"),
        Specs.toJson(Map.of("metadata", Map.of("total_size", total), "weight_map", wm)));
    // the same tensors in one file: the single-file reading is the reference
    List<Raw> all = new ArrayList<>(shard1);
    all.addAll(shard2);
    Path single = dir.resolve("single.safetensors");
    write(single, all);

    Path out = dir.resolve("out");
    CliRun sharded = CliRun.of("spectrum", model.toString(), "--out", out.toString(), "--bootstrap", "0", "--json", "-q",
        "--no-plots");
    assertEquals(0, sharded.code(), sharded.err());
    CliRun one = CliRun.of("spectrum", single.toString(), "--out", dir.resolve("out1").toString(), "--bootstrap", "0",
        "--json", "-q", "--no-plots");
    assertEquals(0, one.code(), one.err());
    JsonNode a = Specs.json().readTree(sharded.out()), b = Specs.json().readTree(one.out());
    assertEquals(4, a.size()); // conv, up, down, head
    assertEquals(List.of("conv1.weight", "model.layers.0.mlp.up_proj.weight", "model.layers.0.mlp.down_proj.weight",
        "lm_head.weight"), names(a));
    for (int k = 0; k < 4; k++) {
      assertEquals(b.get(k).get("alpha").asDouble(), a.get(k).get("alpha").asDouble(), 0);
      assertEquals(b.get(k).get("spectral_norm").asDouble(), a.get(k).get("spectral_norm").asDouble(), 0);
    }
    assertTrue(sharded.err().contains("skipped (not floating point): [bn1.num_batches_tracked (I64)]"), sharded.err());
    JsonNode summary = Specs.json().readTree(Files.readString(out.resolve("summary.json")));
    assertEquals("bn1.num_batches_tracked (I64)", summary.get("skipped_not_float").get(0).asText());
    assertEquals(4, summary.get("skipped_not_2d_or_4d").size()); // the four F32 BatchNorm vectors
    assertEquals(4, summary.get("layers_analysed").asInt());

    // an index that places a tensor in the wrong shard is refused, naming it
    wm.put("lm_head.weight", "model-00001-of-00002.safetensors");
    Files.writeString(model.resolve("model.safetensors.index.json"), Specs.toJson(Map.of("weight_map", wm)));
    CliRun bad = CliRun.of("spectrum", model.toString(), "--out", dir.resolve("out2").toString(), "-q", "--no-plots");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("lm_head.weight"), bad.err());
  }

  /** --xmin and --xmin-range reach every layer's fit, as in `hdlab powerlaw`. */
  @Test
  void spectrumHonoursXminOptions() throws Exception {
    RandomStream r = RandomStream.of(8);
    double[] w = gaussian(r, 200 * 100);
    Path f = dir.resolve("w.safetensors");
    write(f, List.of(f32("w", new int[] {200, 100}, w)));
    double[] ev = WeightLayer.of("w", new int[] {200, 100}, floats(w), true, Esd.Normalization.UNNORMALIZED).get().evals();
    double[] kept = Arrays.stream(ev).filter(v -> v > PowerLaw.WW_EVAL_FLOOR).toArray();
    double xm = kept[60];
    CliRun fixed = CliRun.of("spectrum", f.toString(), "--out", dir.resolve("o").toString(), "--mode", "csn", "--xmin",
        Double.toString(xm), "--bootstrap", "0", "--json", "-q", "--no-plots");
    assertEquals(0, fixed.code(), fixed.err());
    JsonNode row = Specs.json().readTree(fixed.out()).get(0);
    assertEquals(PowerLaw.fitCsnAtXmin(PowerLaw.Sorted.of(kept), xm).alpha(), row.get("alpha").asDouble(), 1e-12);
    assertEquals(40, row.get("n_tail").asInt());
    String range = kept[10] + ":" + kept[50];
    CliRun ranged = CliRun.of("spectrum", f.toString(), "--out", dir.resolve("o2").toString(), "--mode", "csn",
        "--xmin-range", range, "--bootstrap", "0", "--json", "-q", "--no-plots");
    JsonNode rr = Specs.json().readTree(ranged.out()).get(0);
    assertEquals(PowerLaw.fitCsn(PowerLaw.Sorted.of(kept), new PowerLaw.XminBounds(kept[10], kept[50])).xmin(),
        rr.get("xmin").asDouble(), 0);
    CliRun ww = CliRun.of("spectrum", f.toString(), "--xmin", "3", "-q", "--no-plots");
    assertEquals(2, ww.code());
    assertTrue(ww.err().contains("--xmin"), ww.err());
    // WeightWatcher's xmax cut and fix_fingers reach the layer: raw_alpha is the uncut WW alpha
    CliRun clip = CliRun.of("spectrum", f.toString(), "--out", dir.resolve("o3").toString(), "--fix-fingers", "clip-xmax",
        "--xmax", "2", "--bootstrap", "0", "--json", "-q", "--no-plots");
    assertEquals(0, clip.code(), clip.err());
    JsonNode c = Specs.json().readTree(clip.out()).get(0);
    assertEquals(PowerLaw.fitWw(Arrays.copyOf(kept, kept.length - 2), false).alpha(), c.get("raw_alpha").asDouble(), 1e-12);
    assertTrue(c.get("num_fingers").asInt() >= 0);
    CliRun bad = CliRun.of("spectrum", f.toString(), "--fix-fingers", "sometimes", "-q", "--no-plots");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--fix-fingers"), bad.err());
  }

  /** The F32 round trip the file applies, so the reference ESD sees the same numbers. */
  static double[] floats(double[] v) {
    double[] o = new double[v.length];
    for (int k = 0; k < v.length; k++) o[k] = (float) v[k];
    return o;
  }

  static List<String> names(JsonNode rows) {
    List<String> n = new ArrayList<>();
    rows.forEach(x -> n.add(x.get("name").asText()));
    return n;
  }
}
