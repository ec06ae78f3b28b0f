// The login page (docs/web.md, "Logging in"): POST /api/login with the name and password as JSON; the server sets
// the session cookie (HttpOnly: this script never sees it). Then back to the page that sent the user here.
'use strict';

(() => {
  /** Where to go after logging in: a path of this server only, never another site. */
  function next() {
    try {
      const wanted = new URL(new URLSearchParams(location.search).get('next') || '/', location.origin);
      return wanted.origin === location.origin ? wanted.pathname + wanted.search + wanted.hash : '/';
    } catch (error) {
      return '/';
    }
  }

  function say(message) {
    const line = document.getElementById('flash');
    line.textContent = message;
    line.className = 'flash error';
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('login-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = document.getElementById('login');
      button.disabled = true;
      try {
        const response = await fetch('/api/login', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            username: document.getElementById('username').value,
            password: document.getElementById('password').value,
          }),
        });
        const answer = await response.json().catch(() => ({}));
        if (response.ok) {
          location.assign(next());
          return;
        }
        say(answer.error || response.statusText);
      } catch (error) {
        say('Cannot reach Ferry: ' + error.message);
      } finally {
        button.disabled = false;
      }
    });
  });
})();
