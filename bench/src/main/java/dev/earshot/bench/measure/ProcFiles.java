package dev.earshot.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figures Linux keeps in /proc: a process's CPU time, its resident memory, its file limit; the CPU's name. */
public final class ProcFiles {
    /**
     * USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux architecture that matters here
     * (the kernel fixes it for userspace; Java has no portable way to ask sysconf).
     */
    static final long TICKS_PER_SECOND = 100;
    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
    private static final Pattern OPEN_FILES = Pattern.compile("(?m)^Max open files\\s+(\\S+)");
    private static final Pattern CPU_MODEL = Pattern.compile("(?m)^model name\\s*:\\s*(.+)$");

    private ProcFiles() {
    }

    /** utime + stime of a /proc/PID/stat line, in nanoseconds. */
    static long cpuNanos(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces or ')': fields count from the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    static OptionalLong vmRssBytes(String status) {
        Matcher matcher = VM_RSS.matcher(status);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1)) * 1024) : OptionalLong.empty();
    }

    /** The soft limit on open files from /proc/PID/limits; empty when unlimited or unknown. */
    static OptionalLong openFilesLimit(String limits) {
        Matcher matcher = OPEN_FILES.matcher(limits);
        if (!matcher.find() || matcher.group(1).equals("unlimited")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(matcher.group(1)));
    }

    static Optional<String> cpuModel(String cpuinfo) {
        Matcher matcher = CPU_MODEL.matcher(cpuinfo);
        return matcher.find() ? Optional.of(matcher.group(1).trim()) : Optional.empty();
    }

    /** This machine's CPU model name, when /proc/cpuinfo says. */
    public static Optional<String> cpuModel() {
        return read(Path.of("/proc/cpuinfo")).flatMap(ProcFiles::cpuModel);
    }

    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
