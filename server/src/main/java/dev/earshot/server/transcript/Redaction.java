package dev.earshot.server.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code redact} on the transcript (live-api.md §2): runs of spoken numbers (number words or digits)
 * become one word of asterisks, one per digit, spanning the run. Deepgram's live redaction writes
 * asterisks too; it documents which numbers each option takes, not how it finds them, so this follows
 * the documented intent and errs towards hiding:
 * <ul>
 *   <li>{@code numbers} ({@code true}, {@code aggressive_numbers}): any run of three digits or more.</li>
 *   <li>{@code pci}: a card number (12 digits or more), and a short run (a CVV or an expiry date) after
 *       a card number, or after words that announce one ("cvv", "security code", "expires").</li>
 *   <li>{@code ssn}: a run of nine digits.</li>
 * </ul>
 * The engine often writes a spoken digit as the word that sounds the same ("my pin is for seven to nine"):
 * next to a number, "for", "to", "too", "won", "ate" and "oh" count as the digits they sound like.
 *
 * <p>A card number read aloud is often split by pauses into several Results, and the first part cannot be
 * taken back once sent. So a run that reaches the end of a Results is hidden early (from 2 digits for
 * numbers, 4 for pci, 3 for ssn), and a run that starts the next final counts the digits of the one that
 * ended the last.
 *
 * <p>Not thread-safe: one per channel, owned by its assembler.
 */
public final class Redaction {
    private static final Set<String> CARD_CONTEXT = Set.of("cvv", "cvc", "cv", "security", "code", "expiration",
            "expiry", "expires", "expire", "exp", "verification", "card");
    /** How many words before a short run may announce it as card data. */
    private static final int CONTEXT_WORDS = 6;
    /** How long after a card number a short run still counts as its CVV or expiry. */
    private static final double CARD_FOLLOW_SEC = 20;
    /** A run that starts a final within this of the run ending the last continues it. */
    private static final double CONTINUATION_SEC = 5;
    private static final Map<String, String> SOUNDS_LIKE_DIGIT = Map.of("for", "four", "to", "two", "too", "two",
            "won", "one", "ate", "eight", "oh", "zero");
    private static final int NUMBERS_MIN = 3;
    private static final int CARD_MIN = 12;
    private static final int SSN_DIGITS = 9;

    private final boolean numbers;
    private final boolean pci;
    private final boolean ssn;
    /** Digits of the run that ended the last final, and when it ended; 0 when it did not end in one. */
    private int carriedDigits;
    private double carriedEndSec;
    /** When the last card number that was hidden ended. */
    private double lastCardEndSec = Double.NEGATIVE_INFINITY;

    private Redaction(boolean numbers, boolean pci, boolean ssn) {
        this.numbers = numbers;
        this.pci = pci;
        this.ssn = ssn;
    }

    /** The redaction the {@code redact} values of a request ask for. */
    public static Redaction of(List<String> values) {
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
     * The words with every run to hide replaced.
     *
     * @param isFinal whether these words are a final's, which later Results continue from
     */
    List<RecognizedWord> apply(List<RecognizedWord> words, boolean isFinal) {
        if (!numbers && !pci && !ssn) {
            return words;
        }
        List<RecognizedWord> numeric = numeric(words);
        List<RecognizedWord> out = new ArrayList<>(words.size());
        int trailingDigits = 0;
        double trailingEndSec = 0;
        double cardEndSec = lastCardEndSec;
        int i = 0;
        while (i < words.size()) {
            if (numeric.get(i) == null) {
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
            int total = digits;
            if (i == 0 && carriedDigits > 0 && first.startSec() - carriedEndSec <= CONTINUATION_SEC) {
                total += carriedDigits;
            }
            boolean atEnd = end == words.size();
            boolean card = pci && total >= CARD_MIN;
            boolean hide = (numbers && total >= NUMBERS_MIN) || card
                    || (pci && (first.startSec() - cardEndSec <= CARD_FOLLOW_SEC || announced(words, i)))
                    || (ssn && total == SSN_DIGITS)
                    || (atEnd && ((numbers && total >= 2) || (pci && total >= 4)
                            || (ssn && total >= 3 && total < SSN_DIGITS)));
            if (card) {
                cardEndSec = last.endSec();
            }
            if (hide) {
                double confidence = run.stream().mapToDouble(RecognizedWord::confidence).min().orElse(1);
                out.add(new RecognizedWord("*".repeat(Math.max(1, digits)), first.startSec(), last.endSec(),
                        confidence));
            } else {
                out.addAll(run);
            }
            if (atEnd) {
                trailingDigits = total;
                trailingEndSec = last.endSec();
            }
            i = end;
        }
        if (isFinal) {
            carriedDigits = trailingDigits;
            carriedEndSec = trailingEndSec;
            lastCardEndSec = cardEndSec;
        }
        return out;
    }

    /**
     * Each word as a number word, null where it is none: number words and digits as they are, and a word
     * that sounds like a digit as that digit when a number word stands beside it.
     */
    private static List<RecognizedWord> numeric(List<RecognizedWord> words) {
        List<RecognizedWord> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            RecognizedWord word = words.get(i);
            String digit = SOUNDS_LIKE_DIGIT.get(word.text().toLowerCase(Locale.ROOT));
            if (NumberWords.isNumberWord(word.text())) {
                out.add(word);
            } else if (digit != null && (isNumber(words, i - 1) || isNumber(words, i + 1))) {
                out.add(new RecognizedWord(digit, word.startSec(), word.endSec(), word.confidence()));
            } else {
                out.add(null);
            }
        }
        return out;
    }

    private static boolean isNumber(List<RecognizedWord> words, int at) {
        return at >= 0 && at < words.size() && NumberWords.isNumberWord(words.get(at).text());
    }

    /** Whether a word that announces card data comes shortly before {@code at}. */
    private static boolean announced(List<RecognizedWord> words, int at) {
        for (int k = Math.max(0, at - CONTEXT_WORDS); k < at; k++) {
            if (CARD_CONTEXT.contains(words.get(k).text().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
