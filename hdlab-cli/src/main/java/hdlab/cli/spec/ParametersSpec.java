package hdlab.cli.spec;

import hdlab.cli.io.ThetaFiles;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * @param initSeed seed of the initialisation (default: the spec seed); ignored when {@code file} is set.
 *     quadratic_regression starts at θ = 0 (reference §11)
 * @param file θ checkpoint: .npy (float64 vector) or raw little-endian float64 (see {@code ThetaFiles}), in the
 *     model family's flat parameter layout
 * @param preconditioner optional diagonal P (same formats, entries > 0): analyse P^(−1/2) A P^(−1/2)
 */
public record ParametersSpec(@JsonProperty("init_seed") Long initSeed, String file, String preconditioner) {}
