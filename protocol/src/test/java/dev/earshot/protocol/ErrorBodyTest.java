package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** live-api.md §1: {@code {"err_code", "err_msg", "request_id"}} of a refused upgrade. */
@Timeout(10)
class ErrorBodyTest {
    private static final String REQUEST = "5e0c1b5a-6a50-4b8e-9d2a-7f3e2c1d0b9a";

    @Test
    void toJsonHasTheSpecKeysInOrder() {
        ErrorBody body = ErrorBody.of(ErrorCode.INVALID_QUERY_PARAMETER,
                "Invalid value 'abc' for parameter 'sample_rate': expected a positive integer", REQUEST);
        assertThat(body.errCode()).isEqualTo("INVALID_QUERY_PARAMETER");
        assertThat(body.toJson()).isEqualTo("{\"err_code\":\"INVALID_QUERY_PARAMETER\","
                + "\"err_msg\":\"Invalid value 'abc' for parameter 'sample_rate': expected a positive integer\","
                + "\"request_id\":\"" + REQUEST + "\"}");
    }

    @Test
    void specialCharactersAreEscaped() {
        ErrorBody body = new ErrorBody("Bad Request", "a \"quoted\" \\ back\nslash\u0001", REQUEST);
        assertThat(body.toJson()).isEqualTo("{\"err_code\":\"Bad Request\","
                + "\"err_msg\":\"a \\\"quoted\\\" \\\\ back\\nslash\\u0001\",\"request_id\":\"" + REQUEST + "\"}");
    }

    @Test
    void parseRoundTrips() {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.isHttp()) {
                ErrorBody body = ErrorBody.of(code, code.defaultMessage() + " \"é\u2028", REQUEST);
                assertThat(ErrorBody.parse(body.toJson())).contains(body);
            }
        }
    }

    @Test
    void parseReadsDeepgramBodiesWithExtraFields() {
        assertThat(ErrorBody.parse("{\"category\":\"INVALID_AUTH\",\"err_code\":\"INVALID_AUTH\","
                + "\"err_msg\":\"Invalid credentials.\",\"request_id\":\"r-1\",\"details\":{}}"))
                .contains(new ErrorBody("INVALID_AUTH", "Invalid credentials.", "r-1"));
    }

    @Test
    void missingFieldsBesideErrCodeBecomeEmpty() {
        assertThat(ErrorBody.parse("{\"err_code\":\"TOO_MANY_REQUESTS\"}"))
                .contains(new ErrorBody("TOO_MANY_REQUESTS", "", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html><body>502 Bad Gateway</body></html>", "", "[]", "{}", "{\"err_msg\":\"x\"}",
            "{\"err_code\":", "null", "\"INVALID_AUTH\""})
    void nonBodiesParseToEmpty(String text) {
        assertThat(ErrorBody.parse(text)).isEmpty();
    }
}
