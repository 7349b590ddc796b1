// The staff pages' web session (workbench, console, catalog): the server keeps an
// HttpOnly cookie; the CSRF token from the login's answer goes back in X-CSRF-Token with
// every request that changes something. ODWeb.client makes a page's api function;
// ODWeb.loginMessage says why a login was refused, in both languages.
'use strict';

window.ODWeb = (() => {
  function randomKey() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  // client returns api(method, path, body, raw): csrf() gives the session's token (or
  // nothing before login); with idempotent, a change also carries an Idempotency-Key,
  // so a retried click is done once; raw sends body as it is, otherwise as JSON. A
  // refused answer throws an Error with the server's message and its status.
  function client(csrf, { idempotent = false } = {}) {
    return async function api(method, path, body, raw) {
      const headers = { Accept: 'application/json' };
      if (method !== 'GET') {
        headers['Content-Type'] = 'application/json';
        const token = csrf();
        if (token) headers['X-CSRF-Token'] = token;
        if (idempotent) headers['Idempotency-Key'] = randomKey();
      }
      const r = await fetch(path, { method, headers, cache: 'no-store', credentials: 'same-origin',
        body: body === undefined ? undefined : (raw ? body : JSON.stringify(body)) });
      let data = null;
      if (r.status !== 204) {
        try { data = await r.json(); } catch (e) { data = null; }
      }
      if (!r.ok) {
        const err = new Error((data && data.error && data.error.message) || ('HTTP ' + r.status));
        err.status = r.status;
        throw err;
      }
      return data;
    };
  }

  // loginMessage is what the login form says for a refused login.
  function loginMessage(err) {
    if (err.status === 401) return '工号或密码错误，或尝试次数过多 · Unknown staff, wrong PIN or too many tries';
    if (err.status === 429) return '尝试过于频繁，请稍后再试 · Too many tries: wait a moment';
    return err.message;
  }

  return { client, loginMessage };
})();
