// LiveKit Agents' Deepgram STT plugin for Node (@livekit/agents-plugin-deepgram), unmodified, against a
// running Earshot server: only the plugin's baseUrl changes. No LiveKit room or server is involved: an STT
// plugin is a plain class, and the agents framework only needs its logger set up (initializeLogger), which
// an agent worker otherwise does at start. Prints one PASS/FAIL/SKIP line per check and a SUMMARY line;
// exits 0 when no check failed. See README.md.
import { initializeLogger, stt as agents } from "@livekit/agents";
import * as deepgram from "@livekit/agents-plugin-deepgram";
import { AudioFrame } from "@livekit/rtc-node";
import { setTimeout as sleep } from "node:timers/promises";
import { Report, describeError, loadFixture, overlap, parseArgs, within, wsBase } from "../deepgram-js/lib.mjs";

const LABEL = "lk";
const FRAME_MS = 100;
/** After the last audio and its Finalize, the results are in once no event came for this long. */
const QUIET_MS = 3000;

const args = process.argv.slice(2);
const speed = Number(valueOf(args, "--speed") ?? process.env.EARSHOT_SPEED ?? 4);
const config = parseArgs(withoutFlag(args, "--speed"));
const flux = process.env.EARSHOT_FLUX !== "0";
const fixture = loadFixture(config.fixture, config.reference);
const report = new Report();
initializeLogger({ pretty: false, level: process.env.EARSHOT_LK_LOG ?? "warn" });

function valueOf(argv, flag) {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
}

function withoutFlag(argv, flag) {
    const at = argv.indexOf(flag);
    return at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
}

/** The fixture as LiveKit audio: 100 ms AudioFrames of 16-bit PCM, as a room track delivers them. */
/** The fixture in frames, then {@code silenceMs} of silence (a microphone goes on after the speaker stops). */
function audioFrames(silenceMs = 0) {
    const { sampleRate, channels } = fixture.format;
    const pcm = fixture.pcm;
    const speech = new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength));
    const samples = new Int16Array(speech.length + (sampleRate / 1000) * silenceMs * channels);
    samples.set(speech);
    const step = (sampleRate / 1000) * FRAME_MS * channels;
    const frames = [];
    for (let i = 0; i < samples.length; i += step) {
        const part = samples.slice(i, Math.min(samples.length, i + step));
        frames.push(new AudioFrame(part, sampleRate, channels, part.length / channels));
    }
    return frames;
}

function eventName(type) {
    return agents.SpeechEventType[type] ?? String(type);
}

/** STT.recognize: the plugin POSTs the audio as WAV to /v1/listen (with detect_language=false and more). */
async function checkRecognize(stt) {
    const event = await within(stt.recognize(audioFrames()), config.timeoutSeconds * 1000, "recognize()");
    const text = event.alternatives?.[0]?.text ?? "";
    const score = overlap(fixture.reference, text);
    report.check(LABEL, "a.recognize", event.type === agents.SpeechEventType.FINAL_TRANSCRIPT
        && /^[0-9a-f-]{36}$/.test(event.requestId ?? "") && score.ratio >= config.minOverlap,
        `${eventName(event.type)} request ${event.requestId}, ${score.hits}/${score.total} reference words: `
        + JSON.stringify(text.slice(0, 80)));
}

/**
 * A speech stream as an agent runs one: frames pushed as they come (at --speed times real time), flush()
 * at the end of the audio (the plugin sends Finalize), then endInput() once the results are in. The
 * plugin connects only while its input is open, so frames cannot all be pushed at once.
 */
async function streamFixture(stream, silenceMs = 0) {
    const events = [];
    let lastEventAt = Date.now();
    const reading = (async () => {
        for await (const event of stream) {
            events.push(event);
            lastEventAt = Date.now();
        }
    })();
    for (const frame of audioFrames(silenceMs)) {
        stream.pushFrame(frame);
        await sleep(FRAME_MS / speed);
    }
    stream.flush();
    lastEventAt = Date.now();
    while (Date.now() - lastEventAt < QUIET_MS) {
        await sleep(100);
    }
    stream.endInput();
    await within(reading, 10_000, "the end of the plugin's event stream").catch(() => stream.close());
    return events;
}

function reportStream(prefix, events) {
    const finals = events.filter((e) => e.type === agents.SpeechEventType.FINAL_TRANSCRIPT)
        .map((e) => e.alternatives?.[0]?.text ?? "").filter(Boolean);
    const score = overlap(fixture.reference, finals.join(" "));
    report.check(LABEL, `${prefix}-results`, score.ratio >= config.minOverlap,
        `${finals.length} FINAL_TRANSCRIPT events, ${score.hits}/${score.total} reference words: `
        + JSON.stringify(finals.join(" ").slice(0, 80)));
    const seen = new Set(events.map((e) => eventName(e.type)));
    const expected = ["START_OF_SPEECH", "INTERIM_TRANSCRIPT", "FINAL_TRANSCRIPT", "END_OF_SPEECH"];
    const missing = expected.filter((name) => !seen.has(name));
    report.check(LABEL, `${prefix}-events`, missing.length === 0,
        `events seen: ${[...seen].join(", ")}` + (missing.length ? `; missing ${missing.join(", ")}` : ""));
}

/** STT.stream: the plugin's /v1/listen WebSocket (linear16, interim results, vad_events, endpointing). */
async function checkStream(stt) {
    reportStream("b.stream", await streamFixture(stt.stream()));
}

/**
 * STTv2.stream: Flux on /v2/listen. Its FINAL_TRANSCRIPT and END_OF_SPEECH come from EndOfTurn, which needs
 * the quiet after the speech (Flux ends no turn after CloseStream): 1.5 s of silence follow the fixture.
 * EARSHOT_FLUX=0 skips it (a server without /v2/listen).
 */
async function checkFlux() {
    if (!flux) {
        report.skip(LABEL, "c.flux", "STTv2 (/v2/listen) not checked: EARSHOT_FLUX=0");
        return;
    }
    const stt = new deepgram.STTv2({ apiKey: config.apiKey, endpointUrl: `${wsBase(config.baseUrl)}/v2/listen` });
    try {
        reportStream("c.flux", await streamFixture(stt.stream(), 1500));
    } finally {
        await stt.close();
    }
}

async function main() {
    const deadline = setTimeout(() => {
        report.fail(LABEL, "deadline", `still running after ${config.timeoutSeconds * 2} s`);
        process.exit(1);
    }, config.timeoutSeconds * 2000);
    deadline.unref();
    const stt = new deepgram.STT({ apiKey: config.apiKey, baseUrl: wsBase(config.baseUrl) });
    report.info(LABEL, `@livekit/agents-plugin-deepgram STT({ baseUrl: "${wsBase(config.baseUrl)}" }), `
        + `fixture ${config.fixture} (${fixture.seconds.toFixed(1)} s) at ${speed}x real time`);
    await report.guard(LABEL, "a.recognize", "recognize() failed", () => checkRecognize(stt));
    await report.guard(LABEL, "b.stream", "stream() failed", () => checkStream(stt));
    await stt.close();
    await report.guard(LABEL, "c.flux", "STTv2 stream() failed", checkFlux);
    console.log(`SUMMARY ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
    process.exit(report.failed === 0 ? 0 : 1);
}

main().catch((error) => {
    console.log(`FAIL [${LABEL}] main ${describeError(error)}`);
    process.exit(1);
});
