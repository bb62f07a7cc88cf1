package hdlab.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for file headers (safetensors), so that core needs no JSON library. Objects become
 * LinkedHashMap, arrays List, numbers Long (integers) or Double, plus String, Boolean and null.
 */
final class MiniJson {
  /** Nesting limit: a safetensors header is two levels deep; a deeper one is corrupt and must not overflow the stack. */
  private static final int MAX_DEPTH = 64;
  private final String s;
  private int at;
  private int depth;

  private MiniJson(String s) {
    this.s = s;
  }

  static Object parse(String text) {
    MiniJson p = new MiniJson(text);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.at != text.length()) throw p.error("trailing characters");
    return v;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON " + what + " at character " + at);
  }

  private void ws() {
    while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
  }

  private Object value() {
    if (at >= s.length()) throw error("unexpected end");
    if (depth >= MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
    char c = s.charAt(at);
    switch (c) {
      case '{', '[':
        depth++;
        Object nested = c == '{' ? object() : array();
        depth--;
        return nested;
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, at)) throw error("unexpected token");
    at += word.length();
    return v;
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    at++;
    ws();
    if (at < s.length() && s.charAt(at) == '}') {
      at++;
      return m;
    }
    while (true) {
      ws();
      if (at >= s.length() || s.charAt(at) != '"') throw error("expected a string key");
      String k = string();
      ws();
      if (at >= s.length() || s.charAt(at) != ':') throw error("expected ':'");
      at++;
      ws();
      if (m.put(k, value()) != null) throw error("duplicate key \"" + k + "\"");
      ws();
      if (at >= s.length()) throw error("unexpected end in object");
      char c = s.charAt(at++);
      if (c == '}') return m;
      if (c != ',') throw error("expected ',' or '}'");
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    at++;
    ws();
    if (at < s.length() && s.charAt(at) == ']') {
      at++;
      return l;
    }
    while (true) {
      ws();
      l.add(value());
      ws();
      if (at >= s.length()) throw error("unexpected end in array");
      char c = s.charAt(at++);
      if (c == ']') return l;
      if (c != ',') throw error("expected ',' or ']'");
    }
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    at++;
    while (true) {
      if (at >= s.length()) throw error("unterminated string");
      char c = s.charAt(at++);
      if (c == '"') return b.toString();
      if (c == '\\') {
        if (at >= s.length()) throw error("unterminated escape");
        char e = s.charAt(at++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (at + 4 > s.length()) throw error("bad \\u escape");
            try {
              b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            at += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      } else {
        b.append(c);
      }
    }
  }

  private Object number() {
    int start = at;
    while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) at++;
    String t = s.substring(start, at);
    if (t.isEmpty()) throw error("unexpected character '" + s.charAt(start) + "'");
    try {
      if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) return Long.parseLong(t);
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw error("bad number " + t);
    }
  }

  /** Writes a JSON string literal. */
  static String quote(String v) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : v.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
