// The ServerlessLoad dashboard: plain script, no build step, nothing loaded from elsewhere. Everything it shows comes
// from the API with the function key in the x-functions-key header; the key is taken once from ?code= (and removed
// from the address) or typed in, and kept in this tab's sessionStorage. Text from the API is only ever set as text.
'use strict';

(() => {
  const KEY = 'sload.key';
  const FINAL = ['passed', 'failed', 'errored', 'cancelled'];
  const POLL_MS = 1000;
  const COLORS = ['#0b5cad', '#cf222e', '#1a7f37', '#9a6700', '#8250df'];
  let stopCurrent = () => {};

  class Unauthorized extends Error {}

  // --- the key and the API ---------------------------------------------------------------------------------------

  function takeKeyFromAddress() {
    const url = new URL(window.location.href);
    const code = url.searchParams.get('code');
    if (code) {
      sessionStorage.setItem(KEY, code);
      url.searchParams.delete('code');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
  }

  async function api(path, options) {
    const init = Object.assign({ method: 'GET' }, options || {});
    init.headers = Object.assign({ 'x-functions-key': sessionStorage.getItem(KEY) || '' }, init.headers || {});
    init.credentials = 'omit';
    init.cache = 'no-store';
    const response = await fetch(path, init);
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      throw new Unauthorized('The key was refused.');
    }
    return response;
  }

  async function json(path) {
    const response = await api(path);
    if (!response.ok) {
      throw new Error(await problem(response));
    }
    return response.json();
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return (body.title || response.statusText) + (body.detail ? ': ' + body.detail : '');
    } catch {
      return response.status + ' ' + response.statusText;
    }
  }

  async function download(path, fileName) {
    const response = await api(path);
    if (!response.ok) {
      throw new Error(await problem(response));
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // --- DOM helpers -----------------------------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function show(...nodes) {
    const view = document.getElementById('view');
    view.replaceChildren(...nodes);
  }

  function say(text, isError) {
    const message = document.getElementById('message');
    message.textContent = text || '';
    message.hidden = !text;
    message.classList.toggle('error', Boolean(isError));
  }

  function statusBadge(status) {
    return el('span', { class: 'status', 'data-status': status }, status);
  }

  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const fmt = (value) => (value === null || value === undefined ? '–' : number.format(value));
  const time = (iso) => (iso ? new Date(iso).toLocaleString() : '–');

  // --- charts ----------------------------------------------------------------------------------------------------

  function niceStep(span, ticks) {
    const raw = span / Math.max(1, ticks);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const scaled = raw / power;
    return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
  }

  // Draws line series [{ name, points: [[second, value]] }] on a canvas sized by its CSS box.
  function drawChart(canvas, series, unit) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = '11px system-ui, sans-serif';

    const all = series.flatMap((s) => s.points.filter((p) => p[1] !== null));
    const left = 52;
    const right = 10;
    const top = 22;
    const bottom = 22;
    const plotW = Math.max(10, width - left - right);
    const plotH = Math.max(10, height - top - bottom);
    const xMin = all.length ? Math.min(...all.map((p) => p[0])) : 0;
    const xMax = all.length ? Math.max(...all.map((p) => p[0]), xMin + 1) : 1;
    const yTop = all.length ? Math.max(...all.map((p) => p[1])) : 1;
    const yStep = niceStep(yTop > 0 ? yTop : 1, 4);
    const yMax = Math.max(yStep, Math.ceil((yTop > 0 ? yTop : 1) / yStep) * yStep);
    const x = (v) => left + ((v - xMin) / (xMax - xMin)) * plotW;
    const y = (v) => top + plotH - (v / yMax) * plotH;

    g.strokeStyle = '#d8dce3';
    g.fillStyle = '#5c6473';
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let v = 0; v <= yMax + yStep / 2; v += yStep) {
      g.beginPath();
      g.moveTo(left, Math.round(y(v)) + 0.5);
      g.lineTo(left + plotW, Math.round(y(v)) + 0.5);
      g.stroke();
      g.fillText(number.format(v) + unit, left - 4, y(v));
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const xStep = Math.max(1, niceStep(xMax - xMin, 6));
    for (let v = Math.ceil(xMin / xStep) * xStep; v <= xMax; v += xStep) {
      g.fillText(v + 's', x(v), top + plotH + 5);
    }

    series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length];
      g.strokeStyle = color;
      g.lineWidth = 1.6;
      g.beginPath();
      let drawing = false;
      for (const [second, value] of s.points) {
        if (value === null) {
          drawing = false;
          continue;
        }
        if (drawing) g.lineTo(x(second), y(value));
        else g.moveTo(x(second), y(value));
        drawing = true;
      }
      g.stroke();
      g.fillStyle = color;
      g.textAlign = 'left';
      g.textBaseline = 'middle';
      g.fillRect(left + i * 90, 8, 10, 3);
      g.fillText(s.name, left + i * 90 + 14, 9);
    });
    if (!all.length) {
      g.fillStyle = '#5c6473';
      g.textAlign = 'center';
      g.fillText('waiting for the first stored second', left + plotW / 2, top + plotH / 2);
    }
  }

  // --- views -----------------------------------------------------------------------------------------------------

  function askForKey(reason) {
    const form = document.getElementById('key-template').content.firstElementChild.cloneNode(true);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY, form.querySelector('#key-input').value.trim());
      say('');
      route();
    });
    say(reason || '', Boolean(reason));
    show(form);
    form.querySelector('#key-input').focus();
  }

  function every(ms, tick) {
    let timer = null;
    let stopped = false;
    const run = async () => {
      if (stopped) return;
      let again = true;
      try {
        again = (await tick()) !== false;
      } catch (error) {
        failed(error);
        again = !(error instanceof Unauthorized);
      }
      if (again && !stopped) timer = setTimeout(run, ms);
    };
    run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  function failed(error) {
    if (error instanceof Unauthorized) {
      stopCurrent();
      askForKey('The API refused the key. Enter the function key again.');
    } else {
      say(error.message, true);
    }
  }

  function runsView() {
    const body = el('tbody');
    const total = el('span', { class: 'muted' });
    show(
      el('h1', null, 'Runs ', total),
      el('table', { id: 'runs' },
        el('thead', null, el('tr', null,
          el('th', null, 'Run'), el('th', null, 'Plan'), el('th', null, 'Status'), el('th', null, 'Trigger'),
          el('th', null, 'Created'), el('th', { class: 'num' }, 'Requests'), el('th', { class: 'num' }, 'Failures'))),
        body));
    return every(3000, async () => {
      const page = await json('/api/runs?top=100');
      total.textContent = '(' + page.total + ')';
      body.replaceChildren(...page.runs.map((run) => el('tr', { 'data-run': run.runId },
        el('td', null, el('a', { href: '#/runs/' + encodeURIComponent(run.runId) }, run.runId)),
        el('td', null, run.name),
        el('td', null, statusBadge(run.status)),
        el('td', null, run.trigger),
        el('td', null, time(run.createdAt)),
        el('td', { class: 'num' }, fmt(run.requests)),
        el('td', { class: 'num' }, fmt(run.failures)))));
      say('');
    });
  }

  function chartCard(id, title) {
    const canvas = el('canvas', { class: 'chart', id, 'data-points': '0', 'data-last-second': '-1' });
    return { canvas, card: el('section', { class: 'chart-card' }, el('h2', null, title), canvas) };
  }

  function runView(runId) {
    const base = '/api/runs/' + encodeURIComponent(runId);
    const title = el('h1', null, runId);
    const facts = el('dl', { class: 'facts' });
    const note = el('p', { class: 'error-text', id: 'run-error' });
    const cancel = el('button', { type: 'button', class: 'danger', id: 'cancel-run', hidden: true }, 'Cancel run');
    const zip = el('button', { type: 'button', id: 'download-zip', hidden: true }, 'Download zip');
    const rps = chartCard('chart-rps', 'Requests per second');
    const latency = chartCard('chart-latency', 'Latency percentiles');
    const failures = chartCard('chart-failures', 'Failures per second');
    const vus = chartCard('chart-vus', 'Active virtual users');
    const thresholds = el('tbody');
    const artifacts = el('ul', { id: 'artifacts' });
    const points = [];
    let next = 0;
    let final = false;
    let armed = false;

    cancel.addEventListener('click', async () => {
      if (!armed) {
        armed = true;
        cancel.textContent = 'Confirm cancel';
        return;
      }
      cancel.disabled = true;
      try {
        const response = await api(base + '/cancel', { method: 'POST' });
        say(response.ok ? 'Cancel requested: the runners stop and the run is reported.' : await problem(response), !response.ok);
      } catch (error) {
        failed(error);
      }
    });
    zip.addEventListener('click', () => download(base + '/artifacts.zip', runId + '.zip').catch(failed));

    show(
      title, facts, note,
      el('div', { class: 'actions' }, cancel, zip),
      el('div', { class: 'charts' }, rps.card, latency.card, failures.card, vus.card),
      el('h2', null, 'Thresholds so far'),
      el('table', { id: 'thresholds' },
        el('thead', null, el('tr', null, el('th', null, 'Threshold'), el('th', null, 'State'), el('th', null, 'Actual'), el('th', null, 'Detail'))),
        thresholds),
      el('h2', null, 'Artifacts'),
      artifacts);

    const draw = () => {
      const series = (pick) => points.map((p) => [p.second, pick(p)]);
      drawChart(rps.canvas, [{ name: 'requests/s', points: series((p) => p.requests) }], '');
      drawChart(latency.canvas, [
        { name: 'p50', points: series((p) => p.p50Ms) },
        { name: 'p90', points: series((p) => p.p90Ms) },
        { name: 'p95', points: series((p) => p.p95Ms) },
        { name: 'p99', points: series((p) => p.p99Ms) },
      ], ' ms');
      drawChart(failures.canvas, [{ name: 'failures/s', points: series((p) => p.failures) }], '');
      drawChart(vus.canvas, [{ name: 'VUs', points: series((p) => p.activeVus) }], '');
      const last = points.length ? String(points[points.length - 1].second) : '-1';
      for (const chart of [rps, latency, failures, vus]) {
        chart.canvas.dataset.points = String(points.length);
        chart.canvas.dataset.lastSecond = last;
      }
    };

    const showFacts = (live) => {
      const run = live.run;
      title.replaceChildren(run.name + ' ', el('span', { class: 'muted' }, run.runId), ' ', statusBadge(run.status));
      const fact = (name, value) => el('div', null, el('dt', null, name), el('dd', null, value));
      facts.replaceChildren(
        fact('Slices done', run.slices.done + ' / ' + run.slices.total),
        fact('Elapsed', live.elapsedSeconds === null ? '–' : fmt(Math.max(0, live.elapsedSeconds)) + ' / ' + fmt(run.plannedSeconds) + ' s'),
        fact('Requests', fmt(live.totals.requests)),
        fact('Failures', fmt(live.totals.failures)),
        fact('Mean rate', fmt(live.totals.rps) + '/s'),
        fact('p95', live.totals.p95Ms === null ? '–' : fmt(live.totals.p95Ms) + ' ms'),
        fact('Stored through', live.through < 0 ? '–' : 'second ' + live.through));
      note.textContent = [run.error, run.abortReason].filter(Boolean).join('\n');
      thresholds.replaceChildren(...live.thresholds.map((t) => el('tr', null,
        el('td', null, el('code', null, t.expression)),
        el('td', { class: 'state-' + t.state }, t.state),
        el('td', null, t.actual),
        el('td', null, t.message))));
      cancel.hidden = FINAL.includes(run.status) || Boolean(run.cancelRequestedAt);
    };

    const showArtifacts = async () => {
      const list = await json(base + '/artifacts');
      artifacts.replaceChildren(...list.artifacts.map((a) => el('li', null,
        el('button', { type: 'button', class: 'link', 'data-artifact': a.name, onclick: () => download(a.url, a.name).catch(failed) }, a.name),
        el('span', { class: 'muted' }, ' ' + fmt(a.size / 1024) + ' KiB'))));
      zip.hidden = list.artifacts.length === 0;
    };

    return every(POLL_MS, async () => {
      const live = await json(base + '/live?from=' + next);
      for (const point of live.seconds) {
        if (point.second >= next) {
          points.push(point);
          next = point.second + 1;
        }
      }
      showFacts(live);
      draw();
      if (FINAL.includes(live.run.status)) {
        if (!final) {
          await showArtifacts();
          final = true;
        }
        return false;
      }
      return true;
    });
  }

  function schedulesView() {
    const body = el('tbody');
    show(
      el('h1', null, 'Schedules'),
      el('table', { id: 'schedules' },
        el('thead', null, el('tr', null,
          el('th', null, 'Name'), el('th', null, 'Cron'), el('th', null, 'Time zone'), el('th', null, 'Plan'),
          el('th', null, 'Enabled'), el('th', null, 'Next'), el('th', null, 'Last run'), el('th', null, ''))),
        body));
    return every(10000, async () => {
      const list = await json('/api/schedules');
      body.replaceChildren(...list.schedules.map((s) => el('tr', null,
        el('td', null, s.name),
        el('td', null, el('code', null, s.cron)),
        el('td', null, s.timeZone),
        el('td', null, s.planName || s.plan || '–'),
        el('td', null, s.enabled ? 'yes' : 'no'),
        el('td', null, time(s.nextOccurrence)),
        el('td', null, s.lastRunId ? el('a', { href: '#/runs/' + encodeURIComponent(s.lastRunId) }, s.lastRunId) : '–', s.lastError ? el('span', { class: 'error-text' }, ' ' + s.lastError) : null),
        el('td', null, el('button', { type: 'button', onclick: () => runNow(s.name) }, 'Run now')))));
      if (!list.schedules.length) body.replaceChildren(el('tr', null, el('td', { colspan: 8, class: 'muted' }, 'No schedules.')));
    });
  }

  async function runNow(name) {
    try {
      const response = await api('/api/schedules/' + encodeURIComponent(name) + '/run-now', { method: 'POST' });
      if (!response.ok) throw new Error(await problem(response));
      const started = await response.json();
      if (started.runId) window.location.hash = '#/runs/' + encodeURIComponent(started.runId);
    } catch (error) {
      failed(error);
    }
  }

  function route() {
    stopCurrent();
    stopCurrent = () => {};
    const forget = document.getElementById('forget-key');
    if (!sessionStorage.getItem(KEY)) {
      forget.hidden = true;
      askForKey();
      return;
    }
    forget.hidden = false;
    say('');
    const hash = window.location.hash.replace(/^#/, '');
    const run = /^\/runs\/([^/]+)$/.exec(hash);
    if (run) stopCurrent = runView(decodeURIComponent(run[1]));
    else if (hash === '/schedules') stopCurrent = schedulesView();
    else stopCurrent = runsView();
  }

  document.addEventListener('DOMContentLoaded', () => {
    takeKeyFromAddress();
    document.getElementById('forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      route();
    });
    window.addEventListener('hashchange', route);
    route();
  });
})();
