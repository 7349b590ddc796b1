// board.js: the hall board. It loads the hall's state (with the day's latest calls) and
// follows the stream from that state's seq, announcing each new call; after a drop it
// resumes from the last seq it saw, so nothing is missed or announced twice.
// ?categories=A,B shows only those categories; ?voice=0 silences the board, ?voice=yue
// speaks Cantonese (Mandarin by default); ?repeat=N says a call up to N times while no
// other call waits (default 2); ?english=1 adds the English line.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const only = params.get('categories')
    ? new Set(params.get('categories').toUpperCase().split(',').map((s) => s.trim()).filter(Boolean))
    : null;
  const voiceOn = params.get('voice') !== '0';
  const voice = new Voice.Announcer({
    repeat: parseInt(params.get('repeat') || '2', 10),
    english: params.get('english') === '1',
    voice: params.get('voice') === 'yue' ? 'yue' : 'zh',
    version: OD.version,
    onBlocked: () => { document.getElementById('sound').hidden = false; },
  });
  // The clips are decoded into memory now, so calls are spoken even while the server is away.
  if (voiceOn) voice.start();
  // MAX_NOW is how many windows calling the panel shows, the newest first.
  const MAX_NOW = 12;

  const state = {
    center: '', notice: '',
    categories: [], // [{prefix, name, name_en}]
    waiting: {},    // prefix → count
    windows: {},    // number → {number, name, state, reason, current, callSeq}
    recent: [],     // newest first: {number, window, at, recall, seq}
    newest: '', blinkSeq: 0,
    historyUntil: 0, loaded: false,
    catalogVersion: 0, // the last catalog.published seen
  };
  // Test hooks: the state and the announcer.
  window.onedoorBoard = state;
  window.onedoorVoice = voice;

  const prefixOf = (number) => String(number || '').replace(/[0-9].*$/, '');
  const shown = (number) => !only || only.has(prefixOf(number));

  function applyQueue(q) {
    state.center = q.center_name || '';
    state.notice = q.notice || '';
    state.categories = (q.categories || []).map((c) => ({ prefix: c.prefix, name: c.name, name_en: c.name_en }));
    state.waiting = {};
    for (const c of q.categories || []) state.waiting[c.prefix] = c.waiting;
    const old = state.windows;
    state.windows = {};
    for (const w of q.windows || []) {
      state.windows[w.number] = { number: w.number, name: w.name, state: w.state, reason: w.reason || '',
        current: w.current || '', callSeq: old[w.number] ? old[w.number].callSeq : 0 };
    }
    // The day's latest calls, newest first, as the server keeps them.
    const seen = new Set(); // a number called and then recalled is listed once, newest
    state.recent = (q.recent || []).filter((c) => !seen.has(c.number) && seen.add(c.number))
      .map((c) => ({ number: c.number, window: c.window, at: c.at || '', recall: !!c.recall, seq: c.seq }));
    for (const c of state.recent.slice().reverse()) {
      const w = state.windows[c.window];
      if (w && w.current === c.number) w.callSeq = Math.max(w.callSeq, c.seq);
    }
  }

  function win(n, name) {
    if (!state.windows[n]) state.windows[n] = { number: n, name: name || '', state: 'open', reason: '', current: '', callSeq: 0 };
    return state.windows[n];
  }

  function onEvent(ev) {
    const live = ev.seq > state.historyUntil;
    if (ev.waiting) Object.assign(state.waiting, ev.waiting);
    const t = ev.ticket;
    if (ev.window) {
      const w = win(ev.window.number, ev.window.name);
      w.name = ev.window.name || w.name;
      w.state = ev.window.state || w.state;
      w.reason = ev.window.reason || '';
      if (ev.window.current) w.current = ev.window.current;
      else if (t && w.current === t.number) w.current = '';
      if (ev.type === 'window.closed') w.current = '';
      if (t && (ev.type === 'ticket.called' || ev.type === 'ticket.recalled')) {
        w.callSeq = ev.seq;
        w.current = t.number;
        state.recent = state.recent.filter((r) => r.number !== t.number);
        state.recent.unshift({ number: t.number, window: w.number, at: ev.at || '', recall: ev.type === 'ticket.recalled', seq: ev.seq });
        if (state.recent.length > 40) state.recent.length = 40;
        if (live && shown(t.number)) {
          state.newest = t.number;
          state.blinkSeq = ev.seq;
          if (voiceOn) voice.say(t.number, w.number);
        }
      }
    }
    if (ev.type === 'hall.notice') state.notice = ev.notice || '';
    // A catalog version published (事项动态管理): the categories come again with the hall's state.
    if (ev.type === 'catalog.published') {
      state.catalogVersion = ev.catalog_version || 0;
      reload();
    }
    if (ev.type === 'day.started') {
      state.recent = [];
      state.newest = '';
      reload();
    }
    render();
  }

  let renderQueued = false;
  function render() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => { renderQueued = false; draw(); });
  }

  let lastBlink = 0;
  function draw() {
    OD.setText('center-name', state.center);
    if (document.getElementById('notice').textContent !== state.notice) {
      OD.setText('notice', state.notice);
      // A steady reading speed whatever the length; start part-way so it shows at once.
      const secs = 10 + state.notice.length * 0.35;
      const track = document.querySelector('.notice-track');
      track.style.animationDuration = secs + 's';
      track.style.animationDelay = (-secs * 0.42) + 's';
    }
    document.body.classList.toggle('no-notice', !state.notice);

    const now = Object.values(state.windows).filter((w) => w.current && shown(w.current))
      .sort((a, b) => b.callSeq - a.callSeq || a.number - b.number).slice(0, MAX_NOW);
    const nowList = document.getElementById('now');
    // One column up to 4 calls, two up to 8, three up to 12 (board.css).
    nowList.dataset.cols = String(now.length <= 4 ? 1 : now.length <= 8 ? 2 : 3);
    nowList.replaceChildren(...now.map((w) => {
      const li = OD.el('li');
      li.dataset.number = w.current;
      li.dataset.window = String(w.number);
      li.append(OD.el('span', 'num', w.current));
      li.append(OD.el('span', 'win', w.number + '号窗口'));
      if (w === now[0] && w.callSeq > 0) li.classList.add('newest');
      if (w.current === state.newest && w.callSeq === state.blinkSeq && state.blinkSeq !== lastBlink) li.classList.add('blink');
      return li;
    }));
    lastBlink = state.blinkSeq;

    const recent = state.recent.filter((r) => shown(r.number)).slice(0, 10);
    document.getElementById('recent').replaceChildren(...recent.map((r) => {
      const li = OD.el('li', r.recall ? 'recall' : '');
      li.dataset.number = r.number;
      li.append(OD.el('span', 'num', r.number), OD.el('span', 'win', r.window + '号窗口'),
        OD.el('span', 'at', String(r.at).slice(11, 16)));
      return li;
    }));

    const cats = state.categories.filter((c) => !only || only.has(c.prefix));
    document.getElementById('waiting').replaceChildren(...cats.map((c) => {
      const li = OD.el('li');
      li.dataset.prefix = c.prefix;
      li.title = c.name_en || '';
      li.append(OD.el('span', 'pfx', c.prefix), OD.el('span', 'name', c.name), OD.el('span', 'n', state.waiting[c.prefix] || 0));
      return li;
    }));
  }

  async function reload() {
    try {
      applyQueue(await OD.getJSON('/api/v1/queue'));
      render();
    } catch (e) { /* the stream's reconnect brings us back */ }
  }

  async function refreshCounts() {
    try {
      const q = await OD.getJSON('/api/v1/queue');
      for (const c of q.categories || []) state.waiting[c.prefix] = c.waiting;
      render();
    } catch (e) { /* the next counts come with the stream */ }
  }

  async function start() {
    let wait = 500;
    for (;;) {
      try {
        const q = await OD.getJSON('/api/v1/queue');
        applyQueue(q);
        state.historyUntil = q.seq;
        break;
      } catch (e) {
        document.body.classList.add('offline');
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, 5000);
      }
    }
    state.loaded = true;
    render();
    // From the state's seq on, everything is new. A subscriber too far behind gets
    // stream.reset: the state is refetched.
    // The board view gets calls and window events at once and the waiting counts at
    // most about once a second; a replay after a drop skips the counts, so they are
    // fetched afresh when the stream comes back.
    let wasUp = true;
    const onState = (up) => {
      if (up && !wasUp) refreshCounts();
      wasUp = up;
    };
    const stream = new OD.Stream({ after: state.historyUntil, params: { view: 'board' }, onEvent, onReset: reload, onState });
    window.onedoorStream = stream;
    stream.start();
  }

  document.getElementById('sound').addEventListener('click', () => {
    document.getElementById('sound').hidden = true;
    voice.unlock();
  });
  OD.startClock('clock', true);
  start();
})();
