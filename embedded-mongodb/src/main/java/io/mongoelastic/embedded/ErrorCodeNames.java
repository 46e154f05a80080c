package io.mongoelastic.embedded;

import java.util.Map;

/**
 * The code names mongod reports beside error codes (MongoDB 7.0's {@code error_codes.yml}) for the
 * codes tests are likely to inject; any other code is named {@code Location<code>}, as mongod names
 * codes that have no entry.
 */
final class ErrorCodeNames {
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "InternalError"),
          Map.entry(2, "BadValue"),
          Map.entry(6, "HostUnreachable"),
          Map.entry(7, "HostNotFound"),
          Map.entry(8, "UnknownError"),
          Map.entry(9, "FailedToParse"),
          Map.entry(11, "UserNotFound"),
          Map.entry(13, "Unauthorized"),
          Map.entry(14, "TypeMismatch"),
          Map.entry(18, "AuthenticationFailed"),
          Map.entry(20, "IllegalOperation"),
          Map.entry(24, "LockTimeout"),
          Map.entry(26, "NamespaceNotFound"),
          Map.entry(43, "CursorNotFound"),
          Map.entry(48, "NamespaceExists"),
          Map.entry(50, "MaxTimeMSExpired"),
          Map.entry(59, "CommandNotFound"),
          Map.entry(63, "StaleShardVersion"),
          Map.entry(64, "WriteConcernFailed"),
          Map.entry(72, "InvalidOptions"),
          Map.entry(73, "InvalidNamespace"),
          Map.entry(89, "NetworkTimeout"),
          Map.entry(91, "ShutdownInProgress"),
          Map.entry(100, "UnsatisfiableWriteConcern"),
          Map.entry(112, "WriteConflict"),
          Map.entry(133, "FailedToSatisfyReadPreference"),
          Map.entry(134, "ReadConcernMajorityNotAvailableYet"),
          Map.entry(136, "CappedPositionLost"),
          Map.entry(150, "StaleEpoch"),
          Map.entry(175, "QueryPlanKilled"),
          Map.entry(189, "PrimarySteppedDown"),
          Map.entry(234, "RetryChangeStream"),
          Map.entry(237, "CursorKilled"),
          Map.entry(251, "NoSuchTransaction"),
          Map.entry(260, "InvalidResumeToken"),
          Map.entry(262, "ExceededTimeLimit"),
          Map.entry(266, "FailPointSetFailed"),
          Map.entry(279, "ClientDisconnect"),
          Map.entry(280, "ChangeStreamFatalError"),
          Map.entry(286, "ChangeStreamHistoryLost"),
          Map.entry(9001, "SocketException"),
          Map.entry(10107, "NotWritablePrimary"),
          Map.entry(10334, "BSONObjectTooLarge"),
          Map.entry(11000, "DuplicateKey"),
          Map.entry(11600, "InterruptedAtShutdown"),
          Map.entry(11601, "Interrupted"),
          Map.entry(11602, "InterruptedDueToReplStateChange"),
          Map.entry(13388, "StaleConfig"),
          Map.entry(13435, "NotPrimaryNoSecondaryOk"),
          Map.entry(13436, "NotPrimaryOrSecondary"));

  private ErrorCodeNames() {}

  static String of(int code) {
    return NAMES.getOrDefault(code, "Location" + code);
  }
}
