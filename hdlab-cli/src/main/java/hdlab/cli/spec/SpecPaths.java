package hdlab.cli.spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a file named in a spec is: relative to the spec's directory, else to the working directory. */
public final class SpecPaths {
  private SpecPaths() {}

  /** {@code name} resolved against {@code specDir} (or the working directory when only it has the file), absolute. */
  public static Path resolve(Path specDir, String name) {
    Path p = Path.of(name);
    if (p.isAbsolute()) return p.normalize();
    Path beside = specDir.resolve(p).toAbsolutePath().normalize();
    if (!Files.exists(beside) && Files.exists(p)) return p.toAbsolutePath().normalize();
    return beside;
  }
}
