package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The catalogue against the tables of live-api.md §1 (HTTP refusals) and §5 (close codes). */
@Timeout(10)
class ErrorCodeTest {
    private static final String DEEPGRAM_NET0001 = "Deepgram did not receive audio data or a text message within the "
            + "timeout window. See https://dpgr.am/net0001";

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest
    @CsvSource({"INVALID_QUERY_PARAMETER,400,INVALID_QUERY_PARAMETER", "INVALID_AUTH,401,INVALID_AUTH",
            "INSUFFICIENT_PERMISSIONS,403,INSUFFICIENT_PERMISSIONS", "METHOD_NOT_ALLOWED,405,METHOD_NOT_ALLOWED",
            "TOO_MANY_REQUESTS,429,TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE,503,SERVICE_UNAVAILABLE",
            "BAD_REQUEST,400,Bad Request"})
    void httpRefusalsOfTheSpec(ErrorCode code, int status, String errCode) {
        assertThat(code.isHttp()).isTrue();
        assertThat(code.isClose()).isFalse();
        assertThat(code.httpStatus()).isEqualTo(status);
        assertThat(code.code()).isEqualTo(errCode);
        assertThat(ErrorCode.fromHttp(status, errCode)).contains(code);
    }

    @ParameterizedTest
    @CsvSource(value = {"NORMAL_CLOSURE,1000,''", "SHUTDOWN,1001,SHUTDOWN", "UNDECODABLE_AUDIO,1008,DATA-0000",
            "FRAME_TOO_LARGE,1009,DATA-0001", "NO_RESULT_IN_TIME,1011,NET-0000", "NO_AUDIO_IN_TIME,1011,NET-0001"})
    void closeCodesOfTheSpec(ErrorCode code, int closeCode, String prefix) {
        assertThat(code.isClose()).isTrue();
        assertThat(code.isHttp()).isFalse();
        assertThat(code.closeCode()).isEqualTo(closeCode);
        assertThat(code.code()).isEqualTo(prefix);
    }

    @Test
    void fromHttpNeedsStatusAndErrCodeToMatch() {
        assertThat(ErrorCode.fromHttp(400, "INVALID_AUTH")).isEmpty();
        assertThat(ErrorCode.fromHttp(401, "nope")).isEmpty();
        assertThat(ErrorCode.fromHttp(1011, "NET-0001")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, mode = EnumSource.Mode.MATCH_ALL, names = ".*")
    void wrongKindAccessorsThrow(ErrorCode code) {
        if (code.isClose()) {
            assertThatThrownBy(code::httpStatus).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("close code");
        } else {
            assertThatThrownBy(code::closeCode).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HTTP status");
        }
    }

    @Test
    void closeReasonIsCodeColonSentence() {
        CloseReason reason = ErrorCode.NO_AUDIO_IN_TIME.closeReason("no audio or text message received within the 10 s timeout window");
        assertThat(reason.code()).isEqualTo(1011);
        assertThat(reason.reason()).isEqualTo("NET-0001: no audio or text message received within the 10 s timeout window");
        assertThat(reason.toString()).isEqualTo("1011 NET-0001: no audio or text message received within the 10 s timeout window");
        assertThat(ErrorCode.UNDECODABLE_AUDIO.closeReason("Ogg audio is not supported").reason())
                .isEqualTo("DATA-0000: Ogg audio is not supported");
        assertThat(ErrorCode.SHUTDOWN.closeReason("bye").reason()).isEqualTo("SHUTDOWN: bye");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankSentenceUsesTheDefaultMessage(String sentence) {
        assertThat(ErrorCode.FRAME_TOO_LARGE.closeReason(sentence).reason())
                .isEqualTo("DATA-0001: the frame is larger than the maximum frame size");
        assertThat(ErrorCode.NO_RESULT_IN_TIME.closeReason(null).reason())
                .isEqualTo("NET-0000: the service did not produce a result within the timeout window");
    }

    @Test
    void normalClosureHasAnEmptyReason() {
        CloseReason reason = ErrorCode.NORMAL_CLOSURE.closeReason("all done");
        assertThat(reason.code()).isEqualTo(1000);
        assertThat(reason.reason()).isEmpty();
        assertThat(reason.toString()).isEqualTo("1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "€", "\uD83D\uDE00", "a\uD83D\uDE00"})
    void longReasonsAreCutToFitWithoutSplittingCharacters(String unit) {
        String sentence = unit.repeat(500);
        for (ErrorCode code : ErrorCode.values()) {
            if (!code.isClose() || code == ErrorCode.NORMAL_CLOSURE) {
                continue;
            }
            String reason = code.closeReason(sentence).reason();
            byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).isLessThanOrEqualTo(123);
            assertThat(reason).startsWith(code.code() + ": ");
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(reason);
            assertThat(reason.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp) && cp < 0x10000)).isTrue();
            // As long as possible: one more code point would not fit.
            int next = sentence.codePointAt(reason.length() - (code.code().length() + 2));
            assertThat(bytes.length + utf8Length(new String(Character.toChars(next)))).isGreaterThan(123);
        }
    }

    @Test
    void exactByteArithmeticForMultibyteSentences() {
        // "NET-0001: " is 10 bytes; 113 remain.
        assertThat(ErrorCode.NO_AUDIO_IN_TIME.closeReason("é".repeat(100)).reason()).isEqualTo("NET-0001: " + "é".repeat(56));
        assertThat(ErrorCode.NO_AUDIO_IN_TIME.closeReason("€".repeat(100)).reason()).isEqualTo("NET-0001: " + "€".repeat(37));
        assertThat(ErrorCode.NO_AUDIO_IN_TIME.closeReason("\uD83D\uDE00".repeat(100)).reason())
                .isEqualTo("NET-0001: " + "\uD83D\uDE00".repeat(28));
        assertThat(ErrorCode.NO_AUDIO_IN_TIME.closeReason("x".repeat(113)).reason()).isEqualTo("NET-0001: " + "x".repeat(113));
        assertThat(ErrorCode.NO_AUDIO_IN_TIME.closeReason("x".repeat(114)).reason()).isEqualTo("NET-0001: " + "x".repeat(113));
    }

    @Test
    void closeReasonRecordRefusesOverlongReasons() {
        assertThatThrownBy(() -> new CloseReason(1011, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CloseReason(1011, "x".repeat(123)).reason()).hasSize(123);
        assertThatThrownBy(() -> new CloseReason(1011, "é".repeat(62))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CloseReason(1000, null).reason()).isEmpty();
    }

    @Test
    void everyOwnReasonParsesBack() {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.isClose()) {
                CloseReason reason = code.closeReason("something went wrong " + "ü".repeat(100));
                assertThat(ErrorCode.fromClose(reason.code(), reason.reason())).as(code.name()).contains(code);
                assertThat(reason.errorCode()).contains(code);
            }
        }
    }

    @Test
    void fromCloseParsesOurReasons() {
        assertThat(ErrorCode.fromClose(1011, "NET-0001: no audio or text message received within the 10 s timeout window"))
                .contains(ErrorCode.NO_AUDIO_IN_TIME);
        assertThat(ErrorCode.fromClose(1011, "NET-0000: engine stalled")).contains(ErrorCode.NO_RESULT_IN_TIME);
        assertThat(ErrorCode.fromClose(1008, "DATA-0000: not audio")).contains(ErrorCode.UNDECODABLE_AUDIO);
        assertThat(ErrorCode.fromClose(1009, "DATA-0001: too big")).contains(ErrorCode.FRAME_TOO_LARGE);
        assertThat(ErrorCode.fromClose(1001, "SHUTDOWN: the server is shutting down")).contains(ErrorCode.SHUTDOWN);
        assertThat(ErrorCode.fromClose(1000, "")).contains(ErrorCode.NORMAL_CLOSURE);
        assertThat(ErrorCode.fromClose(1000, null)).contains(ErrorCode.NORMAL_CLOSURE);
    }

    @Test
    void fromCloseParsesDeepgramsOwnReason() {
        assertThat(ErrorCode.fromClose(1011, DEEPGRAM_NET0001)).contains(ErrorCode.NO_AUDIO_IN_TIME);
        assertThat(ErrorCode.fromClose(1011, DEEPGRAM_NET0001.replace("net0001", "NET0001")))
                .contains(ErrorCode.NO_AUDIO_IN_TIME);
        assertThat(ErrorCode.fromClose(1011, "Deepgram did not provide a response message within the timeout window. "
                + "See https://dpgr.am/net0000")).contains(ErrorCode.NO_RESULT_IN_TIME);
    }

    @Test
    void fromCloseNeedsCodeAndReasonToAgree() {
        assertThat(ErrorCode.fromClose(1008, "NET-0001: wrong code")).isEmpty();
        assertThat(ErrorCode.fromClose(1011, "DATA-0000: wrong code")).isEqualTo(Optional.empty());
        assertThat(ErrorCode.fromClose(1011, "")).isEmpty();
        assertThat(ErrorCode.fromClose(1011, null)).isEmpty();
        assertThat(ErrorCode.fromClose(1011, "something else")).isEmpty();
        assertThat(ErrorCode.fromClose(1006, "")).isEmpty();
        assertThat(ErrorCode.fromClose(1008, DEEPGRAM_NET0001)).isEmpty();
    }

    @Test
    void everyCodeIsDistinct() {
        long distinct = Arrays.stream(ErrorCode.values()).filter(ErrorCode::isClose)
                .map(c -> c.closeCode() + c.code()).distinct().count();
        assertThat(distinct).isEqualTo(Arrays.stream(ErrorCode.values()).filter(ErrorCode::isClose).count());
    }
}
