package dev.earshot.server.transcript;

import java.util.List;

/**
 * {@code dictation=true} (with {@code punctuate} or {@code smart_format}, as Deepgram requires): spoken
 * punctuation commands become the marks they name, written on the word before them ("headache comma
 * nausea" becomes "headache, nausea"); the command's own words leave the transcript.
 */
final class Dictation {
    /** A command: its words and the mark it writes. */
    record Command(Phrase words, String mark) {
        /** Whether the mark ends a sentence, so that the next word takes a capital. */
        boolean endsSentence() {
            return !mark.equals(",") && !mark.equals(":") && !mark.equals(";");
        }
    }

    /** Two-word commands first, so that "question mark" is not read as the word "question". */
    private static final List<Command> COMMANDS = List.of(
            command("question mark", "?"), command("exclamation mark", "!"), command("exclamation point", "!"),
            command("full stop", "."), command("new paragraph", "\n\n"), command("new line", "\n"),
            command("period", "."), command("comma", ","), command("colon", ":"), command("semicolon", ";"));

    private Dictation() {
    }

    private static Command command(String words, String mark) {
        return new Command(Phrase.of(words), mark);
    }

    /** The command whose words start at {@code at} of the lower-case {@code tokens}, or null. */
    static Command at(List<String> tokens, int at) {
        for (Command command : COMMANDS) {
            if (command.words().lengthAt(tokens, at) > 0) {
                return command;
            }
        }
        return null;
    }
}
