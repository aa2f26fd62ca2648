package dev.earshot.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.earshot.protocol.PrerecordedResponse.ChannelResult;
import dev.earshot.protocol.PrerecordedResponse.Paragraph;
import dev.earshot.protocol.PrerecordedResponse.Paragraphs;
import dev.earshot.protocol.PrerecordedResponse.Sentence;
import dev.earshot.protocol.PrerecordedResponse.Utterance;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** JSON for {@link PrerecordedResponse} with Deepgram's field names and order (live-api.md §7). */
public final class PrerecordedResponses {
    private static final JsonFactory JSON = new JsonFactory();

    private PrerecordedResponses() {
    }

    public static String toJson(PrerecordedResponse response) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeFieldName("metadata");
            ServerMessages.writeMetadataFields(json, response.metadata(), false);
            json.writeObjectFieldStart("results");
            json.writeArrayFieldStart("channels");
            for (ChannelResult channel : response.channels()) {
                json.writeStartObject();
                ServerMessages.writeSearch(json, channel.search());
                json.writeArrayFieldStart("alternatives");
                ServerMessages.writeAlternative(json, channel.alternative(),
                        channel.paragraphs().isPresent() ? gen -> writeParagraphs(gen, channel.paragraphs().get()) : null);
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            if (response.utterances().isPresent()) {
                json.writeArrayFieldStart("utterances");
                for (Utterance utterance : response.utterances().get()) {
                    writeUtterance(json, utterance);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeUtterance(JsonGenerator json, Utterance utterance) throws IOException {
        json.writeStartObject();
        json.writeNumberField("start", utterance.start());
        json.writeNumberField("end", utterance.end());
        json.writeNumberField("confidence", utterance.confidence());
        json.writeNumberField("channel", utterance.channel());
        json.writeStringField("transcript", utterance.transcript());
        json.writeArrayFieldStart("words");
        for (ServerMessage.Word word : utterance.words()) {
            ServerMessages.writeWord(json, word);
        }
        json.writeEndArray();
        json.writeStringField("id", utterance.id());
        json.writeEndObject();
    }

    private static void writeParagraphs(JsonGenerator json, Paragraphs paragraphs) throws IOException {
        json.writeObjectFieldStart("paragraphs");
        json.writeStringField("transcript", paragraphs.transcript());
        json.writeArrayFieldStart("paragraphs");
        for (Paragraph paragraph : paragraphs.paragraphs()) {
            json.writeStartObject();
            json.writeArrayFieldStart("sentences");
            for (Sentence sentence : paragraph.sentences()) {
                json.writeStartObject();
                json.writeStringField("text", sentence.text());
                json.writeNumberField("start", sentence.start());
                json.writeNumberField("end", sentence.end());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("num_words", paragraph.numWords());
            json.writeNumberField("start", paragraph.start());
            json.writeNumberField("end", paragraph.end());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
