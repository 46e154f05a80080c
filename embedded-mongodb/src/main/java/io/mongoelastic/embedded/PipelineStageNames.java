package io.mongoelastic.embedded;

import java.util.Set;

/**
 * The aggregation stage names MongoDB 7.0 knows, to answer a stage a change stream does not allow
 * as MongoDB does: an unknown name is 40324 ("Unrecognized pipeline stage name"), found while the
 * pipeline is parsed; a known stage that change streams do not allow is 20 IllegalOperation.
 */
final class PipelineStageNames {
  private static final Set<String> KNOWN =
      Set.of(
          "$addFields",
          "$bucket",
          "$bucketAuto",
          "$changeStream",
          "$changeStreamSplitLargeEvent",
          "$collStats",
          "$count",
          "$currentOp",
          "$densify",
          "$documents",
          "$facet",
          "$fill",
          "$geoNear",
          "$graphLookup",
          "$group",
          "$indexStats",
          "$limit",
          "$listLocalSessions",
          "$listSampledQueries",
          "$listSearchIndexes",
          "$listSessions",
          "$lookup",
          "$match",
          "$merge",
          "$out",
          "$planCacheStats",
          "$project",
          "$redact",
          "$replaceRoot",
          "$replaceWith",
          "$sample",
          "$search",
          "$searchMeta",
          "$set",
          "$setWindowFields",
          "$shardedDataDistribution",
          "$skip",
          "$sort",
          "$sortByCount",
          "$unionWith",
          "$unset",
          "$unwind",
          "$vectorSearch");

  private PipelineStageNames() {}

  /** The error for a stage that is not in the change-stream whitelist. */
  static CommandException notAllowedInChangeStream(String stage) {
    if (!KNOWN.contains(stage)) {
      return new CommandException(
          40324, "Location40324", "Unrecognized pipeline stage name: '" + stage + "'");
    }
    return new CommandException(
        20, "IllegalOperation", stage + " is not permitted in a $changeStream pipeline");
  }
}
