package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.exception.MongoServerError;
import java.util.List;

/**
 * An error a fail point injected. When the fail point's data named {@code errorLabels}, they
 * replace whatever labels the server would otherwise add (an empty list suppresses them all), as on
 * mongod.
 */
final class FailPointError extends MongoServerError {
  private static final long serialVersionUID = 1L;

  private final transient List<String> labelsOverride;

  FailPointError(int code, String message, List<String> labelsOverride) {
    super(code, ErrorCodeNames.of(code), message);
    this.labelsOverride = labelsOverride == null ? null : List.copyOf(labelsOverride);
  }

  /** The labels to send instead of the computed ones, or null to compute them. */
  List<String> labelsOverride() {
    return labelsOverride;
  }
}
