package dev.earshot.client.testing;

/**
 * The servers the client tests share, started on first use and stopped when the test JVM exits: starting
 * one (model load) takes seconds, and the tests do not change them.
 */
public final class SharedServers {
    private SharedServers() {
    }

    /** Default settings, as {@code earshot serve} runs. */
    public static EarshotProcess healthy() {
        return Healthy.SERVER;
    }

    /** Closes streams that go quiet for 2 s (NET-0001), for KeepAlive tests. */
    public static EarshotProcess quickIdle() {
        return QuickIdle.SERVER;
    }

    // Holder classes: the JVM starts each server once, on first use, without shared mutable state.
    private static final class Healthy {
        static final EarshotProcess SERVER = start();

        private static EarshotProcess start() {
            try {
                return EarshotProcess.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class QuickIdle {
        static final EarshotProcess SERVER = start();

        private static EarshotProcess start() {
            try {
                return EarshotProcess.start("--idle-timeout", "2s", "--first-audio-timeout", "2s");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
