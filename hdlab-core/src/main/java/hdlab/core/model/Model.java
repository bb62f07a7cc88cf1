package hdlab.core.model;

import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;

/**
 * A differentiable model with its loss; parameters are one flat vector θ of length {@link #numParams()}.
 * Loss convention: mean over the batch's examples.
 */
public interface Model {
  int numParams();

  /** L(θ; batch). */
  double loss(Vec theta, Batch batch);

  /** out ← ∇L(θ; batch); returns L(θ; batch) (computed on the way). */
  double gradient(Vec theta, Batch batch, Vec out);

  /** out ← ∇²L(θ; batch) v, exact where the family allows. */
  void hvp(Vec theta, Batch batch, Vec v, Vec out);
}
