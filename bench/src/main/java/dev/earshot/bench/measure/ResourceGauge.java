package dev.earshot.bench.measure;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a server's CPU time and resident memory, wherever they can be read: this JVM (a spawned server,
 * or the engine-only baseline), another local process by pid, or nowhere (a server we only know by URL).
 */
public sealed interface ResourceGauge {
    /** CPU time the process has used, user and system, in nanoseconds. */
    OptionalLong cpuNanos();

    OptionalLong rssBytes();

    /** What is measured, for the report; null when nothing is. */
    String source();

    /**
     * This JVM: with {@code --spawn} the server and the load generator share it, so its CPU and memory
     * include the clients' (small next to the engine's: a few JSON messages per second per stream).
     */
    record ThisProcess() implements ResourceGauge {
        @Override
        public OptionalLong cpuNanos() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                long nanos = os.getProcessCpuTime();
                return nanos < 0 ? OptionalLong.empty() : OptionalLong.of(nanos);
            }
            return OptionalLong.empty();
        }

        @Override
        public OptionalLong rssBytes() {
            return ProcFiles.read(Path.of("/proc/self/status")).map(ProcFiles::vmRssBytes).orElse(OptionalLong.empty());
        }

        @Override
        public String source() {
            return "this JVM (server and load generator together)";
        }
    }

    /** A local server process, from /proc/PID/stat and /proc/PID/status. */
    record OtherProcess(long pid) implements ResourceGauge {
        @Override
        public OptionalLong cpuNanos() {
            return ProcFiles.read(Path.of("/proc", Long.toString(pid), "stat"))
                    .map(stat -> OptionalLong.of(ProcFiles.cpuNanos(stat))).orElse(OptionalLong.empty());
        }

        @Override
        public OptionalLong rssBytes() {
            return ProcFiles.read(Path.of("/proc", Long.toString(pid), "status")).map(ProcFiles::vmRssBytes)
                    .orElse(OptionalLong.empty());
        }

        @Override
        public String source() {
            return "/proc/" + pid;
        }

        public boolean exists() {
            return ProcFiles.read(Path.of("/proc", Long.toString(pid), "stat")).isPresent();
        }
    }

    /** A server known only by its URL: no CPU or memory figures (pass --server-pid). */
    record Unmeasured() implements ResourceGauge {
        @Override
        public OptionalLong cpuNanos() {
            return OptionalLong.empty();
        }

        @Override
        public OptionalLong rssBytes() {
            return OptionalLong.empty();
        }

        @Override
        public String source() {
            return null;
        }
    }
}
