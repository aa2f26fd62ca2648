// Drives the official, unmodified OpenAI JavaScript library (the `openai` package, pinned in package.json)
// against a running Earshot server: client.audio.transcriptions.create with only baseURL changed. Prints one
// PASS/FAIL line per check and a SUMMARY line; exits 0 when every check passed.
//
//   node transcribe.mjs --base-url http://127.0.0.1:8080 [--fixture ../../fixtures/speech/speech-a.wav]
//   (the key from EARSHOT_API_KEY)
import { createReadStream, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI, { toFile } from "openai";

const HERE = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
    arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const baseUrl = (args["base-url"] ?? process.env.EARSHOT_BASE_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
const apiKey = process.env.EARSHOT_API_KEY;
const fixture = resolve(args.fixture ?? join(HERE, "..", "..", "fixtures", "speech", "speech-a.wav"));
const reference = readFileSync(fixture.replace(/\.wav$/i, ".txt"), "utf8");
const version = JSON.parse(readFileSync(join(HERE, "node_modules", "openai", "package.json"), "utf8")).version;
if (!apiKey) {
    console.error("no API key: set EARSHOT_API_KEY");
    process.exit(2);
}

// maxRetries 0: a refusal is to be seen, not retried away.
const client = new OpenAI({ apiKey, baseURL: `${baseUrl}/v1`, maxRetries: 0, timeout: 60_000 });
const results = [];

function words(text) {
    return text.toLowerCase().replace(/[^a-z0-9' ]/g, " ").split(/\s+/).filter(Boolean);
}

/** Share of the reference's words found in the transcript: the engine is not perfect, the route must not lose text. */
function overlap(text) {
    const heard = new Set(words(text));
    const expected = words(reference);
    return expected.filter((w) => heard.has(w)).length / expected.length;
}

async function check(id, run) {
    try {
        const detail = await run();
        results.push(true);
        console.log(`PASS [openai] ${id} ${detail ?? ""}`.trimEnd());
    } catch (e) {
        results.push(false);
        console.log(`FAIL [openai] ${id} ${e?.stack ?? e}`);
    }
}

function expect(condition, what) {
    if (!condition) {
        throw new Error(what);
    }
}

const file = () => createReadStream(fixture);

await check("a.json", async () => {
    const t = await client.audio.transcriptions.create({ file: file(), model: "whisper-1", response_format: "json" });
    expect(typeof t.text === "string" && overlap(t.text) >= 0.6, `text too far from the reference: ${t.text}`);
    expect(t._request_id, "no x-request-id read by the library");
    return `text="${t.text.slice(0, 40)}..." request_id=${t._request_id}`;
});

await check("b.text", async () => {
    const t = await client.audio.transcriptions.create({ file: file(), model: "whisper-1", response_format: "text" });
    expect(typeof t === "string" && overlap(t) >= 0.6, `not the plain text: ${t}`);
    return `${t.length} chars`;
});

await check("c.verbose-json-words", async () => {
    const t = await client.audio.transcriptions.create({ file: await toFile(readFileSync(fixture), "speech.wav"),
        model: "whisper-1", response_format: "verbose_json", timestamp_granularities: ["word", "segment"] });
    expect(t.task === "transcribe" && t.language === "english", `task/language: ${t.task}/${t.language}`);
    expect(t.duration > 10 && t.duration < 20, `duration ${t.duration}`);
    expect(Array.isArray(t.segments) && t.segments.length > 1, "no segments");
    expect(t.segments.every((s, i) => s.id === i && s.end > s.start && Array.isArray(s.tokens)
        && typeof s.avg_logprob === "number" && typeof s.compression_ratio === "number"), "segment fields");
    expect(Array.isArray(t.words) && t.words.length > 20, "no words");
    expect(t.words.every((w, i) => w.end >= w.start && (i === 0 || w.start >= t.words[i - 1].start)), "word times");
    return `${t.segments.length} segments, ${t.words.length} words`;
});

await check("d.srt", async () => {
    const t = await client.audio.transcriptions.create({ file: file(), model: "whisper-1", response_format: "srt" });
    expect(/^1\n\d\d:\d\d:\d\d,\d\d\d --> \d\d:\d\d:\d\d,\d\d\d\n\S/.test(t), `not SubRip: ${t.slice(0, 80)}`);
    return `${t.split("\n\n").filter(Boolean).length} cues`;
});

await check("e.vtt", async () => {
    const t = await client.audio.transcriptions.create({ file: file(), model: "whisper-1", response_format: "vtt" });
    expect(/^WEBVTT\n\n\d\d:\d\d:\d\d\.\d\d\d --> /.test(t), `not WebVTT: ${t.slice(0, 80)}`);
    return `${t.length} chars`;
});

await check("f.stream", async () => {
    const stream = await client.audio.transcriptions.create({ file: file(), model: "whisper-1", stream: true });
    let deltas = "";
    let done = null;
    for await (const event of stream) {
        if (event.type === "transcript.text.delta") {
            deltas += event.delta;
        } else if (event.type === "transcript.text.done") {
            done = event.text;
        }
    }
    expect(done !== null && overlap(done) >= 0.6, `no transcript.text.done: ${done}`);
    expect(deltas === done, "the deltas do not add up to the text");
    return `${done.length} chars`;
});

await check("g.bad-key-401", async () => {
    const bad = new OpenAI({ apiKey: "not-a-key", baseURL: `${baseUrl}/v1`, maxRetries: 0 });
    try {
        await bad.audio.transcriptions.create({ file: file(), model: "whisper-1" });
    } catch (e) {
        expect(e instanceof OpenAI.AuthenticationError, `not an AuthenticationError: ${e}`);
        expect(e.status === 401 && e.code === "invalid_api_key" && e.requestID, `status/code/id ${e.status} ${e.code}`);
        return `${e.status} ${e.code} ${e.requestID}`;
    }
    throw new Error("a bad key was accepted");
});

await check("h.bad-format-400", async () => {
    try {
        await client.audio.transcriptions.create({ file: file(), model: "whisper-1", response_format: "diarized_json" });
    } catch (e) {
        expect(e instanceof OpenAI.BadRequestError, `not a BadRequestError: ${e}`);
        expect(e.param === "response_format" && e.type === "invalid_request_error", `param ${e.param} type ${e.type}`);
        return `${e.status} ${e.param}`;
    }
    throw new Error("diarized_json was accepted");
});

const failed = results.filter((ok) => !ok).length;
console.log(`SUMMARY ${results.length - failed} passed, ${failed} failed (openai ${version})`);
process.exit(failed === 0 ? 0 : 1);
