package hdlab.cli;

import hdlab.core.linalg.Blas;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a result came from (Tribuo's provenance): the resolved spec (a spec record, or the command's inputs), the
 * seed, hdlab's version and the git commit stamped at build time, the JVM, OS and architecture (Math vs StrictMath can
 * differ by platform), the BLAS build and threads, and when. Every command that writes results writes this record;
 * run directories also hold the spec as {@code spec.yaml}, which reruns the result.
 */
public record Provenance(Object spec, long seed, String version, String commit, String jvm, String os, String arch,
    String blas, int threads, String createdUtc) {

  public static Provenance of(Object spec, long seed, int threads, ZonedDateTime now) {
    return new Provenance(spec, seed, Version.current(), buildCommit(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"), Blas.describe(),
        threads, now.toString());
  }

  /** The JSON object (lower_snake_case keys). */
  public Map<String, Object> toMap() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spec", spec);
    p.put("seed", seed);
    p.put("hdlab_version", version);
    p.put("git_commit", commit);
    p.put("jvm", jvm);
    p.put("os", os);
    p.put("arch", arch);
    p.put("blas", blas);
    p.put("threads", threads);
    p.put("created_utc", createdUtc);
    return p;
  }

  private static volatile String stamped;

  /** The commit the build was made from ({@code hdlab-build.properties}, written by the build), or "unknown". */
  public static String buildCommit() {
    if (stamped == null) {
      String c = "unknown";
      try (InputStream in = Provenance.class.getResourceAsStream("/hdlab-build.properties")) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          String v = p.getProperty("commit", "").strip();
          if (v.matches("[0-9a-f]{7,40}(-dirty)?")) c = v;
        }
      } catch (IOException e) {
        // a missing stamp is "unknown", not an error
      }
      stamped = c;
    }
    return stamped;
  }
}
