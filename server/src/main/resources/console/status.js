// The Status tab: /v1/status and a few figures from /metrics, refreshed while the tab is shown.
import { call, describe, element } from './api.js';

const REFRESH_MS = 3000;
const $ = (id) => document.getElementById(id);

/** Prometheus text exposition: the sum of every sample of each metric name (all label sets). */
export function sums(text) {
  const totals = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
    if (match) totals[match[1]] = (totals[match[1]] || 0) + Number(match[3]);
  }
  return totals;
}

export function setUpStatus() {
  let timer = null;
  return {
    visible(shown) {
      clearInterval(timer);
      timer = null;
      if (shown) {
        refresh();
        timer = setInterval(refresh, REFRESH_MS);
      }
    },
  };
}

async function refresh() {
  try {
    const { json: status } = await call('/v1/status');
    const metrics = sums(await (await fetch('/metrics')).text());
    const figures = {
      health: status.system_health, streams: `${status.active_stream_requests} of ${status.max_stream_requests}`,
      'Flux streams': status.active_listen_v2_stream_requests,
      files: `${status.active_batch_requests} of ${status.max_batch_requests}`,
      'warm recognisers': status.warm_recognizers, draining: status.draining, version: status.version,
      'uptime (s)': status.uptime_seconds,
      'audio transcribed (s)': round(metrics.earshot_audio_seconds_total),
      'streams closed': metrics.earshot_stream_closes_total_total ?? metrics.earshot_stream_closes_total,
      refusals: metrics.earshot_refusals_total_total ?? metrics.earshot_refusals_total,
      'estimated stream capacity': metrics.engine_estimated_stream_capacity,
    };
    $('status-figures').replaceChildren(...Object.entries(figures).filter(([, v]) => v !== undefined)
      .flatMap(([name, value]) => [element('dt', name), element('dd', value)]));
    $('status-state').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    $('status-state').textContent = describe(error);
  }
}

function round(value) {
  return value === undefined ? undefined : Math.round(value * 10) / 10;
}
