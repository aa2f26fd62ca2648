package dev.earshot.protocol.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The management shapes carry the field names of {@code @deepgram/sdk} 5.13's manage v1 types, in snake case. */
@Timeout(10)
class ManageJsonTest {
    private static final String PROJECT = "6a1d3d4a-a5e4-3e2d-8a62-6d2b3a0c9a11";

    @Test
    void projectsAreWrittenAsTheSdkReadsThem() throws Exception {
        ProjectList list = new ProjectList(List.of(new Project(PROJECT, "earshot")));
        assertThat(ManageJson.write(list)).isEqualTo("{\"projects\":[{\"project_id\":\"" + PROJECT + "\",\"name\":\"earshot\"}]}");
        assertThat(ManageJson.read(ManageJson.write(list), ProjectList.class)).isEqualTo(list);
    }

    @Test
    void aRequestKeepsDeepgramsFieldsAndLeavesOutWhatIsUnknown() throws Exception {
        RequestDetails details = new RequestDetails("sync", 2.5, 2.5, null, "FILE", 0.75, "127.0.0.1", null, 80_000,
                "wav", 1, 1, 200, null, null, List.of(), List.of(new RequestDetails.Step(0.0, "answered")), null);
        ProjectRequest request = new ProjectRequest("r1", PROJECT, "2025-03-01T12:00:00.000Z", "/v1/listen", null,
                new ProjectRequest.Response(details, 200, "2025-03-01T12:00:00.750Z"), 200, ProjectRequest.DEPLOYMENT, null);
        String json = ManageJson.write(new SingleRequest(request));
        assertThat(json).isEqualTo("{\"request\":{\"request_id\":\"r1\",\"project_uuid\":\"" + PROJECT + "\","
                + "\"created\":\"2025-03-01T12:00:00.000Z\",\"path\":\"/v1/listen\",\"api_key_id\":null,"
                + "\"response\":{\"details\":{\"method\":\"sync\",\"duration\":2.5,\"total_audio\":2.5,\"kind\":\"FILE\","
                + "\"elapsed_seconds\":0.75,\"client_address\":\"127.0.0.1\",\"audio_bytes\":80000,\"encoding\":\"wav\","
                + "\"results\":1,\"finals\":1,\"http_status\":200,\"warnings\":[],"
                + "\"timeline\":[{\"at\":0.0,\"event\":\"answered\"}]},\"code\":200,\"completed\":\"2025-03-01T12:00:00.750Z\"},"
                + "\"code\":200,\"deployment\":\"self-hosted\",\"callback\":null}}");
        assertThat(ManageJson.read(json, SingleRequest.class)).isEqualTo(new SingleRequest(request));
    }

    @Test
    void usageHasTheResolutionAndPerDayFigures() throws Exception {
        UsageSummary usage = new UsageSummary("2025-03-01", "2025-03-02", UsageSummary.Resolution.DAY,
                List.of(new UsageSummary.Period("2025-03-01", "2025-03-01", 0.5, 0.5, 3)));
        assertThat(ManageJson.write(usage)).isEqualTo("{\"start\":\"2025-03-01\",\"end\":\"2025-03-02\","
                + "\"resolution\":{\"units\":\"day\",\"amount\":1},\"results\":[{\"start\":\"2025-03-01\","
                + "\"end\":\"2025-03-01\",\"hours\":0.5,\"total_hours\":0.5,\"requests\":3}]}");
        assertThat(ManageJson.write(new RequestPage(0, 10, List.of()))).isEqualTo("{\"page\":0,\"limit\":10,\"requests\":[]}");
    }
}
