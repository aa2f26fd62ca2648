// Deepgram's management API through the official SDK 5.x (dg5), unmodified but for its base URL:
// node manage.mjs --url http://HOST:PORT --key KEY --request-id ID
// ID is a request the server answered successfully. Prints one PASS/FAIL line per check; exits 1 on a FAIL.
import { DeepgramClient } from "dg5";
import { Checks, expect, requiredOption } from "./lib.mjs";

const USAGE = "node manage.mjs --url http://HOST:PORT --key KEY --request-id ID";

const url = requiredOption("url", USAGE);
const key = requiredOption("key", USAGE);
const requestId = requiredOption("request-id", USAGE);
const client = new DeepgramClient({ apiKey: key, baseUrl: url });
const checks = new Checks("v5");

async function refusedWith(status, call) {
    try {
        await call();
    } catch (error) {
        expect(error.statusCode === status, `expected HTTP ${status}, got ${error.statusCode}: ${error.message}`);
        return `(${status})`;
    }
    throw new Error(`expected HTTP ${status}, the call succeeded`);
}

let projectId;
await checks.check("m.projects-list", async () => {
    const { projects } = await client.manage.v1.projects.list();
    expect(Array.isArray(projects) && projects.length === 1, `one project, got ${JSON.stringify(projects)}`);
    projectId = projects[0].project_id;
    expect(typeof projectId === "string" && projectId.length > 0, "a project_id");
    return `project ${projectId} (${projects[0].name})`;
});

await checks.check("m.requests-list", async () => {
    const page = await client.manage.v1.projects.requests.list(projectId, { limit: 100 });
    expect(Array.isArray(page.requests), "a requests array");
    expect(page.requests.some((r) => r.request_id === requestId), `request ${requestId} listed`);
    return `${page.requests.length} request(s), page ${page.page}, limit ${page.limit}`;
});

await checks.check("m.requests-list-succeeded", async () => {
    const page = await client.manage.v1.projects.requests.list(projectId, { status: "succeeded", limit: 100 });
    expect(page.requests.some((r) => r.request_id === requestId), `request ${requestId} among the succeeded`);
    expect(page.requests.every((r) => r.code < 400), "only successful requests");
    return `${page.requests.length} succeeded`;
});

await checks.check("m.requests-get", async () => {
    const { request } = await client.manage.v1.projects.requests.get(projectId, requestId);
    expect(request?.request_id === requestId, `request ${requestId}, got ${JSON.stringify(request)}`);
    expect(request.path?.startsWith("/v1/listen"), `its path, got ${request.path}`);
    expect(typeof request.created === "string" && typeof request.response === "object", "created and response");
    expect(!JSON.stringify(request).includes(key), "the API key is nowhere in it");
    return `${request.path} code ${request.code}`;
});

await checks.check("m.usage-get", async () => {
    const usage = await client.manage.v1.projects.usage.get(projectId, {});
    expect(typeof usage.start === "string" && typeof usage.end === "string", `start and end, got ${JSON.stringify(usage)}`);
    return JSON.stringify(usage).slice(0, 120);
});

await checks.check("m.requests-get-unknown", () =>
    refusedWith(404, () => client.manage.v1.projects.requests.get(projectId, "00000000-0000-4000-8000-000000000000")));

await checks.check("m.projects-wrong-key", () =>
    refusedWith(401, () => new DeepgramClient({ apiKey: "not-a-key", baseUrl: url }).manage.v1.projects.list()));

process.exit(checks.failed === 0 ? 0 : 1);
