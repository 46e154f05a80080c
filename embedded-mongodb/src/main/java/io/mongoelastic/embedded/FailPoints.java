package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fail points of one embedded server, the ones mongod offers with {@code enableTestCommands}:
 * {@value #FAIL_COMMAND} and {@value #FAIL_GET_MORE_AFTER_CURSOR_CHECKOUT}. Clients configure them
 * with the {@code configureFailPoint} admin command, exactly as on mongod; tests in the same JVM
 * can also use this API:
 *
 * <pre>{@code
 * mongo.failPoints().failCommand("getMore").errorCode(6).times(1);
 * mongo.failPoints().failCommand("find").appName("slow-client").blockConnection(Duration.ofMillis(500)).alwaysOn();
 * mongo.failPoints().off(FailPoints.FAIL_COMMAND);
 * }</pre>
 *
 * <p>Every configuring method returns what {@code configureFailPoint} returns as {@code count}: how
 * often the point had fired before (counted since the server started).
 */
public final class FailPoints {
  /** Fails, delays or hangs up on the commands named in {@code data.failCommands}. */
  public static final String FAIL_COMMAND = "failCommand";

  /** Fails {@code getMore} after the cursor was checked out; the cursor is then gone. */
  public static final String FAIL_GET_MORE_AFTER_CURSOR_CHECKOUT = "failGetMoreAfterCursorCheckout";

  private final Map<String, FailPoint> points =
      Map.of(
          FAIL_COMMAND,
          new FailPoint(FAIL_COMMAND),
          FAIL_GET_MORE_AFTER_CURSOR_CHECKOUT,
          new FailPoint(FAIL_GET_MORE_AFTER_CURSOR_CHECKOUT));

  FailPoints() {}

  /** Starts configuring {@value #FAIL_COMMAND} for these command names (matched exactly). */
  public Configuration failCommand(String... commands) {
    return new Configuration(FAIL_COMMAND).with("failCommands", List.of(commands));
  }

  /** Starts configuring {@value #FAIL_GET_MORE_AFTER_CURSOR_CHECKOUT}. */
  public Configuration failGetMoreAfterCursorCheckout() {
    return new Configuration(FAIL_GET_MORE_AFTER_CURSOR_CHECKOUT);
  }

  /** Turns a fail point off; returns how often it had fired. */
  public long off(String name) {
    return point(name).configure(FailPointMode.OFF, new Document());
  }

  /** How often a fail point has fired since the server started. */
  public long timesEntered(String name) {
    return point(name).timesEntered();
  }

  long configure(String name, FailPointMode mode, Document data) {
    return point(name).configure(mode, data);
  }

  /** The fail point of that name; an unknown name is mongod's FailPointSetFailed (266). */
  FailPoint point(String name) {
    FailPoint point = points.get(name);
    if (point == null) {
      throw new CommandException(266, "FailPointSetFailed", name + " not found");
    }
    return point;
  }

  /** The {@code data} of one fail point being configured, then its mode. */
  public final class Configuration {
    private final String name;
    private final Document data = new Document();

    private Configuration(String name) {
      this.name = name;
    }

    private Configuration with(String key, Object value) {
      data.put(key, value);
      return this;
    }

    /** Replies with this error code (and its code name) instead of running the command. */
    public Configuration errorCode(int code) {
      return with("errorCode", code);
    }

    /** These labels replace the ones the server would add; none suppresses them all. */
    public Configuration errorLabels(String... labels) {
      return with("errorLabels", List.of(labels));
    }

    /** Closes the connection without a reply. */
    public Configuration closeConnection() {
      return with("closeConnection", Boolean.TRUE);
    }

    /** Holds the command this long, then runs it (or fails it, with an error code). */
    public Configuration blockConnection(Duration time) {
      return with("blockConnection", Boolean.TRUE).with("blockTimeMS", time.toMillis());
    }

    /** Only connections whose handshake named this application ({@code appName=...}). */
    public Configuration appName(String appName) {
      return with("appName", appName);
    }

    /** Only commands on this namespace ({@code db.collection}). */
    public Configuration namespace(String namespace) {
      return with("namespace", namespace);
    }

    /** Adds a write concern error to the reply of a successful write command. */
    public Configuration writeConcernError(int code, String errmsg) {
      return with(
          "writeConcernError",
          new Document("code", code)
              .append("codeName", ErrorCodeNames.of(code))
              .append("errmsg", errmsg));
    }

    /** Fires on every matching operation until turned off. */
    public long alwaysOn() {
      return configure(name, FailPointMode.ALWAYS_ON, data);
    }

    /** Fires on the next {@code n} matching operations, then turns itself off. */
    public long times(int n) {
      return configure(name, FailPointMode.times(n), data);
    }

    /** Lets the next {@code n} matching operations pass, then fires on every one. */
    public long skip(int n) {
      return configure(name, FailPointMode.skip(n), data);
    }
  }
}
