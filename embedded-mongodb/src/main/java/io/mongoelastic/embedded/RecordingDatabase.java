package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/** A memory database whose collections record their changes. */
final class RecordingDatabase extends MemoryDatabase {
  private final ChangeRecorder recorder;

  RecordingDatabase(String databaseName, CursorRegistry cursorRegistry, ChangeRecorder recorder) {
    super(databaseName, cursorRegistry);
    this.recorder = recorder;
  }

  @Override
  protected MemoryCollection openOrCreateCollection(
      String collectionName, CollectionOptions options) {
    // Called from the super constructor before the field is set, for system collections only.
    ChangeRecorder target = recorder;
    if (target == null) {
      return super.openOrCreateCollection(collectionName, options);
    }
    return new RecordingCollection(this, collectionName, options, cursorRegistry, target);
  }
}
