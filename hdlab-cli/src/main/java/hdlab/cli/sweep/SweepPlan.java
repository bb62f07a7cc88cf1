package hdlab.cli.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import hdlab.cli.UserInputException;
import hdlab.cli.experiment.ExperimentSpec;
import hdlab.cli.experiment.LeastSquaresSpec;
import hdlab.cli.experiment.NetworkSpec;
import hdlab.cli.spec.Specs;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sweep resolved before anything runs: every grid point merged into the base, parsed and validated as an
 * {@link ExperimentSpec} of the base's kind, and keyed by the SHA-256 of its resolved spec's canonical JSON. A bad
 * grid key or value is one {@link UserInputException} naming it (e.g. {@code grid.optimizer.eta: value -0.1 ...}),
 * thrown by {@link #of} before any file is written.
 *
 * @param kind {@code least_squares} or {@code network} (from {@code base.kind}; one kind per sweep)
 * @param keys the grid keys in order (the table's key columns)
 * @param points one per grid point, in index order
 */
public record SweepPlan(String name, String kind, List<String> keys, List<PlannedPoint> points, SweepSpec.Plot plot) {
  /** Canonical JSON: sorted properties and map keys, no indentation; the resume hash is taken over it. */
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  public SweepPlan {
    keys = List.copyOf(keys);
    points = List.copyOf(points);
  }

  public int size() {
    return points.size();
  }

  public boolean network() {
    return kind.equals("network");
  }

  /** Resolves and validates every point; files named in the specs are resolved against {@code specDir}. */
  public static SweepPlan of(SweepSpec spec, Path specDir) {
    Object k = spec.base().get("kind");
    String kind = k == null ? "least_squares" : String.valueOf(k);
    if (!ExperimentSpec.KINDS.contains(kind)) throw new UserInputException("base.kind", kind, ExperimentSpec.KINDS);
    Class<?> type = kind.equals("network") ? NetworkSpec.class : LeastSquaresSpec.class;
    for (String key : spec.grid().keySet()) {
      if (key.equals("kind")) throw new UserInputException("grid.kind", "a sweep runs one kind; set it in base.kind");
      if (key.equals("threads")) throw new UserInputException("grid.threads", "each point runs its seeds on one thread; use --threads for the pool");
      checkPath(type, key);
    }
    if (spec.plot() != null) checkPlot(spec, kind);
    int total;
    try {
      total = spec.size();
    } catch (IllegalArgumentException e) {
      throw new UserInputException("grid", e.getMessage());
    }
    String dir = specDir.toAbsolutePath().normalize().toString();
    List<PlannedPoint> points = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      LinkedHashMap<String, Object> point = spec.point(i);
      ExperimentSpec resolved = resolve(spec, i, point);
      String json = canonicalJson(resolved);
      if (!Specs.parse(json, ExperimentSpec.class, "resolved point").equals(resolved)) {
        throw new IllegalStateException("point " + i + ": the resolved spec does not read back as itself: " + json);
      }
      points.add(new PlannedPoint(i, point, kind, json, sha256(json), dir));
    }
    return new SweepPlan(spec.name(), kind, List.copyOf(spec.grid().keySet()), points, spec.plot());
  }

  /** The point merged into the base and parsed; a failure names the grid key (and value) it comes from. */
  static ExperimentSpec resolve(SweepSpec spec, int index, Map<String, Object> point) {
    Map<String, Object> m = SweepRunner.with(spec.base(), point);
    m.put("threads", 1); // one point = its seeds on one thread; the pool runs points side by side
    try {
      return Specs.parse(Specs.toJson(m), ExperimentSpec.class, "sweep point " + index);
    } catch (UserInputException e) {
      String field = e.field();
      String msg = e.getMessage().substring(Math.min(e.getMessage().length(), field.length() + 2));
      String where = "point " + index + " of " + spec.size() + " (" + describe(point) + ")";
      String key = culprit(point, field, msg);
      if (key != null) {
        String shown = msg.startsWith(key) || msg.startsWith(field + ".") ? msg : field + ": " + msg;
        throw new UserInputException("grid." + key, "value " + Specs.toJson(point.get(key)).strip() + " is invalid at " + where
            + ": " + shown + "; nothing was run");
      }
      throw new UserInputException(field.equals("spec") ? "base" : "base." + field, msg + " (at grid " + where + "); nothing was run");
    }
  }

  /**
   * The grid key a validation failure comes from: the key that is the failing field, else one the message names
   * (a record names its own fields, e.g. "optimizer.eta must be > 0" raised at "optimizer"), else one inside or
   * above the failing field; null when the failure is the base's.
   */
  static String culprit(Map<String, Object> point, String field, String msg) {
    if (point.containsKey(field)) return field;
    for (String key : point.keySet()) {
      if (msg.startsWith(key + " ") || msg.startsWith(key + ":") || msg.startsWith(key + "[")) return key;
    }
    for (String key : point.keySet()) {
      if (msg.contains(key) && (key.startsWith(field + ".") || field.startsWith(key + "."))) return key;
    }
    for (String key : point.keySet()) {
      if (field.startsWith(key + ".") || field.startsWith(key + "[") || key.startsWith(field + ".")) return key;
    }
    return null;
  }

  private static String describe(Map<String, Object> point) {
    return point.entrySet().stream().map(e -> e.getKey() + " = " + Specs.toJson(e.getValue()).strip())
        .collect(Collectors.joining(", "));
  }

  /** plot.x must hold numbers; plot.y names a network probe column (the final value is plotted). */
  private static void checkPlot(SweepSpec spec, String kind) {
    SweepSpec.Plot p = spec.plot();
    for (Object v : spec.grid().get(p.x())) {
      if (!(v instanceof Number)) throw new UserInputException("plot.x", "grid." + p.x() + " holds '" + v + "'; the x axis needs numbers");
    }
    if (p.y() != null && !kind.equals("network")) {
      throw new UserInputException("plot.y", "applies to network sweeps; a least-squares sweep plots the final risk");
    }
  }

  /** The spec as canonical JSON, written through the family type so it carries its {@code kind}. */
  public static String canonicalJson(ExperimentSpec spec) {
    try {
      return CANONICAL.writerFor(ExperimentSpec.class).writeValueAsString(spec);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot serialise spec", e);
    }
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Walks a dotted path through the record components of {@code type} (JSON names). */
  static void checkPath(Class<?> root, String path) {
    Class<?> type = root;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      if (type == null || !type.isRecord()) throw new UserInputException("grid." + path, "'" + parts[i - 1] + "' has no fields");
      RecordComponent found = null;
      List<String> names = new ArrayList<>();
      for (RecordComponent c : type.getRecordComponents()) {
        JsonProperty jp = c.getAccessor().getAnnotation(JsonProperty.class);
        if (jp == null) {
          try {
            jp = type.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
          } catch (NoSuchFieldException e) {
            jp = null;
          }
        }
        String name = jp != null && !jp.value().isEmpty() ? jp.value() : c.getName();
        names.add(name);
        if (name.equals(parts[i])) found = c;
      }
      if (found == null) throw new UserInputException("grid." + path, "unknown key '" + parts[i] + "'; allowed: " + String.join(", ", names));
      type = found.getType();
    }
  }
}
