package hdlab.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one writer of result directories ({@code runs/<name>-<timestamp>/}, curvature and sweep outputs): every file goes
 * into a hidden temporary sibling {@code .<base>.<pid>.<random>} that is renamed into place at the end, so a result
 * directory is complete or absent. Two runs that pick the same name in the same second both succeed: the rename that
 * loses takes the next free suffix ({@code -2}, {@code -3}, ...). Temporary folders left by a killed process (its pid
 * no longer alive) are removed before a new one is made.
 */
public final class RunDirs {
  private RunDirs() {}

  /** Fills a temporary directory; {@code target} is where it will land (for paths recorded inside). */
  @FunctionalInterface
  public interface Contents {
    void write(Path tmp, Path target) throws IOException;
  }

  /** Writes {@code contents} and moves it to {@code parent/base} (or {@code base-2}, ...); returns the final path. */
  public static Path create(Path parent, String base, Contents contents) {
    try {
      Files.createDirectories(parent);
      removeAbandoned(parent);
      Path tmp = Files.createTempDirectory(parent, "." + base + "." + ProcessHandle.current().pid() + ".");
      try {
        Path target = free(parent, base, 1);
        contents.write(tmp, target);
        try {
          // temporary directories are created owner-only; a result directory is an ordinary one
          Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: keep the default permissions
        }
        for (int i = 1; ; i++) {
          target = free(parent, base, i);
          try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
          } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (e instanceof AtomicMoveNotSupportedException) throw e;
            // another run took this name between the check and the move: try the next suffix
          } catch (IOException e) {
            // on Linux, renaming onto an existing non-empty directory fails with DirectoryNotEmptyException
            if (!Files.exists(target)) throw e;
          }
        }
      } catch (RuntimeException | IOException e) {
        deleteTree(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write under " + parent + ": " + e.getMessage(), e);
    }
  }

  /** Writes one file atomically (temporary file in the same directory, then rename). */
  public static void write(Path file, String text) {
    AtomicFiles.write(file, text);
  }

  private static Path free(Path parent, String base, int from) {
    Path p = parent.resolve(from == 1 ? base : base + "-" + from);
    for (int i = Math.max(2, from + 1); Files.exists(p); i++) p = parent.resolve(base + "-" + i);
    return p;
  }

  /** Deletes hidden temporary run folders whose writing process has ended (a killed run leaves one behind). */
  static void removeAbandoned(Path parent) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, ".*")) {
      for (Path p : ds) {
        String[] parts = p.getFileName().toString().split("\\.");
        // ".<base>.<pid>.<random>": base may itself contain dots, the pid is the second-to-last part
        if (parts.length < 4 || !Files.isDirectory(p)) continue;
        long pid;
        try {
          pid = Long.parseLong(parts[parts.length - 2]);
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
        if (pid == ProcessHandle.current().pid()) continue;
        deleteTree(p);
      }
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: the folder is hidden (leading dot) and never mistaken for a run
        }
      });
    } catch (IOException ignored) {
      // same
    }
  }
}
