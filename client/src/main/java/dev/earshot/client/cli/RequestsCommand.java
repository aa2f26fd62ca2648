package dev.earshot.client.cli;

import dev.earshot.protocol.manage.ManageJson;
import dev.earshot.protocol.manage.ProjectList;
import dev.earshot.protocol.manage.ProjectRequest;
import dev.earshot.protocol.manage.RequestPage;
import dev.earshot.protocol.manage.SingleRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code earshot requests [ID]}: the server's request log, through Deepgram's management API. Without an id,
 * the newest requests; with one, that request's timeline: what came in, what was decided, what went out, why
 * it closed.
 */
@Command(name = "requests", mixinStandardHelpOptions = true,
        description = "List the server's recent requests, or show one request's timeline by its dg-request-id.")
final class RequestsCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Parameters(paramLabel = "ID", arity = "0..1", description = "A dg-request-id: show that request.")
    String requestId;
    @Option(names = "--url", defaultValue = "${env:EARSHOT_URL:-http://127.0.0.1:8080}", description = "Server base URL (default ${DEFAULT-VALUE}).")
    URI url;
    @Option(names = "--key", description = "API key (default: EARSHOT_API_KEY, else the key 'earshot serve' stored).")
    String key;
    @Option(names = "--status", description = "Only these: succeeded, failed, an HTTP status (429), a class (4xx) or a close code (1011).")
    String status;
    @Option(names = "--limit", defaultValue = "20", description = "How many to list, newest first (default ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = "--json", description = "Print the server's JSON as it came.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** A refusal from the server, with what it said. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String project = ManageJson.read(get("/v1/projects"), ProjectList.class).projects().get(0).projectId();
            String base = "/v1/projects/" + project + "/requests";
            if (requestId != null) {
                String body = get(base + "/" + encode(requestId));
                out.print(json ? body + "\n" : RequestTimeline.of(ManageJson.read(body, SingleRequest.class).request()));
            } else {
                String body = get(base + "?limit=" + limit + (status == null ? "" : "&status=" + encode(status)));
                out.print(json ? body + "\n" : list(ManageJson.read(body, RequestPage.class)));
            }
            out.flush();
            return ExitCode.OK.code();
        } catch (Refused refused) {
            err.println("earshot: " + refused.getMessage());
            return ExitCode.REFUSED.code();
        } catch (IOException unreachable) {
            err.println("earshot: cannot reach " + url + ": " + unreachable);
            err.println("hint: is the server running, and is the URL right? ('earshot serve' listens on "
                    + "http://127.0.0.1:8080)");
            return ExitCode.NETWORK.code();
        }
    }

    private String get(String path) throws IOException, InterruptedException, Refused {
        HttpRequest request = HttpRequest.newBuilder(url.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Token " + ApiKeys.resolve(key).orElse("")).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new Refused(response.statusCode() + " " + response.headers().firstValue("dg-error")
                    .orElse(response.body()) + response.headers().firstValue("dg-request-id")
                    .map(id -> " (request id " + id + ")").orElse(""));
        }
        return response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String list(RequestPage page) {
        StringBuilder text = new StringBuilder();
        for (ProjectRequest request : page.requests()) {
            text.append(RequestTimeline.summary(request)).append('\n');
        }
        if (page.requests().isEmpty()) {
            text.append("no requests\n");
        }
        return text.toString();
    }
}
