package hdlab.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes that never leave a partial file: write a temp file {@code .<name>.<pid>.<random>.tmp} in the same directory,
 * then rename. A process killed mid-write leaves its temp file behind; {@link #removeAbandoned} deletes those whose
 * process has ended.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] bytes) {
    write(target, tmp -> Files.write(tmp, bytes));
  }

  /** Lets {@code writer} fill a temp file, then moves it onto {@code target}. */
  public static void write(Path target, Writer writer) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".", ".tmp");
      writer.writeTo(tmp);
      // temp files are created owner-only; results are ordinary files readable by the group and others
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temp file is hidden and harmless; the real error (if any) is already on its way
        }
      }
    }
  }

  /** Deletes the temp files of {@link #write} left in {@code dir} by processes that have ended (none if dir is absent). */
  public static void removeAbandoned(Path dir) {
    if (!Files.isDirectory(dir)) return;
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path p : ds) {
        String[] parts = p.getFileName().toString().split("\\.");
        // ".<name>.<pid>.<random>.tmp": the name may contain dots, the pid is the third-to-last part
        if (parts.length < 5 || !Files.isRegularFile(p)) continue;
        long pid;
        try {
          pid = Long.parseLong(parts[parts.length - 3]);
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean temp files in " + dir + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  public interface Writer {
    void writeTo(Path tmp) throws IOException;
  }
}
