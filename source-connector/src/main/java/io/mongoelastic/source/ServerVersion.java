package io.mongoelastic.source;

import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * The MongoDB server version from {@code buildInfo}, and what this connector needs of it: 4.2+ for
 * the driver, 6.0+ for post-images ({@code stream.full.document=when_available|required}).
 *
 * @param major the first number of {@code versionArray}
 * @param minor the second number of {@code versionArray}
 */
record ServerVersion(int major, int minor) {
  static final ServerVersion DRIVER_MINIMUM = new ServerVersion(4, 2);
  static final ServerVersion POST_IMAGES_MINIMUM = new ServerVersion(6, 0);

  /** Reads a {@code buildInfo} reply ({@code versionArray}, else the {@code version} text). */
  static ServerVersion fromBuildInfo(Document buildInfo) {
    Object array = buildInfo.get("versionArray");
    if (array instanceof List<?> numbers && numbers.size() >= 2) {
      return new ServerVersion(
          ((Number) numbers.get(0)).intValue(), ((Number) numbers.get(1)).intValue());
    }
    String[] parts = buildInfo.getString("version").split("[.-]");
    return new ServerVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  boolean atLeast(ServerVersion other) {
    return major != other.major ? major > other.major : minor >= other.minor;
  }

  /** The error for {@code mongodb.uri} when the server is too old for the driver. */
  Optional<String> driverProblem() {
    if (atLeast(DRIVER_MINIMUM)) {
      return Optional.empty();
    }
    return Optional.of(
        "MongoDB "
            + this
            + " is too old: the connector's driver needs MongoDB "
            + DRIVER_MINIMUM
            + " or later. Upgrade the server or point "
            + MongoSourceConfig.MONGODB_URI
            + " at a newer one.");
  }

  /** The error for {@code stream.full.document} when the mode needs post-images it lacks. */
  Optional<String> fullDocumentProblem(FullDocumentMode mode) {
    boolean needsPostImages =
        mode == FullDocumentMode.WHEN_AVAILABLE || mode == FullDocumentMode.REQUIRED;
    if (!needsPostImages || atLeast(POST_IMAGES_MINIMUM)) {
      return Optional.empty();
    }
    return Optional.of(
        MongoSourceConfig.STREAM_FULL_DOCUMENT
            + "="
            + mode.value()
            + " needs post-images, which MongoDB "
            + POST_IMAGES_MINIMUM
            + "+ records; this server is "
            + this
            + ". Use "
            + FullDocumentMode.UPDATE_LOOKUP.value()
            + " or upgrade the server.");
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
