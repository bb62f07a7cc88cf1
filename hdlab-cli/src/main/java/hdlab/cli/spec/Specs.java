package hdlab.cli.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import hdlab.cli.UserInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;

/**
 * Reads YAML/JSON specs into records, strictly: unknown keys, wrong types and values rejected by a record's
 * compact constructor all become one {@link UserInputException} naming the field path (e.g.
 * {@code optimizer.lr}).
 */
public final class Specs {
  private static final ObjectMapper YAML = new ObjectMapper(
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
      // strict: 200.5 is not an integer, "0.3" is not a number, a key given twice is an error
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** A leading dotted field path followed by ':' in a validation message. */
  private static final Pattern OWN_FIELD = Pattern.compile("([a-z_][\\w.\\[\\]]*\\.[\\w\\[\\]]+):");

  private Specs() {}

  /** The YAML mapper (strict on input). */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /** A JSON mapper with indented output (summary.json, --json). */
  public static ObjectMapper json() {
    return JSON;
  }

  /** Reads a spec file into {@code type}; every failure is a {@link UserInputException} naming the field. */
  public static <T> T read(Path file, Class<T> type) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException("spec", "file not found: " + file);
    } catch (IOException e) {
      throw new UserInputException("spec", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, type, file.toString());
  }

  /** Parses spec text (YAML or JSON, which is YAML) into {@code type}. */
  public static <T> T parse(String text, Class<T> type, String source) {
    try {
      if (text.indexOf('*') >= 0) rejectAliases(text, source);
      // through a tree: duplicate keys are caught there (the YAML parser itself does not check them)
      JsonNode tree = YAML.readTree(text);
      if (tree == null || tree.isMissingNode() || tree.isNull()) throw new UserInputException("spec", source + " is empty");
      if (!tree.isObject()) {
        String found = tree.isArray() ? "a list" : tree.isTextual() ? "a string" : tree.isNumber() ? "a number" : "a scalar";
        throw new UserInputException("spec", source + " holds " + found + " at the top level; a spec is a mapping of keys (name: ..., seed: ...)");
      }
      T value = YAML.treeToValue(withDefaultKind(tree, type), type);
      if (value == null) throw new UserInputException("spec", source + " is empty");
      return value;
    } catch (InvalidTypeIdException e) {
      String where = path(e);
      throw new UserInputException(where.isEmpty() ? "kind" : where + ".kind", "got '" + e.getTypeId() + "'; allowed: least_squares, network");
    } catch (UnrecognizedPropertyException e) {
      String allowed = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf)
          .sorted().collect(Collectors.joining(", "));
      String parent = parentPath(e);
      String field = parent.isEmpty() ? e.getPropertyName() : parent + "." + e.getPropertyName();
      throw new UserInputException(field, "unknown key '" + e.getPropertyName() + "'; allowed: " + allowed);
    } catch (InvalidFormatException e) {
      throw new UserInputException(field(e), "got '" + e.getValue() + "'; expected " + describe(e.getTargetType()));
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof UserInputException u) throw u;
      String where = path(e);
      String msg = String.valueOf(cause.getMessage());
      // records name their own field ("optimizer.lr must be > 0"): keep that name instead of prefixing the path
      Matcher own = OWN_FIELD.matcher(msg);
      if (own.lookingAt() && own.group(1).startsWith(where)) {
        throw new UserInputException(own.group(1), msg.substring(own.end()).strip());
      }
      throw new UserInputException(where.isEmpty() ? "spec" : where, msg);
    } catch (MismatchedInputException e) {
      String target = e.getTargetType() == null ? "a different type" : describe(e.getTargetType());
      throw new UserInputException(field(e), "missing or of the wrong type; expected " + target);
    } catch (JsonMappingException e) {
      String msg = e.getOriginalMessage();
      if (msg != null && msg.contains("\n")) {
        // a YAML syntax error surfacing inside a mapping: keep one line, with the location
        throw new UserInputException("spec", at(source, e.getLocation()) + ": malformed YAML: " + oneLine(msg));
      }
      throw new UserInputException(field(e), msg);
    } catch (IOException e) {
      JsonLocation where = e instanceof JsonProcessingException p ? p.getLocation() : null;
      String msg = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
      throw new UserInputException("spec", at(source, where) + ": malformed YAML: " + oneLine(msg));
    }
  }

  /**
   * Jackson reads a YAML alias ({@code *name}) as the string "name", so {@code seeds: *n} would be a type error and
   * {@code name: *n} a silent misread: aliases are refused, with their place. Syntax errors are left to the parse
   * that follows, which reports them.
   */
  private static void rejectAliases(String text, String source) {
    try {
      for (Event ev : new Yaml().parse(new StringReader(text))) {
        if (ev instanceof AliasEvent alias) {
          Mark m = alias.getStartMark();
          throw new UserInputException("spec", source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)
              + ": YAML alias *" + alias.getAnchor() + " is not supported; write the value out");
        }
      }
    } catch (YAMLException e) {
      // malformed: reported by the Jackson parse, with its location
    }
  }

  /**
   * A polymorphic spec family ({@code @JsonTypeInfo} with a property, e.g. {@code kind}) whose text omits that
   * property gets the family's first subtype: older specs without {@code kind} are least-squares specs. An unknown kind
   * still fails (no Jackson defaultImpl, which would accept any id silently).
   */
  private static JsonNode withDefaultKind(JsonNode tree, Class<?> type) {
    JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
    JsonSubTypes subs = type.getAnnotation(JsonSubTypes.class);
    if (info == null || subs == null || subs.value().length == 0) return tree;
    if (!(tree instanceof ObjectNode obj) || obj.has(info.property())) return tree;
    ObjectNode withKind = YAML.createObjectNode();
    withKind.put(info.property(), subs.value()[0].name());
    withKind.setAll(obj);
    return withKind;
  }

  /** The resolved spec as YAML text (written to the run directory; reading it back reruns the experiment). */
  public static String toYaml(Object spec) {
    try {
      return YAML.writeValueAsString(spec);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise spec", e);
    }
  }

  /** The spec as YAML written through its declared type {@code as} (so a polymorphic family writes its {@code kind}). */
  public static String toYaml(Object spec, Class<?> as) {
    try {
      return YAML.writerFor(as).writeValueAsString(spec);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise spec", e);
    }
  }

  /** The spec as a JSON-ready map written through its declared type {@code as} (a family's {@code kind} included). */
  public static Object asTree(Object spec, Class<?> as) {
    try {
      return JSON.readValue(JSON.writerFor(as).writeValueAsString(spec), Object.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise spec", e);
    }
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise to JSON", e);
    }
  }

  /** "file:line:col" (compiler style), or the file alone where the parser gives no location. */
  private static String at(String source, JsonLocation where) {
    if (where == null || where.getLineNr() < 1) return source;
    return source + ":" + where.getLineNr() + (where.getColumnNr() > 0 ? ":" + where.getColumnNr() : "");
  }

  /**
   * A parser message on one line. SnakeYAML's run over several: the context ("while parsing a flow sequence"), an
   * indented location with a caret excerpt, the problem ("expected ',' or ']', but got :"), another location; the
   * unindented lines are kept, joined by "; " (the location is already in front, as file:line:col).
   */
  private static String oneLine(String msg) {
    if (msg == null) return "";
    return msg.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).map(String::strip)
        .collect(Collectors.joining("; "));
  }

  /** The field path, or "spec" for the top level (never an empty name before the colon). */
  private static String field(JsonMappingException e) {
    String p = path(e);
    return p.isEmpty() ? "spec" : p;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  /** Path of the object holding the offending key (the reference list ends at the key itself). */
  private static String parentPath(JsonMappingException e) {
    var refs = e.getPath();
    return refs.subList(0, Math.max(0, refs.size() - 1)).stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String describe(Class<?> type) {
    if (type == null) return "another type";
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
          .collect(Collectors.joining(", "));
    }
    if (type == double.class || type == Double.class) return "a number";
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "an integer";
    if (type == boolean.class || type == Boolean.class) return "true or false";
    if (type == String.class) return "a string";
    if (Collection.class.isAssignableFrom(type)) return "a list";
    if (type.isRecord() || Map.class.isAssignableFrom(type) || type.isInterface()) return "a mapping of keys (key: value)";
    return type.getSimpleName();
  }
}
