package dev.earshot.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ModelInfo;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.server.Settings;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.transcript.RecognizedWord;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The finalization rules of one channel, driven by an engine whose pauses the test decides. */
@Timeout(10)
class ChannelTranscriberTest {
    private static final int RATE = 16_000;
    private final List<ServerMessage> out = new ArrayList<>();

    /** An engine that reports its own pause after the given accept() calls, and names each segment it ends. */
    private static EngineStream pausingAt(List<Integer> pauses, List<String> segments) {
        return new EngineStream() {
            private int calls;
            private long fed;

            @Override
            public boolean accept(short[] samples, int count) {
                fed += count;
                return pauses.contains(++calls);
            }

            @Override
            public List<RecognizedWord> partial() {
                return List.of();
            }

            @Override
            public List<RecognizedWord> endSegment() {
                if (segments.isEmpty()) {
                    return List.of();
                }
                double now = (double) fed / RATE;
                return List.of(new RecognizedWord(segments.remove(0), now - 0.3, now - 0.1, 0.9));
            }

            @Override
            public void close() {
            }
        };
    }

    private ChannelTranscriber channel(EngineStream engine, String query) throws Exception {
        TranscriptAssembler assembler = new TranscriptAssembler(0, 1,
                new ResultsMetadata("id", new ModelInfo("n", "v", "a"), "u", Map.of()), Formatting.NONE);
        return new ChannelTranscriber(0, 1, engine, assembler, out::add, ListenOptionsParser.parse(query),
                Settings.defaults(List.of("k"), Path.of("m")), RATE);
    }

    private List<ResultsMessage> finals() {
        return out.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal()).map(ResultsMessage.class::cast)
                .toList();
    }

    @Test
    void aSecondEngineSegmentBeforeEndpointingDecidesKeepsTheFirst() throws Exception {
        // Quiet audio: the voice tracker hears no speech, the engine ends two segments anyway.
        ChannelTranscriber channel = channel(pausingAt(List.of(10, 20), new ArrayList<>(List.of("alpha", "beta"))),
                "encoding=linear16&sample_rate=16000&endpointing=500");
        for (int i = 0; i < 30; i++) {
            channel.accept(new float[1600], 1600);
        }
        channel.flush(false);
        assertThat(finals().stream().map(r -> r.alternative().transcript()).filter(t -> !t.isEmpty())
                .collect(Collectors.joining(" "))).isEqualTo("alpha beta");
    }

    @Test
    void aFinalizeFlushesAHeldFinalAsFromFinalize() throws Exception {
        ChannelTranscriber channel = channel(pausingAt(List.of(10), new ArrayList<>(List.of("alpha"))),
                "encoding=linear16&sample_rate=16000&endpointing=2000");
        for (int i = 0; i < 12; i++) {
            channel.accept(new float[1600], 1600);
        }
        channel.flush(true);
        assertThat(finals()).filteredOn(r -> r.alternative().transcript().equals("alpha"))
                .singleElement().matches(ResultsMessage::fromFinalize);
    }
}
