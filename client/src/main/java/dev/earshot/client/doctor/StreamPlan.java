package dev.earshot.client.doctor;

/**
 * What the live check streams: the application's audio and query, paced at real time when the byte rate is
 * known.
 *
 * @param bytesPerSecond 0 when unknown (compressed audio): then frames of 4 KB every 100 ms
 */
record StreamPlan(byte[] audio, String query, long bytesPerSecond) {
}
