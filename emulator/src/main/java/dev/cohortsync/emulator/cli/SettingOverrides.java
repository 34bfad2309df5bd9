package dev.cohortsync.emulator.cli;

import dev.cohortsync.emulator.EmulatorConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies {@code --set section.field=value} options to the public fields of
 * {@link EmulatorConfig}'s sections ({@code segment}, {@code amplitude}, {@code sync}), so every
 * documented setting is reachable from the command line without a flag of its own.
 *
 * <p>Values are parsed by the field's type: numbers, {@code true}/{@code false}, ISO-8601
 * durations ({@code PT2S}), enum names (any case), paths, and comma-separated lists and sets.
 * An empty value sets a nullable field to null.
 */
final class SettingOverrides {

  private static final List<String> SECTIONS = List.of("segment", "amplitude", "sync");

  private SettingOverrides() {}

  /**
   * Sets each {@code name=value} on {@code config}.
   *
   * @throws IllegalArgumentException naming the setting, the value and the expected form
   */
  static void apply(EmulatorConfig config, Map<String, String> overrides) {
    overrides.forEach((name, value) -> apply(config, name, value));
  }

  private static void apply(EmulatorConfig config, String name, String value) {
    int dot = name.indexOf('.');
    String section = dot < 0 ? name : name.substring(0, dot);
    if (dot < 0 || !SECTIONS.contains(section)) {
      throw new IllegalArgumentException(
          "--set " + name + ": unknown setting; name one as <section>.<field> with section one of "
              + SECTIONS + ", for example --set segment.strictValidation=true");
    }
    Object target = section(config, section);
    String fieldName = name.substring(dot + 1);
    Field field = settingFields(target).stream()
        .filter(f -> f.getName().equals(fieldName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "--set " + name + ": " + section + " has no setting " + fieldName + "; settings of "
                + section + " are " + names(target)));
    Object parsed = parse(name, value, field);
    try {
      field.set(target, parsed);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set " + name, e);
    }
  }

  private static Object section(EmulatorConfig config, String section) {
    return switch (section) {
      case "segment" -> config.segment;
      case "amplitude" -> config.amplitude;
      default -> config.sync;
    };
  }

  private static List<Field> settingFields(Object target) {
    return Arrays.stream(target.getClass().getFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()))
        .toList();
  }

  private static TreeSet<String> names(Object target) {
    TreeSet<String> names = new TreeSet<>();
    settingFields(target).forEach(f -> names.add(f.getName()));
    return names;
  }

  private static Object parse(String name, String value, Field field) {
    Class<?> type = field.getType();
    if (value.isEmpty() && !type.isPrimitive()) {
      return null;
    }
    try {
      if (type == int.class || type == Integer.class) {
        return Integer.parseInt(value.replace("_", ""));
      }
      if (type == long.class || type == Long.class) {
        return Long.parseLong(value.replace("_", ""));
      }
      if (type == double.class || type == Double.class) {
        return Double.parseDouble(value);
      }
      if (type == boolean.class || type == Boolean.class) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(value);
      }
      if (type == String.class) {
        return value;
      }
      if (type == Duration.class) {
        return Duration.parse(value);
      }
      if (type == Path.class) {
        return Path.of(value);
      }
      if (type.isEnum()) {
        return enumValue(type, value);
      }
      if (type == List.class || type == java.util.Set.class) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
          if (!item.isBlank()) {
            items.add(item.trim());
          }
        }
        return type == List.class ? items : new LinkedHashSet<>(items);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw invalid(name, value, field);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--set " + name + "=" + value + ": invalid value; " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "--set " + name + ": settings of type " + field.getGenericType().getTypeName()
            + " cannot be set from the command line; set cfg." + name + " in Java instead");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String value) {
    for (Object constant : type.getEnumConstants()) {
      if (((Enum) constant).name().equalsIgnoreCase(value.replace('-', '_'))) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "expected one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
  }

  private static IllegalArgumentException invalid(String name, String value, Field field) {
    Class<?> type = field.getType();
    String expected;
    if (type == Duration.class) {
      expected = "an ISO-8601 duration such as PT2S or PT24H";
    } else if (type == double.class || type == Double.class) {
      expected = "a number such as 2.5";
    } else {
      expected = "a whole number such as 5000";
    }
    return new IllegalArgumentException("--set " + name + "=" + value + ": invalid value; expected " + expected);
  }
}
