package dev.earshot.client.cli;

import dev.earshot.client.doctor.Declared;
import dev.earshot.client.doctor.Doctor;
import dev.earshot.client.doctor.DoctorOptions;
import dev.earshot.client.doctor.Finding;
import dev.earshot.client.doctor.Report;
import dev.earshot.client.doctor.Verdict;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code earshot doctor [FILE]}: diagnoses why an application's streams fail, with the application's own
 * URL, key, file and declared format. Exit code 0 when nothing FAILs, 1 otherwise (for CI).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check a server, a key and an audio file with its declared format; print PASS/WARN/FAIL "
                + "lines with the evidence and the fix.")
final class DoctorCommand implements Callable<Integer> {
    private static final Set<String> CHECKS_TO_SKIP = Set.of("live", "idle", "trial");

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The audio file the application streams.")
    Path file;
    @Option(names = "--url", defaultValue = "${env:EARSHOT_URL:-http://127.0.0.1:8080}", description = "Server base URL (default ${DEFAULT-VALUE}).")
    URI url;
    @Option(names = "--key", description = "API key (default: EARSHOT_API_KEY, else the key 'earshot serve' stored).")
    String key;
    @Option(names = "--encoding", description = "The encoding the application declares (omit when it declares none).")
    String encoding;
    @Option(names = "--sample-rate", description = "The sample_rate the application declares.")
    Integer sampleRate;
    @Option(names = "--channels", description = "The channels the application declares.")
    Integer channels;
    @Option(names = "--pause", defaultValue = "5s", converter = DurationConverter.class,
            description = "The longest the application sends nothing, not even KeepAlive (default ${DEFAULT-VALUE}).")
    Duration pause;
    @Option(names = "--live-seconds", defaultValue = "10", description = "Seconds of the file the live check streams (default ${DEFAULT-VALUE}).")
    int liveSeconds;
    @Option(names = "--preview", description = "Where to write the first seconds as the server hears them (default: a file in the temporary directory).")
    Path preview;
    @Option(names = "--skip", split = ",", description = "Checks to leave out: live, idle, trial.")
    Set<String> skip = Set.of();
    @Option(names = "--json", description = "Print one JSON report instead of lines.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String apiKey = ApiKeys.resolve(key).orElse("");
        if (apiKey.isEmpty()) {
            err.println("earshot: no API key given (--key, EARSHOT_API_KEY, or the key 'earshot serve' stored): "
                    + "the credentials check will fail");
        }
        if (!CHECKS_TO_SKIP.containsAll(skip)) {
            err.println("earshot: --skip takes " + String.join(", ", CHECKS_TO_SKIP) + "; not " + skip);
            return ExitCode.USAGE.code();
        }
        if (file != null && InputFile.problem(file).isPresent()) {
            err.println(InputFile.problem(file).get());
            return ExitCode.USAGE.code();
        }
        Path previewFile = preview != null ? preview : Path.of(System.getProperty("java.io.tmpdir"),
                "earshot-doctor-" + (file == null ? "preview" : file.getFileName().toString().replaceFirst("\\.[^.]*$", ""))
                        + ".wav");
        DoctorOptions options = new DoctorOptions(url, apiKey, file, new Declared(encoding, sampleRate, channels),
                pause, Duration.ofSeconds(liveSeconds), previewFile, skip);
        if (!json) {
            out.println("earshot doctor: " + url + (file == null ? "" : ", " + file + " (" + options.declared() + ")"));
        }
        List<Finding> findings = new Doctor(options).run(finding -> {
            if (!json) {
                Report.print(finding, out);
            }
        });
        if (json) {
            out.println(Report.json(options, findings));
        } else {
            out.println(Report.summary(findings));
        }
        out.flush();
        return Report.overall(findings) == Verdict.FAIL ? ExitCode.CHECKS_FAILED.code() : ExitCode.OK.code();
    }
}
