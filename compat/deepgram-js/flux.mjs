// Flux (/v2/listen) through the official SDK 5.x (dg5), unmodified but for its base URL:
// node flux.mjs --url http://HOST:PORT --key KEY --fixture speech-a.wav --reference speech-a.txt
// `client.listen.v2.connect({ model: "flux-general-en", ... })`, the socket's events, sendMedia,
// sendConfigure, sendForceEndTurn and sendCloseStream. Prints one PASS/FAIL line per check; exits 1 on a FAIL.
import http from "node:http";
import { DeepgramClient } from "dg5";
import { Checks, chunks, deferred, expect, loadFixture, overlap, requiredOption, within, wsBase } from "./lib.mjs";

const USAGE = "node flux.mjs --url URL --key KEY --fixture WAV --reference TXT";

const url = requiredOption("url", USAGE);
const key = requiredOption("key", USAGE);
const fixture = loadFixture(requiredOption("fixture", USAGE), requiredOption("reference", USAGE));
const WAIT_MS = 60_000;
const client = new DeepgramClient({ apiKey: key, baseUrl: wsBase(url) });
const base = { model: "flux-general-en", encoding: "linear16", sample_rate: fixture.format.sampleRate };
const checks = new Checks("v5");

/** A listen.v2 socket, its messages kept in order, with a way to wait for one. */
async function open(extra = {}) {
    const socket = await client.listen.v2.connect({ ...base, ...extra, shouldReconnect: () => false });
    const messages = [];
    const waiters = [];
    const closed = deferred();
    socket.on("message", (message) => {
        messages.push(message);
        for (const waiter of [...waiters]) {
            if (waiter.match(message)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.found.resolve(message);
            }
        }
    });
    socket.on("close", (event) => closed.resolve(event));
    socket.on("error", () => {});
    socket.connect();
    await within(socket.waitForOpen(), WAIT_MS, "the socket to open");
    const next = (match, what) => {
        const seen = messages.find(match);
        if (seen) return Promise.resolve(seen);
        const found = deferred();
        waiters.push({ match, found });
        return within(found.promise, WAIT_MS, what);
    };
    return { socket, messages, closed, next };
}

const turnEvent = (name) => (m) => m.type === "TurnInfo" && m.event === name;
const silence = (ms) => Buffer.alloc(ms * 32);

function speak(socket, pcm) {
    for (const chunk of chunks(pcm, 2560)) { // 80 ms, as Deepgram recommends for Flux
        socket.sendMedia(chunk);
    }
}

await checks.check("v2.turn", async () => {
    const flux = await open();
    const connected = await flux.next((m) => m.type === "Connected", "Connected");
    expect(connected.sequence_id === 0 && connected.request_id, `Connected with sequence_id 0: ${JSON.stringify(connected)}`);
    speak(flux.socket, fixture.pcm);
    speak(flux.socket, silence(1500));
    const end = await flux.next(turnEvent("EndOfTurn"), "EndOfTurn");
    expect(flux.messages.some(turnEvent("StartOfTurn")), "a StartOfTurn before it");
    expect(end.trigger === "model", `trigger model, got ${end.trigger}`);
    const score = overlap(fixture.reference, end.transcript).ratio;
    expect(score >= 0.7, `transcript overlaps the reference by ${score.toFixed(2)}: "${end.transcript}"`);
    const ids = flux.messages.map((m) => m.sequence_id);
    expect(ids.every((id, i) => id === i), `sequence_id counts 0, 1, 2…: ${ids.slice(0, 12)}`);
    flux.socket.sendCloseStream({ type: "CloseStream" });
    const close = await within(flux.closed.promise, WAIT_MS, "the close");
    expect(close.code === 1000, `close 1000 after CloseStream, got ${close.code}`);
    return `EndOfTurn "${end.transcript}" (${flux.messages.filter(turnEvent("Update")).length} Updates), close ${close.code}`;
});

await checks.check("v2.eager", async () => {
    const flux = await open({ eager_eot_threshold: 0.4 });
    speak(flux.socket, fixture.pcm);
    speak(flux.socket, silence(1500));
    const end = await flux.next(turnEvent("EndOfTurn"), "EndOfTurn");
    const eager = flux.messages.filter(turnEvent("EagerEndOfTurn"));
    expect(eager.length > 0, "an EagerEndOfTurn");
    expect(eager[eager.length - 1].transcript === end.transcript, "EndOfTurn repeats the last eager transcript");
    flux.socket.close();
    return `${eager.length} EagerEndOfTurn, ${flux.messages.filter(turnEvent("TurnResumed")).length} TurnResumed`;
});

await checks.check("v2.configure-and-force-end-turn", async () => {
    const flux = await open();
    flux.socket.sendConfigure({ type: "Configure", thresholds: { eot_threshold: 0.8, eot_timeout_ms: 3000 } });
    const configured = await flux.next((m) => m.type === "ConfigureSuccess" || m.type === "ConfigureFailure", "a Configure reply");
    expect(configured.type === "ConfigureSuccess" && configured.thresholds.eot_threshold === 0.8,
        `ConfigureSuccess with eot_threshold 0.8: ${JSON.stringify(configured)}`);
    speak(flux.socket, fixture.pcm.subarray(0, 48_000)); // 1.5 s: mid-sentence
    flux.socket.sendForceEndTurn({ type: "ForceEndTurn" });
    const end = await flux.next(turnEvent("EndOfTurn"), "EndOfTurn");
    expect(end.trigger === "manual" && end.transcript.length > 0, `a manual EndOfTurn with words: ${JSON.stringify(end)}`);
    flux.socket.sendCloseStream({ type: "CloseStream" });
    await within(flux.closed.promise, WAIT_MS, "the close");
    return `ConfigureSuccess, then EndOfTurn (manual) "${end.transcript}"`;
});

await checks.check("v2.bad-model-400", async () => {
    // The SDK reports a refused upgrade only as "Unexpected server response"; node:http shows what it carried.
    const response = await within(new Promise((resolve, reject) => {
        const request = http.get(`${url}/v2/listen?model=nova-3&encoding=linear16&sample_rate=16000`, {
            headers: { Authorization: `Token ${key}`, Connection: "Upgrade", Upgrade: "websocket",
                "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" },
        }, resolve);
        request.on("upgrade", () => reject(new Error("the upgrade was accepted")));
        request.on("error", reject);
    }), WAIT_MS, "the answer");
    response.resume();
    expect(response.statusCode === 400, `400, got ${response.statusCode}`);
    expect(response.headers["dg-request-id"], "a dg-request-id");
    return `400, dg-error: ${response.headers["dg-error"]}`;
});

console.log(checks.failed ? `SUMMARY ${checks.failed} failed` : "SUMMARY all passed");
process.exit(checks.failed ? 1 : 0);
