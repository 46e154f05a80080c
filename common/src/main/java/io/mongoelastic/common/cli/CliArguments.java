package io.mongoelastic.common.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and {@code --flag} switches after the command words. */
final class CliArguments {
  private final List<String> words = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final Set<String> used = new HashSet<>();

  CliArguments(String[] args, Set<String> flagNames) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--")) {
        String name = arg.substring(2);
        if (flagNames.contains(name)) {
          flags.add(name);
        } else if (i + 1 < args.length) {
          options.put(name, args[++i]);
        } else {
          throw new UsageException("--" + name + " needs a value");
        }
      } else {
        words.add(arg);
      }
    }
  }

  List<String> words() {
    return words;
  }

  boolean flag(String name) {
    used.add(name);
    return flags.contains(name);
  }

  String option(String name) {
    used.add(name);
    return options.get(name);
  }

  String option(String name, String defaultValue) {
    String value = option(name);
    return value != null ? value : defaultValue;
  }

  String required(String name) {
    String value = option(name);
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + name + " is required");
    }
    return value;
  }

  /** Fails on options the command did not read: a typo must not be silently ignored. */
  void rejectUnknown() {
    for (String name : options.keySet()) {
      if (!used.contains(name)) {
        throw new UsageException("Unknown option --" + name);
      }
    }
  }

  /** Wrong command-line usage; the tool prints the message and the help. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
