package hdlab.cli.spec;

import hdlab.cli.UserInputException;
import hdlab.core.data.Dataset;
import hdlab.core.io.Npy;
import hdlab.core.io.Tensor;
import hdlab.core.linalg.Mat;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * User data from two {@code .npy} files: x of shape n×d and y of shape n×k (or (n,) for k = 1), float64, float32 or
 * float16, converted to float64. Shapes are checked against the model's input and output widths; every failure names
 * the field and the file.
 */
final class NpyData {
  private NpyData() {}

  static Dataset read(NetworkDataSpec d, int in, int out, Path baseDir) {
    Path xf = SpecPaths.resolve(baseDir, d.x());
    Path yf = SpecPaths.resolve(baseDir, d.y());
    Tensor x = tensor("data.x", xf);
    Tensor y = tensor("data.y", yf);
    if (x.rank() != 2) throw new UserInputException("data.x", xf + " has shape " + shape(x) + "; an n x d matrix is expected");
    if (y.rank() != 1 && y.rank() != 2) {
      throw new UserInputException("data.y", yf + " has shape " + shape(y) + "; an n x k matrix (or a vector of n) is expected");
    }
    int n = x.shape()[0];
    int ny = y.shape()[0];
    if (n != ny) throw new UserInputException("data.y", yf + " has " + ny + " rows but data.x (" + xf + ") has " + n);
    int dx = x.shape()[1];
    int k = y.rank() == 1 ? 1 : y.shape()[1];
    if (dx != in) throw new UserInputException("data.x", xf + " has " + dx + " columns but model.widths[0] is " + in);
    if (k != out) throw new UserInputException("data.y", yf + " has " + k + " columns but the model has " + out + " outputs");
    int rows = d.n() == null ? n : d.n();
    if (rows > n) throw new UserInputException("data.n", "asked for " + rows + " examples but " + xf + " has " + n);
    Dataset all = Dataset.regression("npy:" + xf.getFileName(), Mat.wrap(n, dx, x.data()), Mat.wrap(n, k, y.data()));
    return rows == n ? all : all.first(rows);
  }

  private static Tensor tensor(String field, Path file) {
    try {
      return Npy.read(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException(field, "file not found: " + file);
    } catch (IOException | RuntimeException e) {
      throw new UserInputException(field, e.getMessage());
    }
  }

  private static String shape(Tensor t) {
    return java.util.Arrays.toString(t.shape()).replace('[', '(').replace(']', ')');
  }
}
