// The dashboard (docs/web.md, "The dashboard"): reads the REST API every few seconds and redraws a section only
// when what it shows changed; countdowns tick every second in between. Buttons that change something (Retry) are
// shown to admins only, and the server refuses them to anyone else anyway.
'use strict';

(() => {
  const { el, fill, table } = Ferry;
  const REFRESH_MS = 3000;
  const MINUTES = 60;
  const shown = {};
  let chart = null;
  let timer = null;
  let drawn = false;
  let session = null;

  /** Whether {@code data} differs from what the section shows now (and remembers it). */
  function changed(section, data) {
    const text = JSON.stringify(data) + Ferry.isAdmin();
    if (shown[section] === text) {
      return false;
    }
    shown[section] = text;
    return true;
  }

  function stateCell(state) {
    return el('td', { class: 'state-' + state }, state);
  }

  /** A button that POSTs {@code body} to {@code path}, then refreshes; admins only. */
  function action(id, label, path, body) {
    if (!Ferry.isAdmin()) {
      return null;
    }
    return el('button', {
      type: 'button', id, class: 'action',
      onclick: async (event) => {
        event.target.disabled = true;
        try {
          const answer = await Ferry.post(path, body);
          Ferry.flash(answer.message || (answer.retried !== undefined
            ? answer.retried + ' notification(s) to be sent again' : 'done'));
        } catch (error) {
          Ferry.flash(label + ' failed: ' + error.message, true);
        }
        refreshSoon(0);
      },
    }, label);
  }

  function figures(status, perMinute) {
    const minutes = perMinute.minutes;
    const last = minutes[minutes.length - 1] || { objects: 0, bytes: 0 };
    const lastSeconds = Math.max(1, (Date.parse(perMinute.at) - Date.parse(last.at)) / 1000);
    const hour = minutes.reduce((sum, m) => ({ objects: sum.objects + m.objects, bytes: sum.bytes + m.bytes }),
      { objects: 0, bytes: 0 });
    const disk = status.disk || {};
    const figure = (id, value, label) => el('div', { id }, el('b', {}, value), el('span', {}, label));
    fill('figures',
      figure('objects-this-minute', last.objects, 'objects this minute'),
      figure('rate-this-minute', Ferry.bytes(Math.round(last.bytes / lastSeconds)) + '/s', 'received this minute'),
      figure('objects-this-hour', hour.objects,
        'objects in the last ' + MINUTES + ' min (' + Ferry.bytes(hour.bytes) + ')'),
      figure('disk-free', disk.free >= 0 ? Ferry.bytes(disk.free) : '?', disk.admitting === false
        ? 'free: under the minimum, objects are refused' : 'free disk'),
      figure('uptime', Ferry.duration(status.uptimeSeconds), 'up, Ferry ' + status.version));
    document.getElementById('received-summary').textContent = 'since the start: ' + Object.values(
      status.received.perRoute).reduce((sum, c) => sum + c.objects, 0) + ' objects';
  }

  function drawChart(perMinute) {
    const x = perMinute.minutes.map((m) => Date.parse(m.at) / 1000);
    const objects = perMinute.minutes.map((m) => m.objects);
    const megabytes = perMinute.minutes.map((m) => m.bytes / 60 / 1e6);
    const data = [x, objects, megabytes];
    const box = document.getElementById('chart');
    if (chart === null) {
      const zeroUp = (u, min, max) => [0, Math.max(max, 1) * 1.1];
      chart = new uPlot({
        width: box.clientWidth || 800,
        height: 240,
        scales: { n: { range: zeroUp }, mb: { range: (u, min, max) => [0, Math.max(max, 0.1) * 1.1] } },
        series: [
          {},
          { label: 'objects / min', scale: 'n', stroke: '#1f5fa8', fill: 'rgba(31,95,168,0.12)', width: 2 },
          { label: 'MB/s', scale: 'mb', stroke: '#1a7f37', width: 2,
            value: (u, v) => (v === null ? '-' : v.toFixed(2)) },
        ],
        axes: [
          {},
          { scale: 'n', label: 'objects / min' },
          { scale: 'mb', side: 1, label: 'MB/s', grid: { show: false } },
        ],
      }, data, box);
      window.addEventListener('resize', () => chart.setSize({ width: box.clientWidth, height: 240 }));
    } else {
      chart.setData(data);
    }
  }

  function associations(status) {
    const live = status.associations || [];
    document.getElementById('associations-count').textContent = live.length + ' open';
    fill('associations', table(['Peer', 'From → to (port)', 'Since', 'Messages', 'Received'],
      live.map((a) => el('tr', { class: 'association', dataset: { calling: a.callingAeTitle } },
        el('td', { class: 'mono' }, a.peer),
        el('td', {}, a.callingAeTitle + ' → ' + a.calledAeTitle + ' (' + a.port + ')'),
        el('td', {}, Ferry.age(a.startedAt)),
        el('td', { class: 'num' }, a.messagesReceived),
        el('td', { class: 'num' }, Ferry.bytes(a.bytesReceived)))),
      'No association is open.'));
  }

  function destinations(queue) {
    fill('destinations', table(['Destination', 'Waiting', 'In flight', 'Failed', 'Oldest job', 'Breaker', ''],
      queue.destinations.map((d) => el('tr', { class: 'destination', dataset: { destination: d.destination } },
        el('td', {}, d.destination, d.configured ? '' : ' (no longer configured)'),
        el('td', { class: 'num' }, d.waiting),
        el('td', { class: 'num' }, d.inFlight),
        el('td', { class: 'num' + (d.failed > 0 ? ' state-failed' : '') }, d.failed),
        el('td', {}, d.oldestJobAt ? Ferry.age(d.oldestJobAt) : '—'),
        el('td', { class: 'state-' + d.breaker, title: d.lastError || '' }, d.breaker,
          d.nextProbeAt ? ' (next try ' + Ferry.time(d.nextProbeAt) + ')' : ''),
        el('td', {}, d.failed > 0 ? action('retry-destination-' + d.destination, 'Retry all',
          '/api/queue/retry', { destinations: [d.destination] }) : null))),
      'No destination is configured.'));
  }

  function failures(queue, stores) {
    const jobs = queue.destinations.flatMap((d) => d.listed);
    const failing = stores.first.map((f) => el('tr', { class: 'store-failure' },
      el('td', { class: 'uid' }, f.sopInstanceUid),
      el('td', {}, f.route),
      el('td', { class: 'mono' }, f.folder),
      el('td', { class: 'num' }, f.failures),
      el('td', {}, f.nextAttemptAt ? Ferry.time(f.nextAttemptAt) : 'at the next start'),
      el('td', { class: 'error' }, f.reason || '')));
    fill('failures', table(['Job', 'Destination', 'State', 'Attempts', 'Object', 'Last error', ''],
      jobs.map((j) => el('tr', { class: 'failure', dataset: { job: j.id } },
        el('td', { class: 'num' }, j.id),
        el('td', {}, j.destination),
        stateCell(j.state),
        el('td', { class: 'num' }, j.attempts),
        el('td', { class: 'uid', title: 'study ' + j.studyInstanceUid }, j.sopInstanceUid),
        el('td', { class: 'error' }, j.lastError || ''),
        el('td', {}, action('retry-job-' + j.id, 'Retry', '/api/queue/retry', { jobs: [j.id] })))),
      'No forward job failed.'),
    stores.failing > 0 ? [el('h3', {}, 'Objects whose store fails (' + stores.failing + '; tried again on their own)'),
      table(['Object', 'Route', 'Folder', 'Failures', 'Next try', 'Reason'], failing, '')] : []);
  }

  function notificationSummary(study) {
    if (study.notifications.length === 0) {
      return study.state === 'complete' ? 'no notification' : '';
    }
    return study.notifications.map((n) => el('div', { class: 'state-' + n.state }, n.channel + ': ' + n.state));
  }

  function studies(list, serverNow) {
    fill('studies', table(['State', 'Route', 'Patient', 'Study', 'Objects', 'From', 'Last object', 'Completion'],
      list.map((s) => {
        let completion;
        if (s.state === 'awaiting') {
          const until = Date.now() + (Date.parse(s.dueAt) - serverNow);
          completion = el('span', { class: 'countdown', dataset: { until } }, countdown(until));
        } else {
          completion = notificationSummary(s);
        }
        return el('tr', { class: 'study', dataset: { study: s.studyInstanceUid, state: s.state } },
          stateCell(s.state),
          el('td', {}, s.route),
          el('td', {}, (s.patientName || '').replaceAll('^', ' '), el('div', { class: 'mono' }, s.patientId || '')),
          el('td', {}, s.studyDescription || '', el('div', { class: 'uid' }, s.studyInstanceUid)),
          el('td', { class: 'num' }, s.objects, el('div', {}, Ferry.bytes(s.bytes))),
          el('td', {}, s.callingAeTitle),
          el('td', {}, Ferry.age(s.lastAt) + ' ago'),
          el('td', {}, completion));
      }),
      'No study yet (studies are followed for routes that notify: docs/notifications.md).'));
  }

  function countdown(until) {
    const left = (until - Date.now()) / 1000;
    return left > 0 ? 'complete in ' + Ferry.duration(Math.ceil(left)) : 'completing…';
  }

  function notifications(list, status) {
    const counts = status.notifications || {};
    document.getElementById('notifications-count').textContent = (counts.pending || 0) + ' pending, '
      + (counts.failed || 0) + ' failed, ' + (counts.sent || 0) + ' sent';
    fill('notifications', table(['Id', 'Route', 'Channel', 'Study', 'State', 'When', 'Last error', ''],
      list.map((n) => el('tr', { class: 'notification', dataset: { notification: n.id, state: n.state } },
        el('td', { class: 'num' }, n.id),
        el('td', {}, n.route),
        el('td', {}, n.channel),
        el('td', { class: 'uid' }, n.studyInstanceUid),
        stateCell(n.state),
        el('td', {}, Ferry.time(n.doneAt || n.nextAttemptAt || n.createdAt)),
        el('td', { class: 'error' }, n.lastError || ''),
        el('td', {}, n.state === 'failed' ? action('retry-notification-' + n.id, 'Retry',
          '/api/notifications/retry', { ids: [n.id] }) : null))),
      'No notification yet.'));
  }

  function log(lines) {
    const box = document.getElementById('log');
    const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    box.replaceChildren(...lines.map((line) => el('div', { class: 'level-' + line.level },
      Ferry.time(line.at).slice(11) + ' ' + line.level.padEnd(5) + ' ' + line.logger + ' - ' + line.message)));
    if (lines.length === 0) {
      box.textContent = 'Nothing logged yet.';
    }
    if (atEnd) {
      box.scrollTop = box.scrollHeight;
    }
  }

  async function refresh() {
    try {
      const [, status, queue, studyList, notificationList, perMinute, lines] = await Promise.all([session,
        Ferry.get('/api/status'), Ferry.get('/api/queue?listed=20'), Ferry.get('/api/studies?limit=20'),
        Ferry.get('/api/notifications?limit=20'), Ferry.get('/api/received/per-minute?minutes=' + MINUTES),
        Ferry.get('/api/log?limit=80')]);
      figures(status, perMinute);
      if (changed('chart', perMinute.minutes)) {
        drawChart(perMinute);
      }
      if (changed('associations', status.associations)) {
        associations(status);
      }
      if (changed('destinations', queue.destinations.map((d) => ({ ...d, listed: d.listed.length })))) {
        destinations(queue);
      }
      if (changed('failures', [queue.destinations.map((d) => d.listed), status.storeActions])) {
        failures(queue, status.storeActions);
      }
      if (changed('studies', studyList.map((s) => ({ ...s, secondsLeft: null })))) {
        studies(studyList, Date.parse(status.at));
      }
      if (changed('notifications', [notificationList, status.notifications])) {
        notifications(notificationList, status);
      }
      if (changed('log', lines.length ? lines[lines.length - 1].sequence : -1)) {
        log(lines);
      }
      document.body.dataset.refreshedAt = status.at;
      if (!drawn) {
        drawn = true;
        performance.mark('ferry-dashboard-drawn'); // the page with its data, for bench/web.sh (User Timing)
      }
      if (document.getElementById('flash').classList.contains('error')) {
        Ferry.flash('');
      }
    } catch (error) {
      Ferry.flash('Cannot read this Ferry: ' + error.message, true);
    }
    refreshSoon(REFRESH_MS);
  }

  /** The next refresh after {@code delay} ms; none while the tab is hidden, one at once when it shows again. */
  function refreshSoon(delay) {
    clearTimeout(timer);
    timer = document.hidden ? null : setTimeout(refresh, delay);
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && timer === null) {
      refreshSoon(0);
    }
  });

  function tick() {
    for (const span of document.querySelectorAll('.countdown')) {
      span.textContent = countdown(Number(span.dataset.until));
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    session = Ferry.start(); // asked beside the first refresh's data, which waits for it (admin buttons or not)
    session.catch(() => clearTimeout(timer)); // not logged in: on the way to the login page
    setInterval(tick, 1000);
    refresh();
  });
})();
