package io.mongoelastic.source.stream;

import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * A change-stream start point captured before a snapshot reads: the cluster time and, when the
 * server reports one, the resume token of an empty change stream opened at that moment.
 *
 * @param operationTime the cluster time (never null: see {@link StartPointReader})
 * @param resumeToken the post-batch resume token of the probe stream, or null
 */
public record StartPoint(BsonTimestamp operationTime, BsonDocument resumeToken) {}
