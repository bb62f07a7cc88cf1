package hdlab.cli.curvature;

import hdlab.cli.UserInputException;
import hdlab.cli.io.ThetaFiles;
import hdlab.cli.spec.ModelFactory.ModelAndData;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.SpecPaths;
import hdlab.core.curvature.CurvatureAnalysis;
import hdlab.core.data.Batch;
import hdlab.core.linalg.Vec;
import hdlab.core.model.Model;
import hdlab.core.model.NetworkModel;
import hdlab.core.random.RandomStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** Turns a {@link CurvatureSpec} into a model, a parameter vector, a fixed batch and the analysis options. */
final class CurvatureSetup {
  private CurvatureSetup() {}

  /** {@code models} rebuilds an identical model instance (one per probe worker). */
  record Setup(Model model, Supplier<Model> models, Vec theta, Batch batch, CurvatureAnalysis.Options options,
      String description) {}

  static Setup build(CurvatureSpec spec, RandomStream root, int threads, Path specDir) {
    long initSeed = spec.parameters().initSeed() != null ? spec.parameters().initSeed() : spec.seed();
    ModelAndData md = ModelFactory.create(spec.model(), spec.data(), initSeed, root, specDir);
    Model model = md.model();
    Vec theta;
    if (spec.parameters().file() != null) {
      theta = ThetaFiles.read(SpecPaths.resolve(specDir, spec.parameters().file()), model.numParams(), "parameters.file");
    } else {
      theta = md.initialTheta();
    }
    Vec precond = null;
    if (spec.parameters().preconditioner() != null) {
      precond = ThetaFiles.read(SpecPaths.resolve(specDir, spec.parameters().preconditioner()), model.numParams(), "parameters.preconditioner");
      for (int i = 0; i < precond.size(); i++) {
        if (!(precond.get(i) > 0)) {
          throw new UserInputException("parameters.preconditioner", "entry " + i + " is " + precond.get(i) + "; all entries must be > 0");
        }
      }
    }
    EstimatesSpec e = spec.estimates();
    boolean network = model instanceof NetworkModel;
    if (!network && !e.operators().equals(List.of("hessian"))) {
      throw new UserInputException("estimates.operators", "model family " + spec.model().family()
          + " has no output Jacobian; only hessian is allowed");
    }
    int nk = md.batch().size() * (network ? ((NetworkModel) model).outputDim() : 1);
    boolean exact = e.ntkExact() != null ? e.ntkExact() : nk <= 2000;
    CurvatureAnalysis.Options options = new CurvatureAnalysis.Options(e.coreOperators(), e.topK(), e.bottomK(),
        e.lanczosSteps(), e.tol(), e.coreTraceMethod(), e.traceMatvecs(),
        e.density() == null ? null : e.density().toCore(), network ? e.ntkProbes() : 0, network && exact, precond, threads);
    return new Setup(model, md.fresh(), theta, md.batch(), options, md.description() + ", P=" + model.numParams() + ", n=" + md.batch().size());
  }

  /** Number of progress stages {@link CurvatureAnalysis#run} reports, for the progress bar. */
  static int stageCount(CurvatureSpec spec, Setup s) {
    CurvatureAnalysis.Options o = s.options();
    int perOp = (o.topK() > 0 ? 1 : 0) + (o.bottomK() > 0 ? 1 : 0) + (o.traceMatvecs() > 0 ? 1 : 0) + (o.density() != null ? 1 : 0);
    return 1 + perOp * o.operators().size() + (o.ntkExact() ? 1 : 0) + (o.ntkProbes() > 0 ? 1 : 0);
  }
}
