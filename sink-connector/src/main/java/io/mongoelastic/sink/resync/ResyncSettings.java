package io.mongoelastic.sink.resync;

import java.time.Clock;
import java.time.Duration;

/**
 * How the resync coordinator behaves. The sink task builds this from its own configuration.
 *
 * @param stateIndex the index holding one state document per logical index
 * @param keepOldIndex keep the replaced physical index after a swap instead of deleting it
 * @param creationBody {@code {"settings":…,"mappings":…}} for new physical indices, or null
 * @param stateRefreshInterval how long {@link ResyncCoordinator#targetsFor} trusts its cached view
 *     of another task's progress before re-reading the state document
 */
public record ResyncSettings(
    String stateIndex,
    boolean keepOldIndex,
    String creationBody,
    Duration stateRefreshInterval,
    Clock clock) {

  public static ResyncSettings defaults() {
    return new ResyncSettings(
        ResyncStateStore.DEFAULT_INDEX, false, null, Duration.ofSeconds(5), Clock.systemUTC());
  }

  public ResyncSettings withKeepOldIndex(boolean keep) {
    return new ResyncSettings(stateIndex, keep, creationBody, stateRefreshInterval, clock);
  }

  public ResyncSettings withStateIndex(String index) {
    return new ResyncSettings(index, keepOldIndex, creationBody, stateRefreshInterval, clock);
  }

  public ResyncSettings withCreationBody(String body) {
    return new ResyncSettings(stateIndex, keepOldIndex, body, stateRefreshInterval, clock);
  }

  public ResyncSettings withStateRefreshInterval(Duration interval) {
    return new ResyncSettings(stateIndex, keepOldIndex, creationBody, interval, clock);
  }
}
