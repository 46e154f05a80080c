package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.UUID;

/**
 * What one write changed, before the change log stamps it with a cluster time. Documents held here
 * are private copies: the stored documents keep changing after the write.
 *
 * @param kind the operation type
 * @param db the database
 * @param coll the collection, null for {@code dropDatabase}
 * @param toDb the rename target database, or null
 * @param toColl the rename target collection, or null
 * @param documentId the {@code _id} of the changed document, or null
 * @param fullDocument the inserted or replacing document, or the post-image of an update when
 *     post-images are recorded for the collection; null otherwise
 * @param preImage the document before an update, replace or delete when pre-images are recorded for
 *     the collection; null otherwise
 * @param updateDescription {@code {updatedFields, removedFields, truncatedArrays}} of an update
 * @param sizeBytes the approximate BSON size of the event, used for the byte bound
 * @param collectionUuid the UUID of the collection ({@code collectionUUID} of expanded events),
 *     null for {@code dropDatabase}
 */
record ChangePayload(
    ChangeKind kind,
    String db,
    String coll,
    String toDb,
    String toColl,
    Object documentId,
    Document fullDocument,
    Document preImage,
    Document updateDescription,
    int sizeBytes,
    UUID collectionUuid) {}
