package hdlab.core.spectra;

import hdlab.core.linalg.Mat;
import java.util.Optional;

/**
 * A tensor seen as a layer for spectral analysis (reference/spectra.md §3.1): every 2-D tensor is an N×M matrix
 * (N = max dim, M = min dim); a 4-D tensor is a conv kernel out × in × kh × kw (PyTorch layout) whose kh·kw slices
 * are pooled with WeightWatcher's conv2d_norm (eigenvalues halved). Other ranks are not layers.
 *
 * @param slices 1 for a dense layer, kh·kw for a conv kernel
 * @param evals ascending eigenvalues of W^T W (pooled over slices)
 */
public record WeightLayer(String name, int[] shape, int n, int m, int slices, double[] evals) {

  /** The layer of a tensor, or empty when it is not one (rank other than 2 or 4, convs skipped, empty dims). */
  public static Optional<WeightLayer> of(String name, int[] shape, double[] data, boolean includeConv,
      Esd.Normalization norm) {
    if (shape.length == 2 && shape[0] > 0 && shape[1] > 0) {
      double[] ev = Esd.eigenvalues(Mat.wrap(shape[0], shape[1], data), norm);
      return Optional.of(new WeightLayer(name, shape, Math.max(shape[0], shape[1]), Math.min(shape[0], shape[1]), 1, ev));
    }
    if (shape.length == 4 && includeConv && shape[0] > 0 && shape[1] > 0 && shape[2] > 0 && shape[3] > 0) {
      double[] ev = Esd.convEigenvalues(data, shape[0], shape[1], shape[2], shape[3], true, norm);
      return Optional.of(new WeightLayer(name, shape, Math.max(shape[0], shape[1]), Math.min(shape[0], shape[1]),
          shape[2] * shape[3], ev));
    }
    return Optional.empty();
  }
}
