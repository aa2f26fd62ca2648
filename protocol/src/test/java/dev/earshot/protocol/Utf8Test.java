package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class Utf8Test {
    @Test
    void textIsMeasuredInUtf8Bytes() {
        String[] texts = {"", "KeepAlive", "é", "€", "\uD83C\uDFA4 mic", "{\"x\":\"a€é\uD83C\uDFA4\"}"};
        for (String text : texts) {
            assertThat(Utf8.length(text)).as(text)
                    .isEqualTo((long) text.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
