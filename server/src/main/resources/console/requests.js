// The Requests tab: one request from the request log by id, and the newest failures
// (ManagementApi: GET /v1/projects, /v1/projects/{id}/requests[/{request_id}]).
import { call, describe, element, notice } from './api.js';

const $ = (id) => document.getElementById(id);
const FAILURES_SHOWN = 20;

export function setUpRequests() {
  $('lookup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('lookup-id').value.trim();
    if (id) lookUp(id);
  });
  $('load-failures').addEventListener('click', () => failures());
}

/** The newest failures, whenever the tab is shown. */
export function showFailures() {
  failures();
}

/** The server's one project; asked for rather than assumed, as Deepgram's SDKs do. */
async function projectId() {
  const { json } = await call('/v1/projects');
  return json.projects[0].project_id;
}

async function lookUp(requestId) {
  notice($('requests-error'), '');
  $('request-view').replaceChildren();
  try {
    const project = await projectId();
    const { json } = await call(`/v1/projects/${project}/requests/${encodeURIComponent(requestId)}`);
    $('request-view').replaceChildren(...view(json.request));
  } catch (error) {
    notice($('requests-error'), describe(error));
  }
}

function view(request) {
  const details = request.response.details || {};
  const fields = {
    'request id': request.request_id, created: request.created, completed: request.response.completed,
    path: request.path, 'HTTP status': request.code, kind: details.kind, 'close code': details.close_code,
    'close reason': details.close_reason, 'audio (s)': details.duration, 'audio bytes': details.audio_bytes,
    encoding: details.encoding, results: details.results, finals: details.finals,
    'client address': details.client_address, 'user agent': details.user_agent,
    warnings: (details.warnings || []).join('; '), transcript: details.transcript,
  };
  const list = element('dl', null, { class: 'figures', id: 'request-fields' });
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    list.append(element('dt', name), element('dd', value));
  }
  const timeline = element('ol', null, { id: 'request-timeline', class: 'events' });
  for (const step of details.timeline || []) {
    timeline.append(element('li', `${step.at.toFixed(3)} s: ${step.event}`));
  }
  return [list, element('h3', 'Timeline'), timeline];
}

async function failures() {
  notice($('requests-error'), '');
  try {
    const project = await projectId();
    const { json } = await call(`/v1/projects/${project}/requests?status=failed&limit=${FAILURES_SHOWN}`);
    $('failures').tBodies[0].replaceChildren(...json.requests.map((request) => {
      const row = element('tr');
      const details = request.response.details || {};
      const code = details.close_code ? `${details.close_code} ${details.close_reason || ''}` : request.code;
      const open = element('button', request.request_id, { type: 'button', class: 'link' });
      open.addEventListener('click', () => {
        $('lookup-id').value = request.request_id;
        lookUp(request.request_id);
      });
      const idCell = element('td');
      idCell.append(open);
      row.append(element('td', request.created), element('td', request.path), element('td', code), idCell);
      return row;
    }));
  } catch (error) {
    notice($('requests-error'), describe(error));
  }
}
