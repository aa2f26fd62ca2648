package dev.earshot.server.ops.requests;

import static dev.earshot.server.ops.requests.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deepgram's management API over real HTTP, checked against the field names of {@code @deepgram/sdk} 5.13's
 * types ({@code ListProjectsV1Response}, {@code GetProjectV1Response}, {@code ListProjectRequestsV1Response},
 * {@code GetProjectRequestV1Response}, {@code ProjectRequestResponse}, {@code UsageV1Response}).
 */
@Timeout(30)
class ManagementApiTest {
    private static final String KEY = "management-key-0123";
    private static final String PROJECT = ManagementApi.PROJECT_ID;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** "Today" for the API: the usage's default end. */
    private static final Instant NOW = Instant.parse("2025-03-03T08:00:00Z");

    @TempDir
    Path dataDir;
    private RequestQueries queries;
    private Server jetty;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Database database = Database.at(null, dataDir);
        database.migrate();
        try (RequestStore store = new RequestStore(database, true)) {
            store.write(List.of(Records.stream("s-ok", T0, 1000), Records.stream("s-net", T0.plusSeconds(1), 1011),
                    Records.refused("f-ok", T0.plusSeconds(2), 200), Records.refused("auth", T0.plusSeconds(3), 401),
                    Records.stream("next-day", T0.plus(Duration.ofDays(1)), 1000)));
        }
        queries = new RequestQueries(database);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new ManagementApi(queries, KEY::equals, Clock.fixed(NOW, ZoneOffset.UTC)));
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        queries.close();
    }

    @Test
    void listsAndGetsTheOneProject() throws Exception {
        HttpResponse<String> list = get("/v1/projects", "Token " + KEY);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(list.headers().firstValue("dg-request-id")).isPresent();
        assertThat(list.body()).isEqualTo("{\"projects\":[{\"project_id\":\"" + PROJECT + "\",\"name\":\"earshot\"}]}");
        HttpResponse<String> one = get("/v1/projects/" + PROJECT + "?limit=1.1&page=1.1", "bearer " + KEY);
        assertThat(one.body()).isEqualTo("{\"project_id\":\"" + PROJECT + "\",\"name\":\"earshot\"}");
    }

    @Test
    void listsRequestsInDeepgramsShapeNewestFirst() throws Exception {
        JsonNode page = json(get("/v1/projects/" + PROJECT + "/requests?limit=2", "Token " + KEY), 200);
        assertThat(names(page)).containsExactly("page", "limit", "requests");
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        JsonNode newest = page.get("requests").get(0);
        assertThat(names(newest)).containsExactly("request_id", "project_uuid", "created", "path", "api_key_id",
                "response", "code", "deployment", "callback");
        assertThat(newest.get("request_id").asText()).isEqualTo("next-day");
        assertThat(page.get("requests").get(1).get("request_id").asText()).isEqualTo("auth");
        assertThat(newest.get("project_uuid").asText()).isEqualTo(PROJECT);
        assertThat(newest.get("created").asText()).isEqualTo("2025-03-02T12:00:00.123Z");
        assertThat(newest.get("path").asText()).isEqualTo("/v1/listen?model=nova-3&encoding=linear16");
        assertThat(newest.get("api_key_id").asText()).isEqualTo("0123456789ab");
        assertThat(newest.get("code").asInt()).isEqualTo(101);
        assertThat(newest.get("deployment").asText()).isEqualTo("self-hosted");
        assertThat(newest.get("callback").isNull()).isTrue();
        JsonNode response = newest.get("response");
        assertThat(names(response)).containsExactly("details", "code", "completed");
        assertThat(response.get("completed").asText()).isEqualTo("2025-03-02T12:00:05.623Z");
    }

    @Test
    void aRequestsDetailsTellEarshotsAccount() throws Exception {
        JsonNode request = json(get("/v1/projects/" + PROJECT + "/requests/s-net", "Token " + KEY), 200);
        assertThat(names(request)).containsExactly("request");
        JsonNode details = request.get("request").get("response").get("details");
        assertThat(names(details)).containsExactly("method", "duration", "total_audio", "streams", "kind",
                "elapsed_seconds", "client_address", "user_agent", "audio_bytes", "encoding", "results", "finals",
                "http_status", "close_code", "close_reason", "warnings", "timeline", "transcript");
        assertThat(details.get("method").asText()).isEqualTo("streaming");
        assertThat(details.get("duration").asDouble()).isEqualTo(4.25);
        assertThat(details.get("elapsed_seconds").asDouble()).isEqualTo(5.5);
        assertThat(details.get("close_code").asInt()).isEqualTo(1011);
        assertThat(details.get("close_reason").asText()).isEqualTo("NET-0001: no audio");
        assertThat(details.get("warnings").get(0).asText()).isEqualTo("Unknown parameter 'foo'");
        assertThat(details.get("timeline").get(1).toString()).isEqualTo("{\"at\":1.5,\"event\":\"audio started\"}");
        JsonNode file = json(get("/v1/projects/" + PROJECT + "/requests/f-ok", "Token " + KEY), 200)
                .get("request").get("response").get("details");
        assertThat(file.get("method").asText()).isEqualTo("sync");
        assertThat(file.has("streams")).isFalse();
        assertThat(file.has("close_code")).isFalse();
    }

    @Test
    void filtersAndPagesAsDeepgramDoes() throws Exception {
        assertThat(ids("?status=failed")).containsExactly("auth", "s-net");
        assertThat(ids("?status=succeeded&limit=2&page=1")).containsExactly("s-ok");
        assertThat(ids("?status=1011")).containsExactly("s-net");
        assertThat(ids("?start=2025-03-01&end=2025-03-01")).containsExactly("auth", "f-ok", "s-net", "s-ok");
        assertThat(ids("?start=2025-03-01T12:00:01&end=2025-03-01T13:00:03%2B01:00")).containsExactly("f-ok", "s-net");
        assertThat(ids("?method=streaming")).containsExactly("next-day", "s-net", "s-ok");
        assertThat(ids("?endpoint=speak")).isEmpty();
        assertThat(ids("?request_id=f-ok&deployment=self-hosted")).containsExactly("f-ok");
    }

    @ParameterizedTest
    @CsvSource({"limit=0,limit", "limit=1001,limit", "limit=ten,limit", "page=-1,page", "page=1.5,page",
            "start=yesterday,start", "end=2025-13-01,end", "start=2025-03-02&end=2025-03-01,end", "status=maybe,status"})
    void aBadParameterIsA400NamingIt(String query, String parameter) throws Exception {
        HttpResponse<String> response = get("/v1/projects/" + PROJECT + "/requests?" + query, "Token " + KEY);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("dg-error")).hasValueSatisfying(
                error -> assertThat(error).contains("for parameter '" + parameter + "'"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("err_code").asText()).isEqualTo("INVALID_QUERY_PARAMETER");
        assertThat(body.get("err_msg").asText()).isEqualTo(response.headers().firstValue("dg-error").orElseThrow());
        assertThat(body.get("request_id").asText()).isEqualTo(response.headers().firstValue("dg-request-id").orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"/v1/projects/00000000-0000-0000-0000-000000000000,Project '00000000-0000-0000-0000-000000000000' not found",
            "/v1/projects/" + "PROJECT" + "/requests/nope,Request 'nope' not found",
            "/v1/projects/" + "PROJECT" + "/keys,Not found"})
    void anUnknownProjectRequestOrPathIsA404(String path, String message) throws Exception {
        HttpResponse<String> response = get(path.replace("PROJECT", PROJECT), "Token " + KEY);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("dg-error")).hasValueSatisfying(e -> assertThat(e).startsWith(message));
        assertThat(JSON.readTree(response.body()).get("err_code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void withoutAValidKeyNothingIsAnswered() throws Exception {
        for (String authorization : new String[] {null, "Token wrong", "Basic dXNlcjpwYXNz", "Token"}) {
            HttpResponse<String> response = get("/v1/projects/" + PROJECT + "/requests", authorization);
            assertThat(response.statusCode()).as(authorization).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).get("err_code").asText()).isEqualTo("INVALID_AUTH");
            assertThat(response.body()).doesNotContain("s-ok");
        }
    }

    @Test
    void onlyGetIsAllowedAndOtherPathsAreLeftAlone() throws Exception {
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(base.resolve("/v1/projects/" + PROJECT))
                .DELETE().header("Authorization", "Token " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("allow")).contains("GET");
        HttpResponse<String> other = get("/v1/projectsandmore", "Token " + KEY);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("dg-request-id")).isEmpty();
    }

    @Test
    void usageCountsRequestsAndHoursPerDay() throws Exception {
        JsonNode usage = json(get("/v1/projects/" + PROJECT + "/usage", "Token " + KEY), 200);
        assertThat(names(usage)).containsExactly("start", "end", "resolution", "results");
        assertThat(usage.get("start").asText()).isEqualTo("2025-03-01");
        assertThat(usage.get("end").asText()).isEqualTo("2025-03-03");
        assertThat(usage.get("resolution").toString()).isEqualTo("{\"units\":\"day\",\"amount\":1}");
        assertThat(usage.get("results").toString()).isEqualTo("[{\"start\":\"2025-03-01\",\"end\":\"2025-03-01\","
                + "\"hours\":0.004722,\"total_hours\":0.004722,\"requests\":4},{\"start\":\"2025-03-02\","
                + "\"end\":\"2025-03-02\",\"hours\":0.001181,\"total_hours\":0.001181,\"requests\":1}]");
        JsonNode secondDay = json(get("/v1/projects/" + PROJECT + "/usage?start=2025-03-02&end=2025-03-02",
                "Token " + KEY), 200);
        assertThat(secondDay.get("start").asText()).isEqualTo("2025-03-02");
        assertThat(secondDay.get("end").asText()).isEqualTo("2025-03-02");
        assertThat(secondDay.get("results")).hasSize(1);
        HttpResponse<String> tomorrow = get("/v1/projects/" + PROJECT + "/usage?start=2025-03-04", "Token " + KEY);
        assertThat(tomorrow.statusCode()).isEqualTo(400);
        assertThat(tomorrow.headers().firstValue("dg-error")).hasValueSatisfying(
                error -> assertThat(error).contains("for parameter 'start'"));
    }

    private List<String> ids(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        json(get("/v1/projects/" + PROJECT + "/requests" + query, "Token " + KEY), 200).get("requests")
                .forEach(request -> ids.add(request.get("request_id").asText()));
        return ids;
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
