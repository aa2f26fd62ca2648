package dev.earshot.bench.measure;

/** A recognised word with its audio times in seconds from the start of the stream. */
public record TimedWord(String text, double startSec, double endSec) {
}
