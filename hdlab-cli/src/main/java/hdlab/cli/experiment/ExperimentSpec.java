package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One spec family for every experiment, told apart by {@code kind}: {@code least_squares} (streaming data, the risk
 * ODEs as theory; the default when {@code kind} is absent, so older specs still run: the first subtype, see
 * {@code Specs}'s default kind) or {@code network} (a data set,
 * full or mini-batch, a model block, stability thresholds as theory). Each kind is its own record and validates
 * itself in its constructor.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LeastSquaresSpec.class, name = "least_squares"),
    @JsonSubTypes.Type(value = NetworkSpec.class, name = "network")})
public sealed interface ExperimentSpec permits LeastSquaresSpec, NetworkSpec {
  List<String> KINDS = List.of("least_squares", "network");

  String name();

  Long seed();

  Integer seeds();

  Integer threads();

  /** Run names become directory names. */
  static void checkName(String name) {
    Check.required("name", name);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("name must be 1-64 characters of letters, digits, '.', '_', '-', got '" + name + "'");
    }
  }
}
