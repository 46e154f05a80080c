package io.mongoelastic.source;

import java.util.regex.Pattern;

/** Hides the credentials of a MongoDB connection string before it reaches a message or a log. */
public final class ConnectionStringMasker {
  // user:password@ or user@ right after the scheme.
  private static final Pattern USER_INFO = Pattern.compile("(mongodb(?:\\+srv)?://)[^@/]*@");

  private ConnectionStringMasker() {}

  /** The connection string with {@code user:pass@} replaced by {@code ***:***@}. */
  public static String mask(String connectionString) {
    if (connectionString == null) {
      return null;
    }
    return USER_INFO.matcher(connectionString).replaceFirst("$1***:***@");
  }

  /**
   * A text (such as a driver error message) with every occurrence of the connection string's
   * password and user info removed.
   */
  public static String scrub(String text, String connectionString) {
    if (text == null || connectionString == null) {
      return text;
    }
    String result = text.replace(connectionString, mask(connectionString));
    var matcher = Pattern.compile("mongodb(?:\\+srv)?://([^@/]*)@").matcher(connectionString);
    if (matcher.find()) {
      String userInfo = matcher.group(1);
      int colon = userInfo.indexOf(':');
      if (colon >= 0 && colon + 1 < userInfo.length()) {
        String password = userInfo.substring(colon + 1);
        result = result.replace(password, "***");
        String decoded =
            java.net.URLDecoder.decode(password, java.nio.charset.StandardCharsets.UTF_8);
        result = result.replace(decoded, "***");
      }
    }
    return result;
  }
}
