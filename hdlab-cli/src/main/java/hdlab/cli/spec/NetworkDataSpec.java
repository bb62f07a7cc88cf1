package hdlab.cli.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A fixed data set: what a network trains on (full batch or mini-batches) and what curvature is measured on. Shared
 * by {@code run}, {@code sweep}, {@code curvature} and {@code reproduce}.
 *
 * @param source synthetic, fashion_mnist, npy or single_index (default synthetic). single_index: x ~ N(0, I_d),
 *     y = softplus(βᵀx) + ε, ε ~ N(0, noise²), β uniform on the sphere (reference/spectra.md §2.1); the training set, a
 *     probe set and a test set are independent draws from the same teacher, and only the heavy_tails probe reads the
 *     last two
 * @param n number of examples: the first n (after class filtering for fashion_mnist) (default 400; npy: all rows, or
 *     the first n)
 * @param teacher synthetic: tanh_network (y = out_scale·tanh(in_scale·x W₁) W₂, reference §11), linear, or product
 *     (y = x_1·x_2, the first two input coordinates, one output: reference/features.md §4) (default tanh_network)
 * @param teacherWidth synthetic tanh_network: hidden width (default 32)
 * @param scale synthetic tanh_network: in_scale = out_scale (default 2)
 * @param noise synthetic, single_index: Gaussian label-noise standard deviation (default 0; single_index 0.3)
 * @param path fashion_mnist: directory with the IDX files (default /usr/share/datasets/fashion-mnist)
 * @param split fashion_mnist: train or test (default train)
 * @param classes fashion_mnist: class subset, relabelled 0..c−1 (default all ten)
 * @param standardize fashion_mnist: centre and scale each pixel over the subset (default true)
 * @param x npy: inputs, shape n×d (float64, float32 or float16), a path relative to the spec file
 * @param y npy: targets, shape n×k (or a vector of n: k = 1)
 * @param xScale synthetic: inputs x ~ N(0, x_scale²·I) (default 1; 1/√d gives the isotropic regression of
 *     reference/curvature.md §8, X_ij ~ N(0, 1/P))
 * @param probeN single_index: size of the probe set (default n)
 * @param testN single_index: size of the test set (default 200)
 */
public record NetworkDataSpec(String source, Integer n, String teacher, @JsonProperty("teacher_width") Integer teacherWidth,
    Double scale, Double noise, String path, String split, List<Integer> classes, Boolean standardize,
    String x, String y, @JsonProperty("x_scale") Double xScale, @JsonProperty("probe_n") Integer probeN,
    @JsonProperty("test_n") Integer testN) {
  public static final List<String> SOURCES = List.of("synthetic", "fashion_mnist", "npy", "single_index");

  public NetworkDataSpec {
    source = source == null ? "synthetic" : source;
    if (!SOURCES.contains(source)) throw new IllegalArgumentException("data.source: got '" + source + "'; allowed: " + String.join(", ", SOURCES));
    if (!source.equals("single_index") && (probeN != null || testN != null)) {
      throw new IllegalArgumentException("data.probe_n and data.test_n apply to source single_index only");
    }
    if (source.equals("single_index")) {
      for (Object other : new Object[] {teacher, teacherWidth, scale, path, split, classes, standardize, x, y, xScale}) {
        if (other != null) throw new IllegalArgumentException("data: source single_index takes n, noise, probe_n and test_n only");
      }
      n = n == null ? 2000 : n;
      if (n < 1) throw new IllegalArgumentException("data.n must be >= 1, got " + n);
      noise = noise == null ? 0.3 : noise;
      if (!(noise >= 0) || !Double.isFinite(noise)) throw new IllegalArgumentException("data.noise must be >= 0, got " + noise);
      probeN = probeN == null ? n : probeN;
      testN = testN == null ? 200 : testN;
      if (probeN < 1) throw new IllegalArgumentException("data.probe_n must be >= 1, got " + probeN);
      if (testN < 1) throw new IllegalArgumentException("data.test_n must be >= 1, got " + testN);
    } else if (source.equals("npy")) {
      // user data: only the files and an optional prefix length apply
      if (x == null) throw new IllegalArgumentException("data.x is required for source npy (an n x d .npy file)");
      if (y == null) throw new IllegalArgumentException("data.y is required for source npy (an n x k .npy file)");
      for (Object other : new Object[] {teacher, teacherWidth, scale, noise, path, split, classes, standardize, xScale}) {
        if (other != null) throw new IllegalArgumentException("data: source npy takes x, y and n only");
      }
      if (n != null && n < 1) throw new IllegalArgumentException("data.n must be >= 1, got " + n);
    } else {
      if (x != null || y != null) throw new IllegalArgumentException("data.x and data.y apply to source npy only");
      n = n == null ? 400 : n;
      if (xScale != null && !source.equals("synthetic")) throw new IllegalArgumentException("data.x_scale applies to source synthetic only");
      if (source.equals("synthetic")) xScale = xScale == null ? 1.0 : xScale;
      if (xScale != null && (!(xScale > 0) || xScale.isInfinite())) throw new IllegalArgumentException("data.x_scale must be finite and > 0, got " + xScale);
      if (n < 1) throw new IllegalArgumentException("data.n must be >= 1, got " + n);
      teacher = teacher == null ? "tanh_network" : teacher;
      if (!List.of("tanh_network", "linear", "product").contains(teacher)) {
        throw new IllegalArgumentException("data.teacher: got '" + teacher + "'; allowed: tanh_network, linear, product");
      }
      teacherWidth = teacherWidth == null ? 32 : teacherWidth;
      if (teacherWidth < 1) throw new IllegalArgumentException("data.teacher_width must be >= 1, got " + teacherWidth);
      scale = scale == null ? 2.0 : scale;
      noise = noise == null ? 0.0 : noise;
      if (!(noise >= 0) || !Double.isFinite(noise)) throw new IllegalArgumentException("data.noise must be >= 0, got " + noise);
      split = split == null ? "train" : split;
      if (!List.of("train", "test").contains(split)) throw new IllegalArgumentException("data.split: got '" + split + "'; allowed: train, test");
      classes = classes == null ? null : List.copyOf(classes);
      standardize = standardize == null ? Boolean.TRUE : standardize;
    }
  }

  public static NetworkDataSpec defaults() {
    return new NetworkDataSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
