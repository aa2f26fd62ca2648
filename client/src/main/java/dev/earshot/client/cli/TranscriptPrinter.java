package dev.earshot.client.cli;

import dev.earshot.client.LiveListener;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessages;
import java.io.PrintWriter;

/**
 * How a stream's messages reach the user. On a terminal, interim text is rewritten in place and each final
 * stays on its own line; into a file or a pipe, only final transcripts, one per line, so that
 * {@code > out.txt} is the transcript; with {@code --json}, every message as the server sent it. The request
 * id goes to stderr first, as soon as a message carries it.
 */
final class TranscriptPrinter implements LiveListener {
    enum Mode { TERMINAL, FINALS, JSON }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Mode mode;
    /** The WebSocket thread writes, the command reads after the close. */
    private volatile String requestId;
    private volatile MetadataMessage metadata;
    private int interimWidth;

    TranscriptPrinter(PrintWriter out, PrintWriter err, Mode mode) {
        this.out = out;
        this.err = err;
        this.mode = mode;
    }

    @Override
    public void onMessage(ServerMessage message) {
        if (message instanceof ResultsMessage results) {
            noteRequestId(results.metadata().requestId());
        } else if (message instanceof MetadataMessage summary) {
            noteRequestId(summary.requestId());
            metadata = summary;
        }
        if (mode == Mode.JSON) {
            out.println(ServerMessages.toJson(message));
            out.flush();
        }
    }

    @Override
    public void onResults(ResultsMessage results) {
        String text = results.alternative().transcript();
        if (mode == Mode.FINALS && results.isFinal() && !text.isEmpty()) {
            out.println(text);
            out.flush();
        } else if (mode == Mode.TERMINAL) {
            String line = (results.channelCount() > 1 ? "[" + results.channelIndex() + "] " : "") + text;
            StringBuilder shown = new StringBuilder("\r").append(line);
            for (int i = line.length(); i < interimWidth; i++) {
                shown.append(' ');
            }
            if (results.isFinal()) {
                interimWidth = 0;
                if (!text.isEmpty()) {
                    out.println(shown);
                } else {
                    out.print(shown.append('\r'));
                }
            } else {
                interimWidth = line.length();
                out.print(shown);
            }
            out.flush();
        }
    }

    private void noteRequestId(String id) {
        if (requestId == null && id != null && !id.isEmpty()) {
            requestId = id;
            err.println("request id: " + id);
            err.flush();
        }
    }

    String requestId() {
        return requestId;
    }

    MetadataMessage metadata() {
        return metadata;
    }
}
