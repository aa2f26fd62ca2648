package dev.earshot.server;

import dev.earshot.protocol.EarshotVersion;
import dev.earshot.protocol.LocalApiKey;
import dev.earshot.server.audio.ffmpeg.Ffmpeg;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.ops.logs.LogFormat;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import sun.misc.Signal;

/**
 * {@code earshot serve}: loads the model, starts the server and serves until SIGTERM, then drains. Its options
 * are made from the {@link Setting} declarations: each is a flag and an environment variable, the flag winning
 * (live-api.md §8).
 */
final class ServeCommand implements Callable<Integer> {
    static final String DESCRIPTION = "Serve Deepgram's live API on /v1/listen with the Vosk engine.";

    private final PrintStream out;
    private final CommandSpec spec;

    ServeCommand(PrintStream out) {
        this.out = out;
        this.spec = CommandSpec.wrapWithoutInspection(this).name("serve").mixinStandardHelpOptions(true)
                .version(EarshotVersion.line());
        spec.usageMessage().description(DESCRIPTION).abbreviateSynopsis(true);
        for (Setting setting : Setting.values()) {
            spec.addOption(option(setting));
        }
    }

    /** The command line of this command, for {@code addSubcommand}. */
    CommandSpec spec() {
        return spec;
    }

    private static OptionSpec option(Setting setting) {
        String fromEnvironment = "${env:" + setting.environmentVariable()
                + (setting.defaultValue() == null ? "" : ":-" + setting.defaultValue()) + "}";
        String help = setting.summary() + (setting.defaultValue() == null ? " " + setting.why()
                : " Default " + setting.defaultValue() + ".") + " [" + setting.environmentVariable() + "]";
        OptionSpec.Builder option = OptionSpec.builder(setting.flag()).type(String.class)
                .paramLabel(setting.unit().label()).defaultValue(fromEnvironment).description(help);
        if (setting.unit() == Setting.Unit.SWITCH) {
            option.arity("0..1").fallbackValue("true");
        }
        return option.build();
    }

    /** The value given by flag, environment or default; null when none. */
    private String value(Setting setting) {
        return spec.findOption(setting.flag()).getValue();
    }

    @Override
    public Integer call() throws Exception {
        String model = value(Setting.MODEL);
        String keysFile = value(Setting.API_KEYS_FILE);
        Path modelDir = model != null ? SettingValues.path(model) : EmbeddedModel.locate();
        List<String> keys = ApiKeyStore.resolve(value(Setting.API_KEYS),
                keysFile == null ? null : SettingValues.path(keysFile), LocalApiKey.file(), out);
        SettingsBuilder builder = new SettingsBuilder(keys, modelDir);
        for (Setting setting : Setting.values()) {
            String value = value(setting);
            if (setting.inSettings() && value != null) {
                setting.applyTo(builder, value);
            }
        }
        Settings settings = builder.build();
        LogFormat.configure(settings.logFormat());
        out.println("loading the model from " + settings.modelDir() + "...");
        Ffmpeg ffmpeg = Ffmpeg.load();
        try (VoskEngine engine = VoskEngine.load(settings.modelDir(), settings.modelLanguage(),
                settings.warmRecognizers())) {
            EarshotServer server = EarshotServer.start(settings, engine, ffmpeg);
            // SIGTERM and Ctrl-C drain, then serve() returns and the process exits 0: a JVM left to its default
            // handling would exit 143 after its hooks, and a supervisor would count a clean stop as a failure.
            for (String name : List.of("TERM", "INT")) {
                Signal.handle(new Signal(name), signal -> new Thread(server::shutdown, "earshot-drain").start());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "earshot-shutdown"));
            EngineWarmUp.Progress warming = server.warmUp(settings.warmUp());
            out.println("earshot listening on " + server.baseUri() + " (model " + engine.model().name() + ")");
            out.flush();
            reportWarmUp(warming, settings.warmUp(), server.baseUri() + "/");
            server.join();
            return 0;
        }
    }

    /**
     * Says how the warm-up goes every 10 s, then that the server is ready and where a person can look at it:
     * until then readiness answers 503, and work sent anyway shares the cores with the warm-up.
     */
    private void reportWarmUp(EngineWarmUp.Progress warming, int recognizers, String browserUrl) {
        String open = "; open " + browserUrl + " in a browser";
        if (recognizers == 0) {
            out.println("ready: no warm-up asked for (--warm-up 0)" + open);
            return;
        }
        out.println("warming up " + recognizers + " recognisers, progress every 10 s (streams are served meanwhile, "
                + "more slowly; /v1/status/ready answers 503 until they are warm)");
        long started = System.nanoTime();
        Thread reporter = new Thread(() -> {
            try {
                while (!warming.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    out.printf(java.util.Locale.ROOT, "warming up: %.0f%%%n", 100 * warming.fraction());
                }
                out.printf(java.util.Locale.ROOT, "ready: %d recognisers warm after %d s%s%n", recognizers,
                        (System.nanoTime() - started) / 1_000_000_000L, open);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "earshot-warm-up-report");
        reporter.setDaemon(true);
        reporter.start();
    }

    /** The model the build unpacked next to the server's jar (or where the tests say it is). */
    static final class EmbeddedModel {
        private EmbeddedModel() {
        }

        static Path locate() throws Exception {
            String override = System.getProperty("earshot.model.dir");
            Path dir;
            if (override != null) {
                dir = Path.of(override);
            } else {
                Path code = Path.of(ServeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                dir = code.getParent().resolve("model").resolve("en-us");
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("The embedded model is missing at " + dir
                        + ": build the server with 'mvn -B package', or pass --model DIR");
            }
            return dir;
        }
    }
}
