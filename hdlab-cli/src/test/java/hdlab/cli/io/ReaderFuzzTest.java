package hdlab.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hdlab.cli.UserInputException;
import hdlab.cli.curvature.CurvatureSpec;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.spec.Specs;
import hdlab.cli.sweep.SweepSpec;
import hdlab.core.data.Idx;
import hdlab.core.io.Npy;
import hdlab.core.io.SafeTensors;
import hdlab.core.io.Tensor;
import hdlab.core.io.TensorFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property test of the readers: seeded random mutations (byte flips, truncations, inserted, deleted and repeated
 * ranges, header numbers replaced by extreme values) of valid {@code .npy}, {@code .safetensors}, IDX (plain and gzip)
 * and YAML spec inputs. Every case must succeed or end in the reader's documented error with one line naming the
 * file: {@link TensorFormatException} (npy, safetensors), {@link IOException} (IDX), {@link UserInputException}
 * (specs). Any other exception, an out-of-memory error or a hang (each reader's batch has a hard time limit) fails
 * the test with the case's seed and index, so it can be replayed.
 */
class ReaderFuzzTest {
  static final int NPY_CASES = 2000, SAFETENSORS_CASES = 2000, IDX_CASES = 1600, SPEC_CASES = 2400;
  static final Duration LIMIT = Duration.ofSeconds(60);
  /** Replacement values for a number in a header: signs, zero, int overflow, huge, tiny, non-numbers. */
  static final String[] EXTREMES = {"-1", "0", "1", "-2147483648", "2147483647", "2147483648", "99999999999999999999",
      "1e308", "1e-12", "-0", ".5", "nan", "[]", "{}", "\"x\"", "null", "~", "", "3: 4", "[1,", "{a: "};

  @TempDir Path tmp;

  /** What a refusal must name: the file (tensor readers), or the file or a field (specs). */
  interface Names {
    boolean test(Throwable t, String file);
  }

  static final Names NAMES_FILE = (t, file) -> String.valueOf(t.getMessage()).contains(file);

  /** "data.dim: ...", "probes.times[7]: ..." or an unknown key as written: a field path before the colon. */
  static boolean namesField(UserInputException e) {
    return !e.field().isBlank() && e.getMessage().startsWith(e.field() + ": ");
  }

  interface Reader {
    void read(Path file) throws Exception;
  }

  @Test
  void npyMutationsEndInTensorFormatException() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    int k = 0;
    for (String dtype : new String[] {"F16", "F32", "F64"}) {
      for (int version = 1; version <= 3; version++) {
        Path f = tmp.resolve("seed" + k++ + ".npy");
        Npy.write(f, tensor("t", new int[] {3, 4}), dtype, version == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
            version == 3, version);
        seeds.add(Files.readAllBytes(f));
      }
    }
    fuzz("npy", 11, NPY_CASES, seeds, ".npy", Npy::read, TensorFormatException.class, NAMES_FILE);
  }

  @Test
  void safetensorsMutationsEndInTensorFormatException() throws Exception {
    Path f = tmp.resolve("seed.safetensors");
    SafeTensors.write(f, List.of(tensor("layer.0.weight", new int[] {4, 3}), new Tensor("b", new int[] {3}, "F16",
        new double[] {1, -2, 0.5}), new Tensor("c", new int[] {2, 2}, "BF16", new double[] {1, 2, 3, 4})));
    fuzz("safetensors", 12, SAFETENSORS_CASES, List.of(Files.readAllBytes(f)), ".safetensors", file -> {
      for (SafeTensors.Entry e : SafeTensors.open(file)) if (e.isFloat()) e.read();
    }, TensorFormatException.class, NAMES_FILE);
  }

  @Test
  void idxMutationsEndInIOExceptionNamingTheFile() throws Exception {
    int[] values = new int[2 * 5 * 4];
    for (int i = 0; i < values.length; i++) values[i] = (17 * i) % 256;
    ByteArrayOutputStream plain = new ByteArrayOutputStream(), gz = new ByteArrayOutputStream();
    Idx.writeUbyte(plain, new int[] {2, 5, 4}, values);
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      Idx.writeUbyte(z, new int[] {2, 5, 4}, values);
    }
    fuzz("idx", 13, IDX_CASES, List.of(plain.toByteArray(), gz.toByteArray()), "-idx3-ubyte", file -> {
      Idx.read(file);
      Idx.read(file, 1);
    }, IOException.class, NAMES_FILE);
  }

  @Test
  void specMutationsEndInUserInputException() throws Exception {
    Path examples = Path.of("..", "examples");
    record Seed(String file, Class<?> type) {}
    List<Seed> specs = List.of(new Seed("sgd-t1.yaml", ExperimentSpec.class), new Seed("eos-tiny-mlp.yaml", ExperimentSpec.class),
        new Seed("curvature-tiny-mlp.yaml", CurvatureSpec.class), new Seed("gd-eta-sweep.yaml", SweepSpec.class));
    for (int s = 0; s < specs.size(); s++) {
      Seed seed = specs.get(s);
      byte[] text = Files.readAllBytes(examples.resolve(seed.file()));
      Specs.parse(new String(text, StandardCharsets.UTF_8), seed.type(), seed.file()); // the seed itself is valid
      fuzz("spec " + seed.file(), 14 + s, SPEC_CASES / specs.size(), List.of(text), ".yaml",
          file -> Specs.parse(Files.readString(file, StandardCharsets.ISO_8859_1), seed.type(), file.toString()),
          UserInputException.class, (t, file) -> NAMES_FILE.test(t, file) || namesField((UserInputException) t));
    }
  }

  static Tensor tensor(String name, int[] shape) {
    double[] v = new double[shape[0] * (shape.length > 1 ? shape[1] : 1)];
    for (int i = 0; i < v.length; i++) v[i] = 0.25 * i - 1;
    return new Tensor(name, shape, "F64", v);
  }

  /**
   * Runs {@code cases} mutations of the seed inputs through {@code reader}; each must succeed or throw {@code allowed}
   * with a one-line message naming the file (the temp file is named after the case, so the name is checkable).
   */
  void fuzz(String what, long seed, int cases, List<byte[]> seeds, String suffix, Reader reader,
      Class<? extends Exception> allowed, Names names) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] outcomes = new int[2];
    long start = System.nanoTime();
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int c = 0; c < cases; c++) {
        byte[] input = mutate(seeds.get(rng.nextInt(seeds.size())), rng);
        String name = "case" + c + suffix;
        Path file = tmp.resolve(name);
        Files.write(file, input);
        try {
          reader.read(file);
          outcomes[0]++;
        } catch (Throwable t) {
          if (!allowed.isInstance(t)) {
            fail(what + " seed " + seed + " case " + c + ": " + t + " is not a " + allowed.getSimpleName(), t);
          }
          String msg = String.valueOf(t.getMessage());
          assertTrue(names.test(t, name), what + " case " + c + ": the message names neither the file nor a field: " + msg);
          assertEquals(1, msg.strip().lines().count(), what + " case " + c + ": not one line: " + msg);
          outcomes[1]++;
        } finally {
          Files.delete(file);
        }
      }
    }, what + ": a reader hung (seed " + seed + ")");
    System.out.printf("ReaderFuzzTest %s: %d cases (%d read, %d refused) in %.1f s%n", what, cases, outcomes[0],
        outcomes[1], (System.nanoTime() - start) / 1e9);
  }

  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  /** One to three mutations of a copy of {@code in}. */
  static byte[] mutate(byte[] in, SplittableRandom rng) {
    byte[] b = in.clone();
    int rounds = 1 + rng.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      int n = b.length;
      switch (rng.nextInt(7)) {
        case 0 -> { // flip bytes
          if (n == 0) break;
          for (int k = 1 + rng.nextInt(4); k > 0; k--) b[rng.nextInt(n)] = (byte) rng.nextInt(256);
        }
        case 1 -> b = Arrays.copyOf(b, n == 0 ? 0 : rng.nextInt(n)); // truncate
        case 2 -> { // a random 4-byte integer (big and little endian alike) into the header region
          if (n < 4) break;
          int at = rng.nextInt(Math.min(n - 3, 64));
          int v = rng.nextBoolean() ? rng.nextInt() : rng.nextInt(-2, 300);
          for (int k = 0; k < 4; k++) b[at + k] = (byte) (v >>> (8 * k));
        }
        case 3 -> { // replace a number in the text (header dict, JSON header, YAML) by an extreme value
          String s = new String(b, StandardCharsets.ISO_8859_1);
          Matcher m = NUMBER.matcher(s);
          List<int[]> spans = new ArrayList<>();
          while (m.find()) spans.add(new int[] {m.start(), m.end()});
          if (spans.isEmpty()) break;
          int[] sp = spans.get(rng.nextInt(spans.size()));
          s = s.substring(0, sp[0]) + EXTREMES[rng.nextInt(EXTREMES.length)] + s.substring(sp[1]);
          b = s.getBytes(StandardCharsets.ISO_8859_1);
        }
        case 4 -> { // insert random bytes (or structural characters)
          int at = rng.nextInt(n + 1);
          byte[] ins = new byte[1 + rng.nextInt(8)];
          String structural = ":[]{},-\n\t #'\"";
          for (int k = 0; k < ins.length; k++) {
            ins[k] = rng.nextBoolean() ? (byte) structural.charAt(rng.nextInt(structural.length())) : (byte) rng.nextInt(256);
          }
          byte[] out = new byte[n + ins.length];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(ins, 0, out, at, ins.length);
          System.arraycopy(b, at, out, at + ins.length, n - at);
          b = out;
        }
        case 5 -> { // delete a range
          if (n == 0) break;
          int at = rng.nextInt(n), len = 1 + rng.nextInt(Math.min(16, n - at));
          byte[] out = new byte[n - len];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(b, at + len, out, at, n - at - len);
          b = out;
        }
        default -> { // repeat a range (a YAML line twice: duplicate keys)
          if (n == 0) break;
          int at = rng.nextInt(n), len = 1 + rng.nextInt(Math.min(48, n - at));
          byte[] out = new byte[n + len];
          System.arraycopy(b, 0, out, 0, at + len);
          System.arraycopy(b, at, out, at + len, n - at);
          b = out;
        }
      }
    }
    return b;
  }
}
