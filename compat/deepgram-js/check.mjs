#!/usr/bin/env node
// Drives the official Deepgram JavaScript SDK (5.x as "dg5", 3.x as "dg3") against a running Earshot
// server and prints one PASS/FAIL/SKIP line per check; exits 0 only when no check failed.
//
//   node check.mjs --base-url http://127.0.0.1:8080 --api-key KEY [--fixture ../../fixtures/speech/speech-a.wav]
//                  [--sdk v5,v3,v3-native] [--timeout 60]
//
// The server should run with a short first-audio timeout (e.g. --first-audio-timeout 1s); the no-audio
// check waits at most 15 s for the NET-0001 close.
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
    chunks, describeError, garbage, loadFixture, overlap, parseArgs, Report, TimeoutError, within,
    yieldToEventLoop,
} from "./lib.mjs";

const OPEN_TIMEOUT_MS = 10_000;
const FINISH_TIMEOUT_MS = 30_000;
const FAILURE_CLOSE_TIMEOUT_MS = 15_000;
const BAD_KEY = "earshot-compat-not-a-valid-key";

const config = parseArgs(process.argv.slice(2));
const report = new Report();

const globalTimer = setTimeout(() => {
    report.fail("suite", "global-timeout", `the checks did not finish within ${config.timeoutSeconds} s`);
    console.log(`SUMMARY ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
    process.exit(3);
}, config.timeoutSeconds * 1000);
globalTimer.unref();

// An SDK's internal promise that nobody awaits must not end the run without a summary.
process.on("unhandledRejection", (error) => console.log(`INFO unhandled rejection inside an SDK: ${describeError(error)}`));

const fixture = loadFixture(config.fixture, config.reference);

function finalTranscript(session) {
    return session.results
        .filter((r) => r.is_final)
        .map((r) => r.channel?.alternatives?.[0]?.transcript ?? "")
        .filter((t) => t.length > 0)
        .join(" ");
}

function transportText(session) {
    const { protocol, extensions } = session.transport?.() ?? {};
    return `subprotocol "${protocol ?? ""}", extensions "${extensions ?? ""}"`;
}

function closeText(close) {
    return close ? `code ${close.code}, reason "${close.reason}" after ${close.afterMs} ms` : "no close event";
}

/**
 * a-d: one session that streams {@code audio} in 100 ms chunks as fast as the socket takes them, sends
 * CloseStream with the SDK's own method, and then must have received Results, Metadata and close 1000.
 */
async function streamChecks(sdk, tag, query, audio, connectCheck) {
    const { label } = sdk;
    const session = await sdk.open({ baseUrl: config.baseUrl, apiKey: config.apiKey, query });
    try {
        try {
            await within(session.opened.promise, OPEN_TIMEOUT_MS, "the open event");
            if (connectCheck) {
                report.pass(label, "a.connect", `connects with only the base URL changed: `
                    + `${sdk.howConfigured(config.baseUrl)} -> open after ${session.openedAfterMs} ms `
                    + `(negotiated ${transportText(session)})`);
            }
        } catch (error) {
            const why = `${describeError(error)}; errors: [${session.errors.join("; ")}]; ${closeText(session.closed.settled ? session.closeEvents[0] : null)}`;
            if (connectCheck) {
                report.fail(label, "a.connect", `${sdk.howConfigured(config.baseUrl)} did not open: ${why}`);
            }
            report.fail(label, `b.stream-${tag}`, `no stream: the connection did not open (${why})`);
            return;
        }

        const parts = chunks(audio, fixture.chunkBytes);
        let sent = 0;
        try {
            for (const part of parts) {
                if (session.closed.settled) {
                    throw new Error(`the connection closed after ${sent} chunks: ${closeText(session.closeEvents[0])}`);
                }
                session.sendAudio(part);
                sent++;
                await yieldToEventLoop();
            }
            session.closeStream();
            report.pass(label, `b.stream-${tag}`, `sent ${audio.length} bytes as ${sent} chunks of <= `
                + `${fixture.chunkBytes} bytes (query ${JSON.stringify(query)}), then CloseStream`);
        } catch (error) {
            report.fail(label, `b.stream-${tag}`, `sending failed: ${describeError(error)}`);
        }

        let close = null;
        let closeError = null;
        try {
            close = await within(session.closed.promise, FINISH_TIMEOUT_MS, "the close after CloseStream");
        } catch (error) {
            closeError = error;
        }

        const results = session.results;
        const transcript = finalTranscript(session);
        const nonEmpty = results.filter((r) => (r.channel?.alternatives?.[0]?.transcript ?? "").length > 0);
        const match = overlap(fixture.reference, transcript);
        report.check(label, `c.results-${tag}`, nonEmpty.length > 0 && match.ratio >= config.minOverlap,
            `${results.length} Results events (${results.filter((r) => r.is_final).length} final, `
            + `${nonEmpty.length} non-empty); ${Math.round(match.ratio * 100)}% of the reference words `
            + `(${match.hits}/${match.total}, need ${Math.round(config.minOverlap * 100)}%): "${transcript}"`);

        const metadata = session.metadata;
        const problems = [];
        if (metadata.length !== 1) {
            problems.push(`${metadata.length} Metadata events (want exactly 1)`);
        }
        const md = metadata[0];
        if (md) {
            const lastType = session.messages[session.messages.length - 1]?.type;
            if (lastType !== "Metadata") {
                problems.push(`last message before close was ${lastType}, not Metadata`);
            }
            const requestIds = new Set(results.map((r) => r.metadata?.request_id));
            if (!(requestIds.size === 1 && requestIds.has(md.request_id))) {
                problems.push(`request_id ${md.request_id} vs Results ${JSON.stringify([...requestIds])}`);
            }
            if (!(Math.abs(md.duration - fixture.seconds) <= 0.5)) {
                problems.push(`duration ${md.duration} (audio is ${fixture.seconds.toFixed(2)} s)`);
            }
            const sha = createHash("sha256").update(audio).digest("hex");
            if (md.sha256 !== sha) {
                problems.push(`sha256 ${md.sha256} is not the sha256 of the bytes sent (${sha})`);
            }
            if (md.channels !== 1) {
                problems.push(`channels ${md.channels}`);
            }
        }
        report.check(label, `c.metadata-${tag}`, problems.length === 0,
            (md ? `Metadata request_id ${md.request_id}, duration ${md.duration}, channels ${md.channels}, `
                + `models ${JSON.stringify(md.models)}` : "no Metadata event")
            + (problems.length ? `; problems: ${problems.join("; ")}` : ""));

        if (closeError) {
            report.fail(label, `d.close-${tag}`, `${describeError(closeError)}`);
        } else {
            report.check(label, `d.close-${tag}`, close.code === 1000 && session.wasOpenAtClose,
                `after the SDK's CloseStream: ${closeText(close)}`);
        }
    } finally {
        session.abandon();
    }
}

/** e: a session the server must end with {@code code} and a reason starting {@code prefix}. */
async function failureCloseCheck(sdk, id, what, query, audio, code, prefix) {
    const { label } = sdk;
    const session = await sdk.open({ baseUrl: config.baseUrl, apiKey: config.apiKey, query, reconnect: false });
    try {
        await within(session.opened.promise, OPEN_TIMEOUT_MS, "the open event");
        if (audio) {
            session.sendAudio(audio);
        }
        const close = await within(session.closed.promise, FAILURE_CLOSE_TIMEOUT_MS, `the ${code} close`);
        const extra = session.messages.length
            ? `; messages before it: ${session.messages.map((m) => m.type).join(", ")}` : "";
        report.check(label, id, close.code === code && close.reason.startsWith(prefix),
            `${what}: ${closeText(close)} (want ${code} "${prefix}...")${extra}`);
    } catch (error) {
        const seen = session.closeEvents.length ? closeText(session.closeEvents[0]) : "no close event";
        report.fail(label, id, `${what}: ${describeError(error)}; ${seen}; errors: [${session.errors.join("; ")}]`);
    } finally {
        session.abandon();
    }
}

/** f: a wrong key; the upgrade is answered 401 and the SDK must report a failure, never an open. */
async function badKeyCheck(sdk) {
    const { label } = sdk;
    const session = await sdk.open({ baseUrl: config.baseUrl, apiKey: BAD_KEY, query: { model: "nova-3" },
        reconnect: false });
    try {
        let outcome;
        try {
            await within(session.opened.promise, OPEN_TIMEOUT_MS, "open or failure");
            outcome = "opened";
        } catch (error) {
            outcome = error instanceof TimeoutError ? "nothing happened" : "failed";
        }
        if (outcome === "failed") {
            // An SDK emits close and error back to back; give the second one its turn (bounded).
            await within(Promise.all([session.errorSeen.promise, session.closed.promise]), 2000, "error and close")
                .catch(() => {});
        }
        const surfaced = `error events: [${session.errors.join("; ")}]; close events: [${session.closeEvents
            .map((c) => `${c.code} "${c.reason}"`).join("; ")}]`;
        const statusOk = !sdk.exposesHttpStatus || session.errors.some((e) => e.includes("401"));
        report.check(label, "f.bad-key-401", outcome === "failed" && session.errors.length > 0 && statusOk,
            `wrong key: ${outcome}; SDK surfaced ${surfaced}`
            + (sdk.exposesHttpStatus ? "" : " (this transport never exposes the HTTP status)"));
    } finally {
        session.abandon();
    }
}

async function runSdk(sdk) {
    report.info(sdk.label, `@deepgram/sdk ${sdk.version} against ${config.baseUrl}`);
    const model = { model: "nova-3", language: "en" };
    const rate = fixture.format.sampleRate;
    await report.guard(sdk.label, "b.stream-linear16", "linear16 session", () => streamChecks(sdk, "linear16",
        { ...model, encoding: "linear16", sample_rate: rate, interim_results: true, punctuate: true },
        fixture.pcm, true));
    await report.guard(sdk.label, "b.stream-wav", "WAV session", () => streamChecks(sdk, "wav",
        { ...model, punctuate: true }, fixture.wav, false));
    if (sdk.label === "v5") {
        // The same baseUrl also serves REST calls, so applications may well give it as http://.
        await report.guard(sdk.label, "a.connect-http-baseurl", "http baseUrl", async () => {
            const session = await sdk.open({ baseUrl: config.baseUrl, apiKey: config.apiKey, query: model,
                reconnect: false, form: "http" });
            try {
                await within(session.opened.promise, OPEN_TIMEOUT_MS, "the open event");
                report.pass(sdk.label, "a.connect-http-baseurl",
                    `${sdk.howConfigured(config.baseUrl, "http")} -> open after ${session.openedAfterMs} ms`);
            } finally {
                session.abandon();
            }
        });
    }
    await report.guard(sdk.label, "e.garbage-1008", "garbage", () => failureCloseCheck(sdk, "e.garbage-1008",
        "4 KiB of non-audio bytes without encoding", model, garbage(4096), 1008, "DATA-0000"));
    await report.guard(sdk.label, "e.no-audio-1011", "no audio", () => failureCloseCheck(sdk, "e.no-audio-1011",
        "no audio sent", { ...model, encoding: "linear16", sample_rate: rate }, null, 1011, "NET-0001"));
    await report.guard(sdk.label, "f.bad-key-401", "bad key", () => badKeyCheck(sdk));
}

/** v3 on a native WebSocket needs a process where dg3 loads with a global WebSocket present. */
async function runChild(sdkName) {
    const [major, minor] = process.versions.node.split(".").map(Number);
    if (major < 20 || (major === 20 && minor < 10)) {
        report.skip(sdkName, "all", `Node ${process.version} has no native WebSocket`);
        return;
    }
    const nodeArgs = typeof globalThis.WebSocket === "undefined" && major < 22 ? ["--experimental-websocket"] : [];
    const args = [...nodeArgs, fileURLToPath(import.meta.url), "--sdk", sdkName, "--base-url", config.baseUrl,
        "--fixture", config.fixture, "--reference", config.reference, "--timeout", String(config.timeoutSeconds),
        "--min-overlap", String(config.minOverlap)];
    const child = spawn(process.execPath, args, {
        env: { ...process.env, EARSHOT_API_KEY: config.apiKey, EARSHOT_CHILD: "1" },
        stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
        const kind = line.split(" ", 1)[0];
        if (kind === "PASS") report.passed++;
        else if (kind === "FAIL") report.failed++;
        else if (kind === "SKIP") report.skipped++;
        if (!line.startsWith("SUMMARY")) console.log(line);
    });
    const exit = await new Promise((res) => child.on("close", (code, signal) => res({ code, signal })));
    if (exit.code !== 0 && exit.code !== 1) {
        report.fail(sdkName, "process", `the ${sdkName} process ended with ${exit.code ?? exit.signal}`);
    }
}

async function main() {
    if (process.env.EARSHOT_CHILD !== "1") console.log(`INFO node ${process.version}; server ${config.baseUrl}; fixture ${config.fixture} `
        + `(${fixture.seconds.toFixed(2)} s, ${fixture.format.sampleRate} Hz, ${fixture.format.channels} ch)`);
    for (const name of config.sdks) {
        if (name === "v5") {
            await runSdk(await (await import("./sdk-v5.mjs")).adapter());
        } else if (name === "v3") {
            await runSdk(await (await import("./sdk-v3.mjs")).adapter(false));
        } else if (name === "v3-native") {
            if (process.env.EARSHOT_CHILD === "1") {
                await runSdk(await (await import("./sdk-v3.mjs")).adapter(true));
            } else {
                await runChild(name);
            }
        } else {
            report.fail(name, "config", `unknown SDK "${name}" (known: v5, v3, v3-native)`);
        }
    }
}

try {
    await main();
} catch (error) {
    report.fail("suite", "crash", describeError(error) + (error?.stack ? `\n${error.stack}` : ""));
}
console.log(`SUMMARY ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
process.exit(report.failed > 0 ? 1 : 0);
