package dev.earshot.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocketListenerTest {
    @Test
    void textIsMeasuredInUtf8Bytes() {
        for (String text : new String[] {"", "KeepAlive", "é", "€", "\uD83C\uDFA4 mic", "{\"x\":\"a€é\uD83C\uDFA4\"}"}) {
            assertThat(SocketListener.utf8Length(text)).as(text)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
