package dev.earshot.server.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code redact} on the transcript (live-api.md §2): runs of spoken numbers become one word of asterisks,
 * one per digit, spanning the run. Deepgram's live redaction writes asterisks too; it documents which
 * numbers each option takes, not how it finds them, so this follows the documented intent and errs
 * towards hiding:
 * <ul>
 *   <li>{@code numbers} ({@code true}, {@code aggressive_numbers}): any run of three digits or more.</li>
 *   <li>{@code pci}: a card number (12 digits or more), and any run within 20 s after a card number or
 *       within 10 s after a word that announces card data ("card", "cvv", "security", "expires").</li>
 *   <li>{@code ssn}: a run of nine digits.</li>
 * </ul>
 * A run is number words or digits, with the engine's homophones of digits ("my pin is for seven to nine":
 * "for", "to", "too", "won", "ate", "oh") and short connectors ("and", "dash", "point", "comma", "uh", "um")
 * taken in when numbers stand on both sides.
 *
 * <p>A number read aloud is often split by pauses into several Results, and what is sent cannot be taken
 * back. So a run that reaches the end of an interim is always hidden (the interim is replaced anyway), one
 * that reaches the end of a final is hidden from 2 digits (numbers), 4 (pci) or 3 (ssn), and a run that
 * opens the next final within 5 s adds the digits of the one that ended the last.
 *
 * <p>Not thread-safe: one per channel, owned by its assembler.
 */
final class Redaction {
    private static final Set<String> ANNOUNCING = Set.of("card", "cvv", "cvc", "security", "expiration",
            "expiry", "expires", "expire", "verification");
    private static final Map<String, String> SOUNDS_LIKE_DIGIT = Map.of("for", "four", "to", "two", "too", "two",
            "won", "one", "ate", "eight", "oh", "zero");
    private static final Set<String> CONNECTORS = Set.of("and", "dash", "point", "comma", "uh", "um");
    /** How long after an announcing word a run still counts as card data. */
    private static final double ANNOUNCED_SEC = 10;
    /** How long after a card number any run still counts as its CVV or expiry. */
    private static final double CARD_FOLLOW_SEC = 20;
    /** A run that opens a final within this of the run ending the last continues it. */
    private static final double CONTINUATION_SEC = 5;
    private static final int NUMBERS_MIN = 3;
    private static final int CARD_MIN = 12;
    private static final int SSN_DIGITS = 9;

    private final boolean numbers;
    private final boolean pci;
    private final boolean ssn;
    /** Digits of the run that ended the last final with words, and when it ended; 0 when none did. */
    private int carriedDigits;
    private double carriedEndSec;
    /** Whether audio before this channel's first word was transcribed elsewhere (a piece of a file). */
    private boolean carriedUnknown;
    /** When the last card number that was hidden ended, and the last word that announces card data. */
    private double lastCardEndSec = Double.NEGATIVE_INFINITY;
    private double lastAnnouncedSec = Double.NEGATIVE_INFINITY;

    private Redaction(boolean numbers, boolean pci, boolean ssn) {
        this.numbers = numbers;
        this.pci = pci;
        this.ssn = ssn;
    }

    /** The redaction the {@code redact} values of a request ask for. */
    static Redaction of(List<String> values) {
        boolean numbers = false;
        boolean pci = false;
        boolean ssn = false;
        for (String value : values) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "numbers", "true", "aggressive_numbers" -> numbers = true;
                case "pci" -> pci = true;
                case "ssn" -> ssn = true;
                default -> {
                    // "false" asks for nothing; the parser refused anything else
                }
            }
        }
        return new Redaction(numbers, pci, ssn);
    }

    /**
     * The words come after audio transcribed elsewhere (a file's piece after the first): a run that opens
     * them within 5 s may continue a number nobody here saw, so it is hidden.
     */
    void continuesUnseenAudio() {
        carriedUnknown = true;
        carriedEndSec = 0;
    }

    /**
     * The words with every run to hide replaced.
     *
     * @param isFinal whether these words are a final's, which later Results continue from
     */
    List<RecognizedWord> apply(List<RecognizedWord> words, boolean isFinal) {
        if (!numbers && !pci && !ssn) {
            return words;
        }
        List<String> tokens = Phrase.tokens(words.stream().map(RecognizedWord::text).toList());
        List<RecognizedWord> numeric = numeric(words, tokens);
        List<RecognizedWord> out = new ArrayList<>(words.size());
        int trailingDigits = 0;
        double trailingEndSec = 0;
        double cardEndSec = lastCardEndSec;
        double announcedSec = lastAnnouncedSec;
        int i = 0;
        while (i < words.size()) {
            if (numeric.get(i) == null) {
                if (ANNOUNCING.contains(tokens.get(i))) {
                    announcedSec = words.get(i).endSec();
                }
                out.add(words.get(i++));
                continue;
            }
            int end = i;
            while (end < words.size() && numeric.get(end) != null) {
                end++;
            }
            List<RecognizedWord> run = words.subList(i, end);
            int digits = NumberWords.digitCount(numeric.subList(i, end));
            RecognizedWord first = run.get(0);
            RecognizedWord last = run.get(run.size() - 1);
            boolean opens = i == 0 || (i == 1 && CONNECTORS.contains(tokens.get(0)));
            boolean continues = opens && (carriedDigits > 0 || carriedUnknown)
                    && first.startSec() - carriedEndSec <= CONTINUATION_SEC;
            int total = digits + (continues ? carriedDigits : 0);
            boolean atEnd = end == words.size();
            boolean card = pci && total >= CARD_MIN;
            boolean hide = (continues && carriedUnknown)
                    || (numbers && total >= NUMBERS_MIN) || card
                    || (pci && (first.startSec() - cardEndSec <= CARD_FOLLOW_SEC
                            || first.startSec() - announcedSec <= ANNOUNCED_SEC))
                    || (ssn && (digits == SSN_DIGITS || total == SSN_DIGITS))
                    || (atEnd && (!isFinal || (numbers && total >= 2) || (pci && total >= 4)
                            || (ssn && total >= 3)));
            if (card) {
                cardEndSec = last.endSec();
            }
            if (hide) {
                out.add(RecognizedWord.spanning("*".repeat(Math.max(1, digits)), run));
            } else {
                out.addAll(run);
            }
            if (atEnd) {
                trailingDigits = total;
                trailingEndSec = last.endSec();
            }
            i = end;
        }
        // A final without words (only fillers, or an empty flush) leaves the carry to the next one.
        if (isFinal && !words.isEmpty()) {
            carriedDigits = trailingDigits;
            carriedEndSec = trailingEndSec;
            carriedUnknown = false;
            lastCardEndSec = cardEndSec;
            lastAnnouncedSec = announcedSec;
        }
        return out;
    }

    /**
     * Each word as a number word, null where it is none: number words and digits as they are; a word that
     * sounds like a digit as that digit, when a number word stands beside it; a connector, when numbers
     * stand on both sides.
     *
     * @param tokens the words' texts in lower case
     */
    private static List<RecognizedWord> numeric(List<RecognizedWord> words, List<String> tokens) {
        List<RecognizedWord> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            RecognizedWord word = words.get(i);
            String digit = SOUNDS_LIKE_DIGIT.get(tokens.get(i));
            if (NumberWords.isNumberWord(tokens.get(i))) {
                out.add(word);
            } else if (digit != null && (isNumber(tokens, i - 1) || isNumber(tokens, i + 1))) {
                out.add(word.withText(digit));
            } else {
                out.add(null);
            }
        }
        // Connectors last, between what is now known to be numbers. As "and" they add no digit, and
        // "one hundred and five" still reads as one number.
        for (int i = 1; i + 1 < words.size(); i++) {
            RecognizedWord word = words.get(i);
            if (out.get(i) == null && CONNECTORS.contains(tokens.get(i))
                    && out.get(i - 1) != null && out.get(i + 1) != null) {
                out.set(i, word.withText("and"));
            }
        }
        return out;
    }

    private static boolean isNumber(List<String> tokens, int at) {
        return at >= 0 && at < tokens.size() && NumberWords.isNumberWord(tokens.get(at));
    }
}
