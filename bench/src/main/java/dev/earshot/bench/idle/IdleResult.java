package dev.earshot.bench.idle;

import dev.earshot.bench.load.StepResult;
import dev.earshot.bench.measure.Distribution;
import java.util.Map;

/**
 * The idle-connection test: sessions that sent 100 ms of audio and then only KeepAlive.
 *
 * @param opened           sessions that connected and sent their audio
 * @param openFailures     why the others did not, counted
 * @param openSeconds      how long opening them all took
 * @param openPacing       how openings were paced so the server could make recognisers as they came
 * @param settleSeconds    then, how long until the server had made every session's recogniser
 * @param settledBy        how that was decided: recognisers counted (spawned server), memory stable
 *                         (--server-pid), or a fixed pause (nothing to watch)
 * @param rssBeforeMb      server memory before the first was opened
 * @param rssOpenMb        server memory once all were open and settled
 * @param rssEndMb         server memory at the end of the hold (after the active streams, if any)
 * @param sessionsMeasured sessions still open when rssOpen was read
 * @param perSessionKb     (rssOpen - rssBefore) / sessionsMeasured
 * @param aliveAtEnd       sessions still open at the end of the hold: KeepAlive kept them
 * @param closedEarly      sessions the server closed during the hold, by close code
 * @param closeCodes       how the sessions still open ended after CloseStream
 * @param memorySource     whose memory: this JVM (with --spawn, server and clients), /proc/PID, or null
 * @param active           the active streams' step run during the hold; null without --streams
 */
public record IdleResult(int sessions, int opened, Map<String, Integer> openFailures, double openSeconds,
                         String openPacing, Distribution handshakeMs, double settleSeconds, String settledBy,
                         int sessionsMeasured, Double rssBeforeMb, Double rssOpenMb, Double rssEndMb,
                         Double perSessionKb, double holdSeconds, int aliveAtEnd, Map<String, Integer> closedEarly,
                         Map<String, Integer> closeCodes, String memorySource, StepResult active) {
}
