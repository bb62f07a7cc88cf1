package hdlab.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code .safetensors} files: an 8-byte little-endian header length N, N bytes of JSON
 * {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then the byte buffer; offsets
 * are relative to the buffer. Little-endian data, dtypes F16, BF16, F32, F64. Each tensor is memory-mapped when read.
 */
public final class SafeTensors {
  private SafeTensors() {}

  /** One header entry; {@link #read} maps and decodes it. */
  public record Entry(Path file, String name, String dtype, int[] shape, long begin, long end, long bufferStart) {
    public long count() {
      long n = 1;
      for (int d : shape) n *= d;
      return n;
    }

    /** True for the floating-point dtypes that {@link #read} decodes (F16, BF16, F32, F64). */
    public boolean isFloat() {
      return FLOAT_DTYPES.contains(dtype);
    }

    /** Decodes to float64 (C order); NaN/Inf entries are an error naming the file and tensor. */
    public Tensor read() throws IOException {
      if (!isFloat()) throw bad(file, name, "unsupported dtype " + dtype + " (allowed: F16, BF16, F32, F64)");
      if (count() > Integer.MAX_VALUE - 8) throw bad(file, name, "tensor of " + count() + " elements is too large");
      int n = (int) count();
      int w = Tensor.elementSize(dtype);
      double[] out = new double[n];
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        if (bufferStart + end > ch.size()) throw bad(file, name, "data runs past the end of the file (truncated?)");
        ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, bufferStart + begin, (long) n * w).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < n; k++) {
          double v = switch (dtype) {
            case "F16" -> Tensor.halfToFloat(b.getShort(2 * k));
            case "BF16" -> Tensor.bf16ToFloat(b.getShort(2 * k));
            case "F32" -> b.getFloat(4 * k);
            default -> b.getDouble(8 * k);
          };
          if (!Double.isFinite(v)) throw bad(file, name, "element " + k + " is " + v + " (NaN/Inf not allowed)");
          out[k] = v;
        }
      }
      return new Tensor(name, shape, dtype, out);
    }
  }

  /** The dtypes decoded to float64. */
  public static final List<String> FLOAT_DTYPES = List.of("F16", "BF16", "F32", "F64");

  /**
   * Other safetensors dtypes with their element sizes: accepted in a header (so that a checkpoint with, e.g., a
   * BatchNorm's I64 {@code num_batches_tracked} opens and its offsets are checked) but never decoded.
   */
  static final Map<String, Integer> OTHER_DTYPE_BYTES = orderedSizes();

  private static Map<String, Integer> orderedSizes() {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    m.put("BOOL", 1);
    m.put("U8", 1);
    m.put("I8", 1);
    m.put("F8_E4M3", 1);
    m.put("F8_E5M2", 1);
    m.put("I16", 2);
    m.put("U16", 2);
    m.put("I32", 4);
    m.put("U32", 4);
    m.put("I64", 8);
    m.put("U64", 8);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static TensorFormatException bad(Path file, String tensor, String what) {
    return new TensorFormatException(file + (tensor == null ? "" : " (tensor " + tensor + ")") + ": " + what);
  }

  /** Parses and checks the header: dtypes, shapes, offsets inside the buffer, sizes matching shapes, no overlaps. */
  public static List<Entry> open(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) throw bad(file, null, "file is " + size + " bytes, shorter than the 8-byte header length");
      ByteBuffer lb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(lb, 0);
      long n = lb.getLong(0);
      if (n < 2 || n > 100_000_000L || 8 + n > size) {
        throw bad(file, null, "header length " + n + " is impossible for a file of " + size + " bytes (corrupt or truncated)");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) n);
      ch.read(hb, 8);
      Object json;
      try {
        json = MiniJson.parse(new String(hb.array(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw bad(file, null, "header is not valid JSON: " + e.getMessage());
      }
      if (!(json instanceof Map<?, ?> map)) throw bad(file, null, "header is not a JSON object");
      long bufferStart = 8 + n, bufferLen = size - bufferStart;
      List<Entry> entries = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String name = (String) e.getKey();
        if (name.equals("__metadata__")) continue;
        if (!(e.getValue() instanceof Map<?, ?> t)) throw bad(file, name, "entry is not an object");
        if (!(t.get("dtype") instanceof String dtype)) throw bad(file, name, "missing dtype");
        if (!FLOAT_DTYPES.contains(dtype) && !OTHER_DTYPE_BYTES.containsKey(dtype)) {
          throw bad(file, name, "unknown dtype " + dtype + " (safetensors dtypes: F16, BF16, F32, F64, "
              + String.join(", ", OTHER_DTYPE_BYTES.keySet()) + ")");
        }
        if (!(t.get("shape") instanceof List<?> shapeList)) throw bad(file, name, "missing shape");
        int[] shape = new int[shapeList.size()];
        long count = 1;
        for (int k = 0; k < shape.length; k++) {
          if (!(shapeList.get(k) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
            throw bad(file, name, "bad shape " + shapeList);
          }
          shape[k] = (int) (long) d;
          // saturate instead of overflowing: such a count can never match the data_offsets span
          count = (long) Math.min((double) count * d, 1e15);
        }
        if (!(t.get("data_offsets") instanceof List<?> off) || off.size() != 2 || !(off.get(0) instanceof Long b)
            || !(off.get(1) instanceof Long en)) {
          throw bad(file, name, "data_offsets must be [begin, end]");
        }
        if (b < 0 || en < b) throw bad(file, name, "data_offsets [" + b + ", " + en + "] are not increasing");
        if (en > bufferLen) {
          throw bad(file, name, "data_offsets end " + en + " beyond the data buffer of " + bufferLen + " bytes (truncated?)");
        }
        long need = count * (FLOAT_DTYPES.contains(dtype) ? Tensor.elementSize(dtype) : OTHER_DTYPE_BYTES.get(dtype));
        if (en - b != need) {
          throw bad(file, name, "data_offsets span " + (en - b) + " bytes but shape and dtype need " + need);
        }
        entries.add(new Entry(file, name, dtype, shape, b, en, bufferStart));
      }
      List<Entry> byOffset = new ArrayList<>(entries);
      byOffset.sort((x, y) -> Long.compare(x.begin(), y.begin()));
      for (int k = 1; k < byOffset.size(); k++) {
        if (byOffset.get(k).begin() < byOffset.get(k - 1).end()) {
          throw bad(file, byOffset.get(k).name(), "data overlaps tensor " + byOffset.get(k - 1).name());
        }
      }
      return entries;
    }
  }

  /**
   * The tensors of a model stored as one {@code .safetensors} file or as a directory of shards
   * ({@code model-00001-of-00003.safetensors}, ...). A directory with a {@code *.safetensors.index.json} (the Hugging
   * Face layout {"metadata": {...}, "weight_map": {tensor: shard file}}) is read through it: every shard named there is
   * opened and checked, each tensor must sit in the shard the index names, and no shard may hold a tensor the index
   * omits. Without an index, every {@code *.safetensors} file of the directory, in name order, and tensor names must
   * not repeat. Entries come shard by shard, each in header order.
   */
  public static List<Entry> openModel(Path path) throws IOException {
    if (!Files.isDirectory(path)) return open(path);
    List<Path> indexes;
    try (var st = Files.list(path)) {
      indexes = st.filter(p -> p.getFileName().toString().endsWith(".safetensors.index.json")).sorted().toList();
    }
    if (indexes.size() > 1) throw bad(path, null, "more than one *.safetensors.index.json: " + indexes);
    List<Path> shards = new ArrayList<>();
    Map<String, String> weightMap = null;
    if (indexes.size() == 1) {
      Path index = indexes.get(0);
      Object json;
      try {
        json = MiniJson.parse(Files.readString(index));
      } catch (IllegalArgumentException e) {
        throw bad(index, null, "index is not valid JSON: " + e.getMessage());
      }
      if (!(json instanceof Map<?, ?> root) || !(root.get("weight_map") instanceof Map<?, ?> wm)) {
        throw bad(index, null, "index has no weight_map object");
      }
      weightMap = new java.util.LinkedHashMap<>();
      for (Map.Entry<?, ?> e : wm.entrySet()) {
        if (!(e.getValue() instanceof String shard)) throw bad(index, (String) e.getKey(), "weight_map value is not a file name");
        if (shard.contains("/") || shard.contains("\\")) throw bad(index, (String) e.getKey(), "shard " + shard + " is not in the directory");
        weightMap.put((String) e.getKey(), shard);
        Path sp = path.resolve(shard);
        if (!shards.contains(sp)) shards.add(sp);
      }
      shards.sort(null);
      for (Path sp : shards) if (!Files.isRegularFile(sp)) throw bad(index, null, "shard " + sp.getFileName() + " is missing");
    } else {
      try (var st = Files.list(path)) {
        shards.addAll(st.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList());
      }
      if (shards.isEmpty()) throw bad(path, null, "directory holds no .safetensors file");
    }
    List<Entry> all = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Path sp : shards) {
      for (Entry e : open(sp)) {
        if (!seen.add(e.name())) throw bad(sp, e.name(), "tensor name appears in more than one shard");
        if (weightMap != null) {
          String expected = weightMap.get(e.name());
          if (expected == null) throw bad(sp, e.name(), "tensor is missing from the index");
          if (!expected.equals(sp.getFileName().toString())) throw bad(sp, e.name(), "the index places it in " + expected);
        }
        all.add(e);
      }
    }
    if (weightMap != null) {
      for (String name : weightMap.keySet()) {
        if (!seen.contains(name)) throw bad(path.resolve(weightMap.get(name)), name, "tensor named in the index is not in its shard");
      }
    }
    return all;
  }

  /** Reads every tensor. */
  public static List<Tensor> readAll(Path file) throws IOException {
    List<Tensor> out = new ArrayList<>();
    for (Entry e : open(file)) out.add(e.read());
    return out;
  }

  /** Writes tensors in order with their own dtype (F16, BF16, F32, F64), atomically (temp file, then rename). */
  public static void write(Path file, List<Tensor> tensors) throws IOException {
    StringBuilder h = new StringBuilder("{");
    long offset = 0;
    for (int k = 0; k < tensors.size(); k++) {
      Tensor t = tensors.get(k);
      long len = (long) t.data().length * Tensor.elementSize(t.dtype());
      if (k > 0) h.append(',');
      h.append(MiniJson.quote(t.name())).append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
      for (int d = 0; d < t.shape().length; d++) h.append(d > 0 ? "," : "").append(t.shape()[d]);
      h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + len).append("]}");
      offset += len;
    }
    h.append('}');
    while ((8 + h.length()) % 8 != 0) h.append(' '); // the reference writer pads to 8-byte alignment
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer lb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        lb.flip();
        ch.write(lb);
        ch.write(ByteBuffer.wrap(header));
        ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors) {
          int w = Tensor.elementSize(t.dtype());
          for (double v : t.data()) {
            if (buf.remaining() < w) {
              buf.flip();
              while (buf.hasRemaining()) ch.write(buf);
              buf.clear();
            }
            switch (t.dtype()) {
              case "F16" -> buf.putShort(Tensor.floatToHalf((float) v));
              case "BF16" -> buf.putShort(Tensor.floatToBf16((float) v));
              case "F32" -> buf.putFloat((float) v);
              default -> buf.putDouble(v);
            }
          }
        }
        buf.flip();
        while (buf.hasRemaining()) ch.write(buf);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
