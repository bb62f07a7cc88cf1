package hdlab.cli.experiment;

import hdlab.cli.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads eigenvalues from a text file: numbers separated by whitespace or commas, '#' starts a comment. */
public final class SpectrumFiles {
  private SpectrumFiles() {}

  public static double[] read(String field, Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserInputException(field, "cannot read spectrum file " + file + (e instanceof java.nio.file.NoSuchFileException
          ? ": no such file" : ": " + e.getMessage()));
    }
    double[] v = new double[16];
    int n = 0;
    for (int ln = 0; ln < lines.size(); ln++) {
      String line = lines.get(ln);
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      for (String tok : line.trim().split("[\\s,]+")) {
        if (tok.isEmpty()) continue;
        double x;
        try {
          x = Double.parseDouble(tok);
        } catch (NumberFormatException e) {
          throw new UserInputException(field, file + " line " + (ln + 1) + ": '" + tok + "' is not a number");
        }
        if (!(x > 0) || Double.isInfinite(x)) {
          throw new UserInputException(field, file + " line " + (ln + 1) + ": eigenvalue must be finite and > 0, got " + tok);
        }
        if (n == v.length) v = java.util.Arrays.copyOf(v, 2 * n);
        v[n++] = x;
      }
    }
    if (n == 0) throw new UserInputException(field, file + " holds no eigenvalues");
    return java.util.Arrays.copyOf(v, n);
  }
}
