package io.mongoelastic.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Validators shared by the plugins' config definitions. */
public final class Validators {
  private Validators() {}

  /** A non-empty list of http(s) URLs with a host. */
  public static ConfigDef.Validator httpUrls() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) value;
        if (urls == null || urls.isEmpty()) {
          throw new ConfigException(
              name, value, "Give at least one URL, e.g. http://localhost:9200");
        }
        for (String url : urls) {
          try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
              throw new ConfigException(
                  name,
                  url,
                  "Each URL needs http:// or https:// and a host, e.g. https://es1:9200");
            }
            if (uri.getUserInfo() != null) {
              throw new ConfigException(
                  name,
                  "(URL with credentials hidden)",
                  "Put credentials in the username/password or API key settings, not in the URL");
            }
          } catch (URISyntaxException e) {
            throw new ConfigException(name, url, "Not a valid URL: " + e.getReason());
          }
        }
      }

      @Override
      public String toString() {
        return "http(s) URLs, e.g. http://localhost:9200";
      }
    };
  }

  /** Null/empty, or the path of a readable regular file. */
  public static ConfigDef.Validator optionalReadableFile() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
          return;
        }
        Path path = Path.of(value.toString());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
          throw new ConfigException(name, value, "No readable file at this path on the worker");
        }
      }

      @Override
      public String toString() {
        return "path of a readable file, or empty";
      }
    };
  }

  /** Null or a non-blank password; blank secrets are almost always a templating mistake. */
  public static ConfigDef.Validator optionalNonBlankPassword() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value != null && ((Password) value).value().isBlank()) {
          throw new ConfigException(name + " is set but blank; remove it or give a value");
        }
      }

      @Override
      public String toString() {
        return "non-blank secret, or unset";
      }
    };
  }
}
