package dev.earshot.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProcFilesTest {
    @Test
    void cpuTimeIsUserPlusSystemTicksCountedAfterTheCommandName() {
        // The command name may hold spaces and parentheses; utime=1234, stime=66.
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 66 0 0 20 0 40 0 100 1000 200";
        assertThat(ProcFiles.cpuNanos(stat)).isEqualTo(1300 * 10_000_000L);
    }

    @Test
    void readsResidentMemoryAndTheOpenFilesLimit() {
        assertThat(ProcFiles.vmRssBytes("Name:\tjava\nVmPeak:\t  9 kB\nVmRSS:\t  524288 kB\n"))
                .isEqualTo(OptionalLong.of(512L << 20));
        assertThat(ProcFiles.openFilesLimit("Limit Soft Limit Hard Limit Units\nMax open files            1024                 "
                + "4096                 files\n")).isEqualTo(OptionalLong.of(1024));
        assertThat(ProcFiles.openFilesLimit("Max open files            unlimited            unlimited            files\n"))
                .isEmpty();
        assertThat(ProcFiles.cpuModel("processor\t: 0\nmodel name\t: AMD EPYC 7B13\n")).isEqualTo(Optional.of("AMD EPYC 7B13"));
    }

    @Test
    void aLowFileLimitIsReportedWithTheFix() {
        assertThat(FileDescriptors.shortfall(4000, "--idle 2000", OptionalLong.of(1024), 40))
                .hasValueSatisfying(message -> assertThat(message).contains("--idle 2000").contains("1024")
                        .contains("ulimit -n 8192"));
        assertThat(FileDescriptors.shortfall(4000, "--idle 2000", OptionalLong.of(20_000), 40)).isEmpty();
        assertThat(FileDescriptors.shortfall(4000, "--idle 2000", OptionalLong.empty(), 40)).isEmpty();
    }
}
