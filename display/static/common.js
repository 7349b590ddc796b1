// common.js: what every hall screen shares — safe DOM building (text only, never HTML
// from the server), the JSON API, the websocket stream that reconnects with backoff and
// resumes after the last seq it saw, the "connection lost" mark, the build-version check
// that reloads the page after an upgrade, and the clock.
'use strict';

const OD = (() => {
  const version = document.documentElement.dataset.version || '';

  // el builds an element with a class and text content. Text from the server only ever
  // goes through textContent, so hostile notices or item names show as text.
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function setText(id, text) {
    const e = document.getElementById(id);
    if (e) e.textContent = text === undefined || text === null ? '' : String(text);
  }

  async function getJSON(path) {
    const r = await fetch(path, { cache: 'no-store' });
    if (!r.ok) {
      const err = new Error(path + ': HTTP ' + r.status);
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  async function postJSON(path, body) {
    const r = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    return { status: r.status, data };
  }

  // checkVersion reloads the page when the server runs another build than the one that
  // served it, so an upgraded server's pages and files reach every screen by themselves.
  async function checkVersion() {
    try {
      const v = await getJSON('/board/version');
      if (v && v.version && version && v.version !== version) {
        location.reload();
        return true;
      }
    } catch (e) { /* the server is away; the stream will retry */ }
    return false;
  }

  // Stream follows /api/v1/stream. opts: params (extra query), after (seq to start
  // after), onEvent(ev), onReset(seq) for stream.reset, onState(up). Events at or below
  // the last seq seen are ignored, so a replay after a reconnect is handled exactly once.
  class Stream {
    constructor(opts) {
      this.opts = opts;
      this.lastSeq = opts.after || 0;
      this.minBackoff = opts.minBackoff || 500;
      this.maxBackoff = opts.maxBackoff || 5000;
      this.backoff = this.minBackoff;
      this.ws = null;
      this.up = false;
      this.everUp = false;
      this.timer = null;
      this.stopped = false;
    }

    start() { this.connect(); }

    stop() {
      this.stopped = true;
      clearTimeout(this.timer);
      if (this.ws) this.ws.close();
    }

    url() {
      const q = new URLSearchParams(this.opts.params || {});
      q.set('after', String(this.lastSeq));
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      return proto + '//' + location.host + '/api/v1/stream?' + q.toString();
    }

    connect() {
      if (this.stopped) return;
      let ws;
      try {
        ws = new WebSocket(this.url());
      } catch (e) {
        this.retry();
        return;
      }
      this.ws = ws;
      ws.onopen = () => {
        this.backoff = this.minBackoff;
        const again = this.everUp;
        this.everUp = true;
        this.setUp(true);
        if (again) checkVersion();
      };
      ws.onmessage = (m) => {
        let ev;
        try { ev = JSON.parse(m.data); } catch (e) { return; }
        if (ev.type === 'stream.reset') {
          this.lastSeq = ev.seq || this.lastSeq;
          if (this.opts.onReset) this.opts.onReset(this.lastSeq);
          return;
        }
        if (typeof ev.seq !== 'number' || ev.seq <= this.lastSeq) return;
        this.lastSeq = ev.seq;
        try { this.opts.onEvent(ev); } catch (e) { console.error('event', ev.type, e); }
      };
      ws.onclose = () => {
        if (this.ws !== ws) return;
        this.ws = null;
        this.setUp(false);
        this.retry();
      };
      ws.onerror = () => { /* onclose follows */ };
    }

    retry() {
      if (this.stopped) return;
      const wait = this.backoff / 2 + Math.random() * this.backoff / 2;
      this.backoff = Math.min(this.backoff * 2, this.maxBackoff);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.connect(), wait);
    }

    setUp(up) {
      this.up = up;
      document.body.classList.toggle('offline', !up);
      if (this.opts.onState) this.opts.onState(up);
    }
  }

  // startClock shows the time (and the date when asked) in the element with id.
  function startClock(id, withDate) {
    const tick = () => {
      const d = new Date();
      const p = (n) => String(n).padStart(2, '0');
      let s = p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
      if (withDate) {
        const wd = '日一二三四五六'[d.getDay()];
        s = d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日 星期' + wd + '  ' + s;
      }
      setText(id, s);
    };
    tick();
    setInterval(tick, 1000);
  }

  // minutesRange says a quoted wait in whole minutes, the low end rounded down and the
  // high end up (at least 1): "12–20", or one figure when they meet.
  function minutesRange(minS, maxS) {
    const lo = Math.floor((minS || 0) / 60), hi = Math.max(1, Math.ceil((maxS || 0) / 60));
    return hi > lo ? lo + '–' + hi : String(hi);
  }

  // Recheck the version now and then even when the connection never drops.
  setInterval(checkVersion, 10 * 60 * 1000);

  return { version, el, setText, getJSON, postJSON, checkVersion, Stream, startClock, minutesRange };
})();
