package dev.earshot.server.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.earshot.server.Settings.DecodeLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The budget on decoding: CPU per second of audio yielded, and input without audio. */
@Timeout(10)
class DecodeBudgetTest {
    private static final long SECOND = 1_000_000_000L;
    /** 0.25 CPU-s per audio second after a 0.5 CPU-s allowance; 1,000 bytes without audio. */
    private final DecodeBudget budget = new DecodeBudget(new DecodeLimits(1_000, 384_000, 255, 65_536, 1 << 20, 96_000,
            0.25, Duration.ofMillis(500), 1_000));

    @Test
    void decodingWithinAQuarterOfRealTimeIsFine() {
        assertThatCode(() -> {
            budget.charge(SECOND / 2, 0, 16_000); // the allowance: opening a codec
            for (int second = 0; second < 100; second++) {
                budget.received(100);
                budget.charge(SECOND / 4, 16_000, 16_000);
            }
        }).doesNotThrowAnyException();
        assertThat(budget.audioSeconds()).isEqualTo(100.0);
    }

    @Test
    void decodingThatCostsMoreThanItYieldsIsUndecodable() throws Exception {
        budget.charge(SECOND / 2, 16_000, 16_000); // 0.5 + 0.25 allowed
        UndecodableAudioException refused = catchThrowableOfType(UndecodableAudioException.class,
                () -> budget.charge(SECOND / 2, 0, 16_000));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).isEqualTo("decoding took 1.0 CPU-s for 1.0 s of audio; this server allows"
                + " 0.25 CPU-s per second of audio");
    }

    @Test
    void inputWithoutAudioIsUndecodableOnceItPassesTheLimitAndAudioResetsTheCount() throws Exception {
        budget.received(900);
        budget.charge(0, 0, 16_000);
        budget.charge(0, 160, 16_000); // some audio: the count starts again
        budget.received(900);
        budget.charge(0, 0, 16_000);
        budget.received(101);
        UndecodableAudioException refused = catchThrowableOfType(UndecodableAudioException.class,
                () -> budget.charge(0, 0, 16_000));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).isEqualTo("1001 bytes of input decoded to no audio; this server takes at"
                + " most 1000 bytes without audio");
    }
}
