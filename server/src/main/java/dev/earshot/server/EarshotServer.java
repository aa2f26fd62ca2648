package dev.earshot.server;

import dev.earshot.protocol.EarshotVersion;
import dev.earshot.server.audio.codec.AudioDecoders;
import dev.earshot.server.audio.ffmpeg.Ffmpeg;
import dev.earshot.server.audio.ffmpeg.FfmpegDecoders;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.ops.ServerReadings;
import dev.earshot.server.ops.ServerReadings.LaneWaits;
import dev.earshot.server.ops.ServerReadings.RequestLogCounts;
import dev.earshot.server.ops.console.ConsolePage;
import dev.earshot.server.ops.requests.ManagementApi;
import dev.earshot.server.ops.requests.RequestLog;
import dev.earshot.server.ops.requests.RequestLogs;
import dev.earshot.server.transport.ApiKeys;
import dev.earshot.server.ops.metrics.MetricsEndpoint;
import dev.earshot.server.ops.metrics.ServerMetrics;
import dev.earshot.server.ops.status.StatusEndpoint;
import dev.earshot.server.ops.web.CrossOrigin;
import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.transport.Admission;
import dev.earshot.server.session.timers.ScheduledTimers;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.transport.LingeringConnector;
import dev.earshot.server.transport.ListenEndpoint;
import dev.earshot.server.transport.guard.HeaderDeadline;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring only: builds the Jetty server, the decode lanes, the timer and the admission control around an
 * {@link Engine}, starts them, and takes them down in order. The engine belongs to the caller.
 */
public final class EarshotServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EarshotServer.class);
    /** Beyond our own timeouts, before Jetty drops a connection nothing has happened on. */
    private static final Duration JETTY_IDLE_MARGIN = Duration.ofMinutes(5);

    private final Settings settings;
    private final Server jetty;
    private final ServerConnector connector;
    private final Admission admission;
    private final DecodeLanes lanes;
    private final Engine engine;
    private final ScheduledTimers timers;
    private final ThreadPoolExecutor decoderThreads;
    private final ThreadPoolExecutor fileWorkers;
    private final HeaderDeadline headerDeadline;
    private final ListenEndpoint endpoint;
    private final long startedNanos = System.nanoTime();
    private final ServerMetrics metrics;
    private final Optional<RequestLog> requestLog;
    private boolean stopped;
    /** The warm-up under way or done; none asked for: done. */
    private volatile EngineWarmUp.Progress warmUp = new EngineWarmUp.Progress(0, 0);

    private EarshotServer(Settings settings, Engine engine, Ffmpeg ffmpeg, RequestEvents events)
            throws RequestLog.Unusable {
        this.settings = settings;
        this.requestLog = RequestLogs.open(settings.database(), settings.dataDir(), settings.requestLogMaxAge(),
                settings.requestLogMaxRows(), settings.keepTranscripts());
        requestLog.ifPresent(log -> LOG.info("request log: {}", log.database()));
        this.admission = new Admission(settings.maxStreams());
        this.lanes = new DecodeLanes(settings.decodeThreads(), System::nanoTime);
        this.engine = engine;
        this.timers = new ScheduledTimers();
        // Twice the places: a stream or file gives its place back before its thread has finished unwinding, and
        // the one let in on it must not find the pool full.
        this.decoderThreads = boundedPool("earshot-demux-", 2 * (settings.maxStreams() + settings.maxFileRequests()));
        this.fileWorkers = boundedPool("earshot-file-", 2 * settings.maxFileRequests());
        AudioDecoders decoders = new AudioDecoders(new FfmpegDecoders(ffmpeg, decoderThreads,
                settings.decoderStallTimeout(), settings.decodeLimits()), decoderThreads, settings.decoderStallTimeout(),
                settings.decodeLimits());
        this.metrics = new ServerMetrics(new Readings());
        RequestEvents heard = RequestEvents.both(metrics.events(), events);
        SessionServices services = new SessionServices(engine, decoders, timers,
                requestLog.<RequestEvents>map(log -> RequestEvents.both(heard, log)).orElse(heard));
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("earshot-io");
        this.jetty = new Server(threads);
        this.connector = new LingeringConnector(jetty, settings.closeLinger());
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        jetty.addConnector(connector);
        this.headerDeadline = new HeaderDeadline(connector, timers, settings.headerTimeout());
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(jetty, this::configure);
        this.endpoint = new ListenEndpoint(settings, services, lanes, admission,
                webSockets.getServerWebSocketContainer(), fileWorkers);
        Handler.Sequence routes = new Handler.Sequence(new StatusEndpoint(new Readings()),
                new MetricsEndpoint(metrics), new ConsolePage());
        ApiKeys keys = new ApiKeys(settings.apiKeys());
        requestLog.ifPresent(log -> routes.addHandler(new ManagementApi(log, keys::accepts)));
        routes.addHandler(endpoint);
        CrossOriginHandler cors = CrossOrigin.handler(settings.corsOrigins());
        cors.setHandler(routes);
        webSockets.setHandler(cors);
        jetty.setHandler(webSockets);
        jetty.setErrorHandler(new ListenEndpoint.ErrorPages());
        jetty.setStopTimeout(Drain.FINISH_GRACE.toMillis());
    }

    /** Jetty's own limits, set on purpose and above ours, so that ours (with their close codes) apply first. */
    private void configure(ServerWebSocketContainer container) {
        container.setMaxBinaryMessageSize(settings.maxFrameBytes() + 1);
        container.setMaxTextMessageSize(settings.maxTextBytes() + 1L);
        container.setMaxOutgoingFrames(settings.maxQueuedFrames());
        // Jetty's idle timeout is only a backstop for connections our watchdog has lost: it closes quiet
        // streams with NET-0001 first, and a socket paused by backpressure is legitimately silent for as long
        // as its buffer takes to decode, while Results keep flowing out.
        container.setIdleTimeout(settings.idleTimeout().plus(settings.firstAudioTimeout())
                .plus(settings.engineTimeout()).plus(JETTY_IDLE_MARGIN));
    }

    /**
     * Threads made on demand up to a bound, named {@code prefix-N}: pull-style decoders (FFmpeg's demuxers,
     * jflac) block on their input, so each such stream or file holds one {@code earshot-demux} thread for its
     * life; each pre-recorded file holds one {@code earshot-file} thread while its pieces are transcribed.
     */
    private static ThreadPoolExecutor boundedPool(String prefix, int max) {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a server around a loaded engine and FFmpeg; both belong to the caller. */
    public static EarshotServer start(Settings settings, Engine engine, Ffmpeg ffmpeg) throws Exception {
        return start(settings, engine, ffmpeg, RequestEvents.NONE);
    }

    /** As {@link #start(Settings, Engine, Ffmpeg)}, telling {@code events} how each request ends. */
    public static EarshotServer start(Settings settings, Engine engine, Ffmpeg ffmpeg, RequestEvents events)
            throws Exception {
        EarshotServer server = new EarshotServer(settings, engine, ffmpeg, events);
        server.jetty.start();
        server.headerDeadline.start();
        return server;
    }

    /**
     * Warms {@code recognizers} recognisers up in the background (see {@link EngineWarmUp}).
     *
     * @return counts down as each is done
     */
    public EngineWarmUp.Progress warmUp(int recognizers) {
        warmUp = EngineWarmUp.start(engine, lanes, recognizers);
        return warmUp;
    }

    /** {@code http://host:port}: the base URL clients are pointed at (ws:// for the WebSocket). */
    public URI baseUri() {
        return URI.create("http://" + settings.host() + ":" + connector.getLocalPort());
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    public Admission admission() {
        return admission;
    }

    /** Pre-recorded files being transcribed now. */
    public int filesInProgress() {
        return endpoint.filesInProgress();
    }

    /**
     * Graceful shutdown (SIGTERM): new upgrades get 503 at once; running streams get the drain period to
     * finish, then each flushes its finals and ends with Metadata and 1001; then everything stops.
     */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        new Drain(admission, endpoint::filesInProgress, settings.drainPeriod()).run();
        headerDeadline.stop();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("jetty did not stop cleanly", e);
        }
        requestLog.ifPresent(RequestLog::close); // after Jetty: the last streams' records are queued by now
        lanes.close();
        timers.close();
        decoderThreads.shutdownNow();
        fileWorkers.shutdownNow();
    }

    /** What status and metrics read: counters and fields only. */
    private final class Readings implements ServerReadings {
        @Override
        public int activeStreams() {
            return admission.runningCount();
        }

        @Override
        public int activeFluxStreams() {
            return admission.runningCount(ListenEndpoint.FLUX_PATH);
        }

        @Override
        public int maxStreams() {
            return settings.maxStreams();
        }

        @Override
        public int activeFiles() {
            return endpoint.filesInProgress();
        }

        @Override
        public int maxFiles() {
            return settings.maxFileRequests();
        }

        @Override
        public int warmRecognizers() {
            return engine.warmRecognizers();
        }

        @Override
        public double warmUpProgress() {
            return warmUp.fraction();
        }

        @Override
        public int warmUpPlanned() {
            return warmUp.recognizers();
        }

        @Override
        public int warmUpDone() {
            return (int) (warmUp.recognizers() - warmUp.getCount());
        }

        @Override
        public LaneWaits streamLaneWaits() {
            DecodeLanes.Waits waits = lanes.liveWaits();
            return new LaneWaits(waits.steps(), waits.waitedNanos());
        }

        @Override
        public LaneWaits batchLaneWaits() {
            DecodeLanes.Waits waits = lanes.batchWaits();
            return new LaneWaits(waits.steps(), waits.waitedNanos());
        }

        @Override
        public boolean draining() {
            return admission.isDraining();
        }

        @Override
        public RequestLogCounts requestLog() {
            return requestLog.map(log -> new RequestLogCounts(log.written(), log.dropped(), log.failed()))
                    .orElse(RequestLogCounts.NONE);
        }

        @Override
        public Duration uptime() {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }

        @Override
        public String version() {
            return EarshotVersion.current();
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
