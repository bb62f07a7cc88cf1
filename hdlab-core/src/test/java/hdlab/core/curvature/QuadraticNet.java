package hdlab.core.curvature;

import hdlab.core.linalg.Mat;
import hdlab.core.linalg.Vec;
import hdlab.core.data.Batch;
import hdlab.core.model.NetworkModel;
import hdlab.core.model.OutputLoss;
import hdlab.core.random.RandomStream;

/**
 * Test fixture: a network quadratic in its parameters, f_o(x; θ) = Σ_c x_c (a_ocᵀθ + ½ θᵀ Q_oc θ), with
 * random a_oc and symmetric Q_oc. Quadratic in θ, so central differences of f are exact up to rounding,
 * which gives the tests an independent Jacobian; ∇²_θ f_o(x) = Σ_c x_c Q_oc is explicit, which gives an
 * independent NME. Not a model for users (the models package has the real ones).
 */
final class QuadraticNet implements NetworkModel {
  final int d;
  final int k;
  final int p;
  final double[][][] a; // [o][c][P]
  final Mat[][] q; // [o][c] P×P symmetric
  private final OutputLoss loss;

  QuadraticNet(int d, int k, int p, OutputLoss loss, RandomStream rng) {
    this.d = d;
    this.k = k;
    this.p = p;
    this.loss = loss;
    a = new double[k][d][p];
    q = new Mat[k][d];
    for (int o = 0; o < k; o++) {
      for (int c = 0; c < d; c++) {
        for (int j = 0; j < p; j++) a[o][c][j] = rng.gaussian() / Math.sqrt(p);
        Mat m = new Mat(p, p);
        for (int i = 0; i < p; i++) {
          for (int j = 0; j <= i; j++) {
            double v = rng.gaussian() / p;
            m.set(i, j, v);
            m.set(j, i, v);
          }
        }
        q[o][c] = m;
      }
    }
  }

  @Override
  public int numParams() {
    return p;
  }

  @Override
  public int outputDim() {
    return k;
  }

  @Override
  public OutputLoss outputLoss() {
    return loss;
  }

  /** g_oc = a_oc + Q_oc θ: the θ-gradient of the inner function of output o, input coordinate c. */
  private double[][][] inner(Vec theta) {
    double[][][] g = new double[k][d][p];
    for (int o = 0; o < k; o++) {
      for (int c = 0; c < d; c++) {
        double[] qd = q[o][c].data();
        for (int i = 0; i < p; i++) {
          double s = a[o][c][i];
          for (int j = 0; j < p; j++) s += qd[i * p + j] * theta.get(j);
          g[o][c][i] = s;
        }
      }
    }
    return g;
  }

  @Override
  public void forward(Vec theta, Mat x, Mat out) {
    int n = x.rows();
    double[][] h = new double[k][d];
    for (int o = 0; o < k; o++) {
      for (int c = 0; c < d; c++) {
        double lin = 0, quad = 0;
        double[] qd = q[o][c].data();
        for (int i = 0; i < p; i++) {
          lin += a[o][c][i] * theta.get(i);
          double s = 0;
          for (int j = 0; j < p; j++) s += qd[i * p + j] * theta.get(j);
          quad += theta.get(i) * s;
        }
        h[o][c] = lin + 0.5 * quad;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        double s = 0;
        for (int c = 0; c < d; c++) s += x.get(i, c) * h[o][c];
        out.set(i, o, s);
      }
    }
  }

  @Override
  public void jvp(Vec theta, Mat x, Vec v, Mat out) {
    double[][][] g = inner(theta);
    for (int i = 0; i < x.rows(); i++) {
      for (int o = 0; o < k; o++) {
        double s = 0;
        for (int c = 0; c < d; c++) {
          double gv = 0;
          for (int j = 0; j < p; j++) gv += g[o][c][j] * v.get(j);
          s += x.get(i, c) * gv;
        }
        out.set(i, o, s);
      }
    }
  }

  @Override
  public void vjp(Vec theta, Mat x, Mat w, Vec out) {
    double[][][] g = inner(theta);
    out.fill(0);
    for (int o = 0; o < k; o++) {
      for (int c = 0; c < d; c++) {
        double coef = 0;
        for (int i = 0; i < x.rows(); i++) coef += w.get(i, o) * x.get(i, c);
        for (int j = 0; j < p; j++) out.data()[j] += coef * g[o][c][j];
      }
    }
  }

  @Override
  public double loss(Vec theta, Batch batch) {
    Mat f = new Mat(batch.size(), k);
    forward(theta, batch.x(), f);
    return loss.value(f, batch.y()) / batch.size();
  }

  @Override
  public double gradient(Vec theta, Batch batch, Vec out) {
    int n = batch.size();
    Mat f = new Mat(n, k);
    forward(theta, batch.x(), f);
    Mat r = new Mat(n, k);
    loss.gradient(f, batch.y(), r);
    vjp(theta, batch.x(), r, out);
    Vec.scale(1.0 / n, out);
    return loss.value(f, batch.y()) / n;
  }

  /** H v = (1/n)[Jᵀ ∇²ℓ J v + Σ_{o,c} (Σ_i r_io x_ic) Q_oc v]. */
  @Override
  public void hvp(Vec theta, Batch batch, Vec v, Vec out) {
    int n = batch.size();
    Mat f = new Mat(n, k);
    forward(theta, batch.x(), f);
    Mat r = new Mat(n, k);
    loss.gradient(f, batch.y(), r);
    Mat jv = new Mat(n, k);
    jvp(theta, batch.x(), v, jv);
    Mat hjv = new Mat(n, k);
    loss.hessianProduct(f, batch.y(), jv, hjv);
    vjp(theta, batch.x(), hjv, out);
    for (int o = 0; o < k; o++) {
      for (int c = 0; c < d; c++) {
        double coef = 0;
        for (int i = 0; i < n; i++) coef += r.get(i, o) * batch.x().get(i, c);
        double[] qd = q[o][c].data();
        for (int i = 0; i < p; i++) {
          double s = 0;
          for (int j = 0; j < p; j++) s += qd[i * p + j] * v.get(j);
          out.data()[i] += coef * s;
        }
      }
    }
    Vec.scale(1.0 / n, out);
  }

  /** ½‖f − y‖² per example. */
  static final class Mse implements OutputLoss {
    @Override
    public double value(Mat f, Mat y) {
      double s = 0;
      for (int i = 0; i < f.data().length; i++) s += 0.5 * (f.data()[i] - y.data()[i]) * (f.data()[i] - y.data()[i]);
      return s;
    }

    @Override
    public void gradient(Mat f, Mat y, Mat out) {
      for (int i = 0; i < f.data().length; i++) out.data()[i] = f.data()[i] - y.data()[i];
    }

    @Override
    public void hessianProduct(Mat f, Mat y, Mat v, Mat out) {
      System.arraycopy(v.data(), 0, out.data(), 0, v.data().length);
    }
  }

  /** −Σ_o y_o log softmax(f)_o per example; ∇ = p − y (Σ y = 1), ∇² = diag(p) − ppᵀ. */
  static final class SoftmaxCe implements OutputLoss {
    private static double[] softmax(Mat f, int i) {
      int k = f.cols();
      double m = Double.NEGATIVE_INFINITY;
      for (int o = 0; o < k; o++) m = Math.max(m, f.get(i, o));
      double[] pr = new double[k];
      double z = 0;
      for (int o = 0; o < k; o++) z += pr[o] = Math.exp(f.get(i, o) - m);
      for (int o = 0; o < k; o++) pr[o] /= z;
      return pr;
    }

    @Override
    public double value(Mat f, Mat y) {
      double s = 0;
      for (int i = 0; i < f.rows(); i++) {
        double[] pr = softmax(f, i);
        for (int o = 0; o < f.cols(); o++) s -= y.get(i, o) * Math.log(pr[o]);
      }
      return s;
    }

    @Override
    public void gradient(Mat f, Mat y, Mat out) {
      for (int i = 0; i < f.rows(); i++) {
        double[] pr = softmax(f, i);
        for (int o = 0; o < f.cols(); o++) out.set(i, o, pr[o] - y.get(i, o));
      }
    }

    @Override
    public void hessianProduct(Mat f, Mat y, Mat v, Mat out) {
      for (int i = 0; i < f.rows(); i++) {
        double[] pr = softmax(f, i);
        double pv = 0;
        for (int o = 0; o < f.cols(); o++) pv += pr[o] * v.get(i, o);
        for (int o = 0; o < f.cols(); o++) out.set(i, o, pr[o] * (v.get(i, o) - pv));
      }
    }
  }
}
