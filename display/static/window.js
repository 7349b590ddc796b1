// window.js: the small display above one window (/board/window/{n}): the number at the
// window and the window's state — open, called, serving, paused with its reason, closed.
'use strict';

(() => {
  const n = parseInt(location.pathname.split('/').pop(), 10);
  const st = { number: n, name: '', state: 'closed', reason: '', current: '', ticketState: '', seq: 0 };
  window.onedoorWindow = st; // test hook

  const labels = {
    closed: ['暂停服务', 'Closed'],
    paused: ['暂停服务', 'Paused'],
    idle: ['欢迎光临 · 等候叫号', 'Open — waiting for the next number'],
    called: ['请到本窗口办理', 'Please come to this window'],
    serving: ['正在办理', 'Now serving'],
  };

  function phase() {
    if (st.state === 'closed' || st.state === 'paused') return st.state;
    if (!st.current) return 'idle';
    return st.ticketState === 'serving' ? 'serving' : 'called';
  }

  function draw() {
    const p = phase();
    document.body.className = 'window st-' + p + (document.body.classList.contains('offline') ? ' offline' : '');
    OD.setText('win-title', st.number + '号窗口 · Window ' + st.number);
    OD.setText('win-name', st.name === st.number + '号窗口' ? '' : st.name);
    OD.setText('win-number', st.current || '—');
    OD.setText('win-state', labels[p][0]);
    OD.setText('win-state-en', labels[p][1]);
    OD.setText('win-reason', p === 'paused' && st.reason ? '原因 Reason: ' + st.reason : '');
    document.body.dataset.phase = p;
  }

  function applyQueue(q) {
    const w = (q.windows || []).find((x) => x.number === n);
    if (!w) { st.name = '未设置此窗口 · No such window'; return; }
    Object.assign(st, { name: w.name, state: w.state, reason: w.reason || '', current: w.current || '',
      ticketState: w.current_state || '', seq: q.seq || 0 });
  }

  function onEvent(ev) {
    const w = ev.window;
    if (!w || w.number !== n) return;
    const t = ev.ticket;
    st.name = w.name || st.name;
    st.state = w.state || st.state;
    st.reason = w.reason || '';
    if (w.current) {
      st.current = w.current;
      st.ticketState = t ? t.state : st.ticketState;
    } else if (t && st.current === t.number) {
      st.current = '';
      st.ticketState = '';
    }
    if (ev.type === 'window.closed') st.current = '';
    st.seq = ev.seq;
    draw();
  }

  async function reload() {
    try { applyQueue(await OD.getJSON('/api/v1/queue')); draw(); } catch (e) { /* retried by the stream */ }
  }

  async function start() {
    let wait = 500;
    for (;;) {
      try { applyQueue(await OD.getJSON('/api/v1/queue')); break; } catch (e) {
        document.body.classList.add('offline');
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, 5000);
      }
    }
    draw();
    // From the state's seq on: the window's ticket and its state came with the state.
    const stream = new OD.Stream({ after: st.seq, onEvent, onReset: reload });
    stream.start();
  }
  start();
})();
