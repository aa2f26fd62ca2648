package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.earshot.protocol.ClientMessage.CloseStream;
import dev.earshot.protocol.ClientMessage.Finalize;
import dev.earshot.protocol.ClientMessage.KeepAlive;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** live-api.md §3: the text frames a client sends. */
@Timeout(10)
class ClientMessagesTest {

    private static SchemaException refused(String text) {
        SchemaException e = catchThrowableOfType(SchemaException.class, () -> ClientMessages.parse(text));
        assertThat(e).as("%s must be a SchemaException", text).isNotNull();
        return e;
    }

    @Test
    void keepAlive() throws Exception {
        assertThat(ClientMessages.parse("{\"type\":\"KeepAlive\"}")).isEqualTo(new KeepAlive());
    }

    @Test
    void closeStream() throws Exception {
        assertThat(ClientMessages.parse("{\"type\":\"CloseStream\"}")).isEqualTo(new CloseStream());
    }

    @Test
    void finalizeWithoutChannelMeansAllChannels() throws Exception {
        assertThat(ClientMessages.parse("{\"type\":\"Finalize\"}")).isEqualTo(Finalize.allChannels())
                .isEqualTo(new Finalize(OptionalInt.empty()));
        assertThat(ClientMessages.parse("{\"type\":\"Finalize\",\"channel\":null}")).isEqualTo(Finalize.allChannels());
    }

    @Test
    void finalizeWithChannel() throws Exception {
        assertThat(ClientMessages.parse("{\"type\":\"Finalize\",\"channel\":1}"))
                .isEqualTo(new Finalize(OptionalInt.of(1)));
        assertThat(ClientMessages.parse("{\"channel\":0,\"type\":\"Finalize\"}"))
                .isEqualTo(new Finalize(OptionalInt.of(0)));
    }

    @Test
    void whitespaceAroundJsonIsFine() throws Exception {
        assertThat(ClientMessages.parse("  {\n \"type\" : \"KeepAlive\" }\n")).isEqualTo(new KeepAlive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":", "KeepAlive", "{'type':'KeepAlive'}", "{\"type\":\"KeepAlive\",}"})
    void malformedJsonSaysSo(String text) {
        assertThat(refused(text).getMessage()).startsWith("Text message is not valid JSON");
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertThat(refused("{\"type\":\"KeepAlive\",\"type\":\"CloseStream\"}").getMessage())
                .startsWith("Text message is not valid JSON").contains("type");
    }

    @Test
    void trailingContentAfterTheObjectIsMalformed() {
        // Two messages in one frame, or garbage after one, is not a valid JSON text (RFC 8259 §2).
        assertThat(refused("{\"type\":\"KeepAlive\"}{\"type\":\"CloseStream\"}").getMessage())
                .startsWith("Text message is not valid JSON");
        assertThat(refused("{\"type\":\"CloseStream\"} garbage").getMessage())
                .startsWith("Text message is not valid JSON");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"type\":\"KeepAlive\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThat(refused(deep).getMessage()).startsWith("Text message is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"KeepAlive\"}]", "\"KeepAlive\"", "42", "null", "true", ""})
    void nonObjectsAreRefused(String text) {
        assertThat(refused(text).getMessage()).isEqualTo("Text message must be a JSON object with a \"type\" field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"kind\":\"KeepAlive\"}", "{\"type\":5}", "{\"type\":null}",
            "{\"type\":[\"KeepAlive\"]}", "{\"type\":{\"name\":\"KeepAlive\"}}", "{\"type\":true}"})
    void missingOrNonStringTypeIsRefused(String text) {
        assertThat(refused(text).getMessage()).isEqualTo(
                "Text message has no string \"type\" field; expected one of KeepAlive, Finalize, CloseStream, Configure");
    }

    @Test
    void unknownTypeIsNamed() {
        assertThat(refused("{\"type\":\"UpdateListen\",\"listen\":{}}").getMessage()).isEqualTo(
                "Unknown message type 'UpdateListen'; expected one of KeepAlive, Finalize, CloseStream, Configure");
    }

    @Test
    void typeIsCaseSensitive() {
        assertThat(refused("{\"type\":\"keepalive\"}").getMessage()).startsWith("Unknown message type 'keepalive'");
    }

    @Test
    void aHugeUnknownTypeIsClippedInTheDescription() {
        String type = "X".repeat(10_000);
        String message = refused("{\"type\":\"" + type + "\"}").getMessage();
        assertThat(message).hasSizeLessThan(200).contains("X".repeat(64) + "...");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "1.0", "\"1\"", "true", "[0]", "{}", "3000000000", "-2147483648"})
    void badFinalizeChannelIsRefused(String channel) {
        assertThat(refused("{\"type\":\"Finalize\",\"channel\":" + channel + "}").getMessage())
                .isEqualTo("Finalize \"channel\" must be a channel index >= 0");
    }

    @Test
    void toJsonIsCompactAndExact() {
        assertThat(ClientMessages.toJson(new KeepAlive())).isEqualTo("{\"type\":\"KeepAlive\"}");
        assertThat(ClientMessages.toJson(new CloseStream())).isEqualTo("{\"type\":\"CloseStream\"}");
        assertThat(ClientMessages.toJson(Finalize.allChannels())).isEqualTo("{\"type\":\"Finalize\"}");
        assertThat(ClientMessages.toJson(new Finalize(OptionalInt.of(3)))).isEqualTo("{\"type\":\"Finalize\",\"channel\":3}");
    }

    @Test
    void toJsonRoundTrips() throws Exception {
        for (ClientMessage message : List.of(new KeepAlive(), new CloseStream(), Finalize.allChannels(),
                new Finalize(OptionalInt.of(0)), new Finalize(OptionalInt.of(7)))) {
            assertThat(ClientMessages.parse(ClientMessages.toJson(message))).isEqualTo(message);
        }
    }
}
