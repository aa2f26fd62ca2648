// Talks to this server. The key lives in sessionStorage (this tab only) and goes in a header or the
// WebSocket subprotocol, never in a URL: URLs end up in logs and history.
const KEY = 'earshot-api-key';

export function apiKey() {
  return sessionStorage.getItem(KEY) || '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key); else sessionStorage.removeItem(KEY);
}

/** An answer other than 2xx, with the server's err_msg when it sent one. */
export class Refused extends Error {
  constructor(status, body, requestId) {
    super(body && body.err_msg ? body.err_msg : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.requestId = requestId;
  }
}

/** fetch with the key; resolves to {json, requestId} or throws Refused. */
export async function call(path, init = {}) {
  const headers = new Headers(init.headers || {});
  if (apiKey()) headers.set('Authorization', 'Token ' + apiKey());
  const response = await fetch(path, { ...init, headers });
  const requestId = response.headers.get('dg-request-id');
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { err_msg: text }; }
  if (!response.ok) throw new Refused(response.status, json, requestId);
  return { json, requestId };
}

/** Shows an error in a notice element, or hides it when message is empty. */
export function notice(element, message) {
  element.textContent = message || '';
  element.hidden = !message;
}

export function describe(error) {
  if (error instanceof Refused) {
    const code = error.body && error.body.err_code ? ` ${error.body.err_code}` : '';
    const id = error.requestId ? ` (request id ${error.requestId})` : '';
    return `Refused: HTTP ${error.status}${code}: ${error.message}${id}`;
  }
  return `Failed: ${error.message}`;
}

export function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}
