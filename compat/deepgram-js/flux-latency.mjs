// Measures Flux turn ends on the human set through the official SDK 5.x, at real time (docs/performance.md §4i).
// node flux-latency.mjs --url URL --key KEY --set DIR --turns turns.json [--eager 0.4] [--eot 0.7] [--v1] [--fast]
// DIR is bench/accuracy/human-set.sh's output; turns.json is bench/flux/prompt-ends.py's. Every *.wav of DIR is
// streamed at once, in 80 ms chunks on a real-time schedule. For each prompt, from the end of its speech:
// the first EndOfTurn (and EagerEndOfTurn) decided before the next prompt's speech starts, and when it arrives; a prompt with
// none is missed; a prompt split has an EndOfTurn decided inside its speech. WER of the EndOfTurn transcripts
// (with --v1: of /v1/listen's finals at endpointing=10, for comparison) against the references.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DeepgramClient } from "dg5";
import { loadFixture, wsBase } from "./lib.mjs";

const arg = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? process.argv[at + 1] : fallback;
};
const url = arg("url"), key = arg("key"), dir = arg("set"), turnsFile = arg("turns");
const eager = arg("eager"), eot = arg("eot"), v1 = process.argv.includes("--v1");
// --fast: all audio at once; arrival latencies then mean nothing, the audio-time figures and WER still hold.
const fast = process.argv.includes("--fast");
const CHUNK_MS = 80;
const client = new DeepgramClient({ apiKey: key, baseUrl: wsBase(url) });

function wer(reference, hypothesis) {
    const ref = reference.toLowerCase().replace(/[^a-z' ]+/g, " ").replace(/'/g, "").split(/\s+/).filter(Boolean);
    const hyp = hypothesis.toLowerCase().replace(/[^a-z' ]+/g, " ").replace(/'/g, "").split(/\s+/).filter(Boolean);
    let row = Array.from({ length: hyp.length + 1 }, (_, j) => j);
    for (let i = 1; i <= ref.length; i++) {
        const next = [i];
        for (let j = 1; j <= hyp.length; j++) {
            next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
        }
        row = next;
    }
    return { errors: row[hyp.length], words: ref.length };
}

async function play(name) {
    const fixture = loadFixture(join(dir, `${name}.wav`), join(dir, `${name}.txt`));
    const query = { encoding: "linear16", sample_rate: fixture.format.sampleRate, shouldReconnect: () => false };
    const socket = v1
        ? await client.listen.v1.connect({ ...query, model: "nova-3", endpointing: 10, interim_results: "true" })
        : await client.listen.v2.connect({ ...query, model: "flux-general-en",
            ...(eager ? { eager_eot_threshold: Number(eager) } : {}), ...(eot ? { eot_threshold: Number(eot) } : {}) });
    const events = [];
    let t0 = 0;
    const closed = new Promise((resolve) => socket.on("close", resolve));
    socket.on("message", (m) => events.push({ at: (performance.now() - t0) / 1000, m }));
    socket.on("error", () => {});
    socket.connect();
    await socket.waitForOpen();
    const bytes = (fixture.format.sampleRate * 2 * CHUNK_MS) / 1000;
    t0 = performance.now();
    for (let k = 0; k * bytes < fixture.pcm.length; k++) {
        const due = t0 + (k + 1) * CHUNK_MS - performance.now(); // as a microphone: a chunk once it is whole
        if (due > 0 && !fast) await new Promise((r) => setTimeout(r, due));
        socket.sendMedia(fixture.pcm.subarray(k * bytes, (k + 1) * bytes));
    }
    socket.sendCloseStream({ type: "CloseStream" });
    await closed;
    return { name, events, reference: fixture.reference };
}

function transcriptOf(run) {
    if (v1) {
        return run.events.filter((e) => e.m.type === "Results" && e.m.is_final)
            .map((e) => e.m.channel.alternatives[0].transcript).join(" ");
    }
    const turns = run.events.filter((e) => e.m.type === "TurnInfo" && e.m.event === "EndOfTurn").map((e) => e.m.transcript);
    // After CloseStream a turn still open ends in Updates, not an EndOfTurn: its last Update is its transcript.
    const lastEnd = run.events.findLastIndex((e) => e.m.type === "TurnInfo" && e.m.event === "EndOfTurn");
    const tail = run.events.slice(lastEnd + 1).filter((e) => e.m.type === "TurnInfo").pop();
    return [...turns, tail ? tail.m.transcript : ""].join(" ");
}

const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
const p90 = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] : NaN);

const names = readdirSync(dir).filter((f) => f.endsWith(".wav")).map((f) => f.slice(0, -4)).sort();
const prompts = JSON.parse(readFileSync(turnsFile, "utf8"));
const runs = await Promise.all(names.map(play));
let errors = 0, words = 0;
const endLatency = [], eagerLatency = [], endAudio = [], eagerAudio = [];
let missed = 0, split = 0, total = 0;
for (const run of runs) {
    const score = wer(run.reference, transcriptOf(run));
    errors += score.errors;
    words += score.words;
    console.log(`${run.name}: WER ${(100 * score.errors / score.words).toFixed(2)}% of ${score.words} words`);
    if (v1 || !prompts[run.name]) continue;
    const ends = run.events.filter((e) => e.m.type === "TurnInfo" && e.m.event === "EndOfTurn");
    const eagers = run.events.filter((e) => e.m.type === "TurnInfo" && e.m.event === "EagerEndOfTurn");
    const list = prompts[run.name];
    list.forEach((p, i) => {
        total++;
        const nextStart = i + 1 < list.length ? list[i + 1].start : Infinity;
        const end = ends.find((e) => e.m.audio_window_end >= p.end - 0.05 && e.m.audio_window_end < nextStart);
        if (end) {
            endLatency.push(end.at - p.end);
            endAudio.push(end.m.audio_window_end - p.end);
        } else {
            missed++;
        }
        const early = eagers.find((e) => e.m.audio_window_end >= p.end - 0.05 && e.m.audio_window_end < nextStart);
        if (early) {
            eagerLatency.push(early.at - p.end);
            eagerAudio.push(early.m.audio_window_end - p.end);
        }
        if (ends.some((e) => e.m.audio_window_end > p.start + 0.05 && e.m.audio_window_end < p.end - 0.05)) split++;
    });
}
const ms = (s) => `${Math.round(s * 1000)} ms`;
console.log(`${v1 ? "/v1/listen endpointing=10" : `/v2/listen eot_threshold=${eot ?? 0.7}${eager ? ` eager_eot_threshold=${eager}` : ""}`}`
    + `: WER ${(100 * errors / words).toFixed(2)}% of ${words} words`);
if (!v1) {
    console.log(`prompts ${total}: EndOfTurn after the end of speech p50 ${ms(median(endLatency))}, p90 ${ms(p90(endLatency))}`
        + ` (decided after p50 ${ms(median(endAudio))}, p90 ${ms(p90(endAudio))} of audio); missed ${missed};`
        + ` split by a false EndOfTurn ${split}`);
    if (eager) {
        console.log(`EagerEndOfTurn after the end of speech p50 ${ms(median(eagerLatency))}, p90 ${ms(p90(eagerLatency))}`
            + ` (decided after p50 ${ms(median(eagerAudio))}, p90 ${ms(p90(eagerAudio))} of audio; ${eagerLatency.length} prompts)`);
    }
}
process.exit(0);
