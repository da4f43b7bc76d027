// Weir analytics dashboard: reads /api/v1/analytics/* with the signed-in user's bearer token and
// draws the figures with Chart.js. A fragment can preset the session and filters (used by tests and
// for sharing a view): #token=…&api=…&application=…&environment=…&from=…&to=…&resolution=…
(() => {
  'use strict';
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) sessionStorage.setItem('weir.token', fragment.get('token'));
  const $ = (id) => document.getElementById(id);
  const RANGES = { '15m': 15, '1h': 60, '6h': 360, '24h': 1440, '7d': 10080, '30d': 43200 };
  const COLORS = ['#4cc9f0', '#f9c74f', '#f25f5c', '#90be6d', '#b388eb', '#f8961e'];
  const charts = {};
  Chart.defaults.color = '#8b9bab';
  Chart.defaults.borderColor = '#2c3a48';
  Chart.defaults.animation = false;

  async function api(path) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('weir.token') } });
    if (response.status === 401) { signOut(); throw new Error('signed out'); }
    const body = await response.json();
    if (!response.ok) throw new Error(body.detail || response.statusText);
    return body;
  }

  function signOut() {
    sessionStorage.removeItem('weir.token');
    $('dashboard').hidden = true;
    $('login').hidden = false;
    $('status').textContent = 'signed out';
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new URLSearchParams({ grant_type: 'password', username: $('username').value, password: $('password').value });
    const response = await fetch('/oauth2/token', { method: 'POST', body: form });
    const body = await response.json();
    if (!response.ok) { $('login-error').textContent = body.error_description || 'sign-in failed'; return; }
    sessionStorage.setItem('weir.token', body.access_token);
    start();
  });

  function query() {
    const params = new URLSearchParams();
    const custom = $('range').value === 'custom';
    const to = custom && fragment.get('to') ? new Date(fragment.get('to')) : new Date();
    const from = custom ? new Date(fragment.get('from')) : new Date(to - RANGES[$('range').value] * 60000);
    params.set('from', from.toISOString());
    params.set('to', to.toISOString());
    if (custom && fragment.get('resolution')) params.set('resolution', fragment.get('resolution'));
    for (const [id, name] of [['api', 'apiId'], ['application', 'applicationId'], ['environment', 'environment']]) {
      if ($(id).value) params.set(name, $(id).value);
    }
    return params;
  }

  async function fillFilters() {
    const [apis, environments] = await Promise.all([api('/api/v1/apis'), api('/api/v1/environments')]);
    options($('api'), apis.items.map((a) => [a.apiId, a.name + ' ' + a.apiVersion]), fragment.get('api'));
    options($('environment'), environments.items.map((e) => [e.name, e.name]), fragment.get('environment'));
    options($('application'), [], fragment.get('application'));
    if (fragment.get('from')) {
      const label = fragment.get('from').slice(0, 16).replace('T', ' ') + ' – ' + (fragment.get('to') || 'now').slice(0, 16).replace('T', ' ');
      options($('range'), [['custom', label]], 'custom');
    }
  }

  function options(select, entries, selected) {
    const known = new Set([...select.options].map((o) => o.value));
    for (const [value, label] of entries) {
      if (!known.has(value)) select.add(new Option(label, value));
    }
    if (selected && !known.has(selected) && !entries.some(([value]) => value === selected)) {
      select.add(new Option(selected, selected)); // a value from the link, unknown to the lists (e.g. a past environment)
    }
    if (selected) select.value = selected;
  }

  function chart(id, type, labels, datasets, extra = {}) {
    const data = { labels, datasets: datasets.map((d, i) => ({ backgroundColor: d.colors || COLORS[i], borderColor: COLORS[i],
      pointRadius: 0, tension: 0.2, ...d })) };
    const canvas = $(id);
    // what the chart shows, readable by tests and assistive tools: the sum of every data set
    canvas.dataset.sums = JSON.stringify(datasets.map((d) => d.data.reduce((a, b) => a + (b || 0), 0)));
    canvas.dataset.labels = JSON.stringify(labels);
    if (charts[id]) { charts[id].data = data; charts[id].update(); return; }
    charts[id] = new Chart(canvas, { type, data, options: { maintainAspectRatio: false, ...extra } });
  }

  const time = (points) => points.map((p) => new Date(p.start).toISOString().slice(11, 16));
  const ms = (micros) => (micros == null ? '–' : (micros / 1000).toFixed(micros < 10000 ? 2 : 1));
  const figure = (name, value) => document.querySelectorAll(`[data-figure="${name}"]`).forEach((e) => { e.textContent = value; });

  async function refresh() {
    const q = query();
    const series = (measure) => api('/api/v1/analytics/timeseries?measure=' + measure + '&' + q);
    const top = new URLSearchParams(q); top.delete('applicationId'); top.set('by', 'applications'); top.set('limit', '8');
    const [summary, errors, volume, messages, p50, p95, p99, opened, closed, apps] = await Promise.all([
      api('/api/v1/analytics/summary?' + q), api('/api/v1/analytics/errors?' + q), series('requests'), series('messages'),
      series('gateway-latency-p50'), series('gateway-latency-p95'), series('gateway-latency-p99'),
      series('connections-opened'), series('connections-closed'), api('/api/v1/analytics/top?' + top)]);
    figure('requests', summary.requests);
    figure('messages', summary.messages);
    figure('errors', summary.errors.total);
    figure('error-rate', summary.requests ? (100 * summary.errors.total / summary.requests).toFixed(1) + ' % of requests' : '');
    figure('p50', ms(summary.gatewayLatency.p50));
    figure('p95', ms(summary.gatewayLatency.p95));
    figure('p99', ms(summary.gatewayLatency.p99));
    figure('open-connections', summary.streaming.openConnections);
    figure('late', summary.late);
    figure('duplicates', summary.duplicates);
    const labels = time(volume.points);
    chart('volume', 'line', labels, [
      { label: 'requests', data: volume.points.map((p) => p.value), fill: true, backgroundColor: 'rgba(76,201,240,.15)' },
      { label: 'messages', data: messages.points.map((p) => p.value) }]);
    chart('latency', 'line', labels, [p50, p95, p99].map((s, i) => ({ label: ['p50', 'p95', 'p99'][i],
      data: s.points.map((p) => (p.value == null ? null : p.value / 1000)), spanGaps: true })));
    const classes = ['clientErrors', 'serverErrors', 'throttled', 'authFailures'];
    chart('errors', 'bar', ['4xx', '5xx', 'throttled', 'auth failure'],
      [{ label: 'errors', data: classes.map((c) => errors.errors[c]), colors: ['#f9c74f', '#f25f5c', '#b388eb', '#f8961e'] }],
      { plugins: { legend: { display: false } } });
    chart('applications', 'bar', apps.items.map((a) => a.name || a.id),
      [{ label: 'requests + messages', data: apps.items.map((a) => a.requests) }], { indexAxis: 'y', plugins: { legend: { display: false } } });
    chart('connections', 'bar', labels, [{ label: 'opened', data: opened.points.map((p) => p.value) },
      { label: 'closed', data: closed.points.map((p) => p.value) }]);
    options($('application'), apps.items.filter((a) => a.id !== '-').map((a) => [a.id, a.name || a.id]));
    $('updated').textContent = new Date().toLocaleTimeString();
    $('status').textContent = 'live';
    document.body.dataset.rendered = 'true';
  }

  async function start() {
    $('login').hidden = true;
    $('dashboard').hidden = false;
    try {
      await fillFilters();
      await refresh();
    } catch (e) {
      $('status').textContent = e.message;
    }
  }

  for (const id of ['api', 'application', 'environment', 'range']) {
    $(id).addEventListener('change', () => refresh().catch((e) => { $('status').textContent = e.message; }));
  }
  setInterval(() => { if (sessionStorage.getItem('weir.token')) refresh().catch((e) => { $('status').textContent = e.message; }); }, 5000);
  if (sessionStorage.getItem('weir.token')) start(); else signOut();
})();
