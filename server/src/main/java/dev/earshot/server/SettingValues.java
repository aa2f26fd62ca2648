package dev.earshot.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the values of settings as people write them: durations {@code 500ms 10s 2m}, sizes {@code 8MiB 64KiB}. */
final class SettingValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private SettingValues() {
    }

    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write it like 500ms, 10s or 2m");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** A path; a leading {@code ~/} is the user's home. */
    static Path path(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("~") || trimmed.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), trimmed.substring(1).replaceFirst("^/", ""));
        }
        return Path.of(trimmed);
    }

    static long bytes(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write it like 8MiB, 64KiB or 1048576");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        long multiplier = switch (unit) {
            case "kb" -> 1_000L;
            case "kib" -> 1L << 10;
            case "mb" -> 1_000_000L;
            case "mib" -> 1L << 20;
            case "gb" -> 1_000_000_000L;
            case "gib" -> 1L << 30;
            default -> 1L;
        };
        return Math.multiplyExact(amount, multiplier);
    }
}
