// What every page of Ferry shares (docs/web.md, "The dashboard"): calls to the REST API as the logged-in user, the
// CSRF token for changes, the bar at the top with who is logged in, and building elements from text (never HTML:
// what the API gives, a patient's name included, is shown as text).
'use strict';

const Ferry = (() => {
  let session = null;

  /** Sends the browser to the login page, to come back here. */
  function toLogin() {
    const here = location.pathname + location.search + location.hash;
    location.assign('/ui/login.html?next=' + encodeURIComponent(here));
  }

  /** GETs an API path as JSON; a 401 leads to the login page. */
  async function get(path) {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      toLogin();
      throw new Error('log in first');
    }
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.error || response.statusText);
    }
    return body;
  }

  /** POSTs JSON with the session's CSRF token; answers the JSON answer, or throws its error. */
  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': (session && session.csrfToken) || '' },
      body: JSON.stringify(body || {}),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.status === 401) {
      toLogin();
    }
    if (!response.ok) {
      throw new Error(answer.error || response.statusText);
    }
    return answer;
  }

  /** An element with attributes (and properties) and children: strings become text nodes. */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name === 'onclick') {
        element.addEventListener('click', value);
      } else if (name === 'dataset') {
        Object.assign(element.dataset, value);
      } else {
        element.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return element;
  }

  /** Replaces the children of the element with this id. */
  function fill(id, ...children) {
    document.getElementById(id).replaceChildren(...children.flat());
  }

  /** A table with a header row and rows; an empty table shows {@code empty} instead. */
  function table(headers, rows, empty) {
    if (rows.length === 0) {
      return el('p', { class: 'empty' }, empty);
    }
    return el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
      el('tbody', {}, rows));
  }

  /** Whether the caller may change things (an admin, or this machine without users). */
  function isAdmin() {
    return session !== null && session.role === 'admin';
  }

  /** Reads who is logged in and shows it in the bar (with a Logout for a session); a 401 leads to the login page. */
  async function start() {
    session = await get('/api/session');
    const who = document.getElementById('who');
    if (who) {
      if (session.how === 'session') {
        who.replaceChildren(el('span', { id: 'user' }, session.user + ' (' + session.role + ')'),
          el('button', { id: 'logout', type: 'button', onclick: logout }, 'Log out'));
      } else {
        who.replaceChildren(el('span', { id: 'user', title: 'this server serves this machine only and has no users' },
          'this machine (' + session.role + ')'));
      }
    }
    return session;
  }

  async function logout() {
    await post('/api/logout', {});
    session = null;
    location.assign('/ui/login.html');
  }

  /** Seconds as people read them: 42 s, 3 min 5 s, 2 h 10 min, 3 d 4 h. */
  function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 172800) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  /** Bytes in decimal units, as Ferry's log writes them: 820 B, 15.7 MB. */
  function bytes(count) {
    if (count < 1000) return count + ' B';
    const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
    let value = count / 1000;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return (value < 100 ? value.toFixed(1) : value.toFixed(0)) + ' ' + units[unit];
  }

  /** An ISO time as local date and time, to the second. */
  function time(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    const pad = (n) => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' '
      + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  /** How long ago an ISO time was. */
  function age(iso) {
    return iso ? duration((Date.now() - Date.parse(iso)) / 1000) : '';
  }

  /** Shows a message for a while in the page's #flash line. */
  function flash(message, error) {
    const line = document.getElementById('flash');
    if (line) {
      line.textContent = message;
      line.className = error ? 'flash error' : 'flash';
    }
  }

  return { get, post, el, fill, table, isAdmin, start, duration, bytes, time, age, flash, toLogin,
    session: () => session };
})();
