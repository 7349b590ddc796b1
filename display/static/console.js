// console.js: the supervisors' console. A supervisor or admin logs in (HttpOnly session
// cookie; the CSRF token from the login's answer goes back in X-CSRF-Token with every
// change). The live hall follows the staff stream: each event refetches the hall's view
// (coalesced) and alarm events update the alarms panel at once, with a short WebAudio
// beep. Text from the server only ever goes through textContent.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const el = OD.el;
  let me = null;
  let hall = null;
  const alarms = new Map();
  const perf = []; // ms per render of a stream message, read by the benchmark

  const api = ODWeb.client(() => me && me.csrf); // the web session (websession.js)

  function show(view) {
    document.body.dataset.view = view;
    for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== view + '-view';
    $('nav').hidden = $('who').hidden = !me;
  }

  function dur(s) {
    if (s === null || s === undefined || s < 0) return '';
    s = Math.floor(s);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), ss = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(ss).padStart(2, '0');
  }
  let skew = 0; // the server's clock less this browser's, in ms
  const since = (t) => (t ? (Date.now() + skew - Date.parse(t)) / 1000 : null);

  const winStates = { open: '开放 open', paused: '暂停 paused', closed: '关闭 closed' };

  // renderHall draws the windows and categories of the hall view v.
  function renderHall(v) {
    hall = v;
    skew = Date.parse(v.at) - Date.now();
    const wb = document.createDocumentFragment();
    for (const w of v.windows) {
      const tr = el('tr', 'w-' + w.state);
      tr.dataset.window = w.number;
      tr.append(el('td', '', w.name.includes(String(w.number)) ? w.name : w.number + ' ' + w.name));
      tr.append(el('td', 'state', (winStates[w.state] || w.state) + (w.reason ? ' · ' + w.reason : '')));
      tr.append(el('td', '', w.staff_name || w.staff || ''));
      tr.append(el('td', 'current', w.current ? w.current + (w.current_state === 'serving' ? ' 办理中' : ' 已呼叫') : ''));
      const td = el('td', 'for', w.current ? dur(since(w.current_since)) : (w.state === 'paused' ? dur(since(w.since)) : ''));
      td.dataset.since = w.current ? (w.current_since || '') : (w.state === 'paused' ? (w.since || '') : '');
      tr.append(td);
      tr.append(el('td', '', w.served));
      tr.append(el('td', '', (w.categories || []).join(',') || '全部 all'));
      const b = el('button', 'auto ' + (w.auto ? 'on' : 'off'), w.auto ? '自动 auto' : '手动 manual');
      b.type = 'button';
      b.dataset.window = w.number;
      b.dataset.auto = w.auto ? 'yes' : 'no';
      const c = el('td'); c.append(b); tr.append(c);
      wb.append(tr);
    }
    $('windows').replaceChildren(wb);
    const cb = document.createDocumentFragment();
    for (const c of v.categories) {
      const tr = el('tr');
      tr.dataset.category = c.code;
      tr.append(el('td', '', c.prefix + ' ' + c.name + ' ' + (c.name_en || '')));
      tr.append(el('td', 'waiting', c.waiting));
      tr.append(el('td', '', dur(c.longest_wait_s)));
      tr.append(el('td', '', c.no_window ? '无窗口 no window' : OD.minutesRange(c.wait_min_s, c.wait_max_s) + ' 分钟 min'));
      const m = el('td');
      if (c.waiting > 0) {
        const b = el('button', 'move', '调整 Move…'); b.type = 'button'; b.dataset.move = c.code; m.append(b);
      }
      tr.append(m);
      cb.append(tr);
    }
    $('categories').replaceChildren(cb);
    document.body.dataset.seq = v.seq;
  }

  let pending = null;
  // refresh fetches the hall view once for any number of events that arrive meanwhile.
  function refresh(t0) {
    if (pending) return;
    pending = (async () => {
      try {
        const v = await api('GET', '/api/v1/console/hall');
        const t1 = performance.now();
        renderHall(v);
        perf.push({ render: performance.now() - t1, total: t0 ? performance.now() - t0 : null });
        $('hall-error').textContent = '';
      } catch (e) {
        $('hall-error').textContent = '刷新失败 Refresh failed: ' + e.message;
      } finally { pending = null; }
    })();
  }

  // beep plays a short tone; browsers allow sound only after a click on the page.
  let audio = null;
  function beep() {
    try {
      audio = audio || new AudioContext();
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = 880; g.gain.value = 0.2;
      o.connect(g); g.connect(audio.destination);
      o.start(); o.stop(audio.currentTime + 0.25);
      document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
    } catch (e) { /* no audio here */ }
  }

  function renderAlarms() {
    const ul = $('alarms');
    const f = document.createDocumentFragment();
    for (const a of [...alarms.values()].sort((x, y) => Date.parse(x.since) - Date.parse(y.since))) {
      const li = el('li', a.acked ? 'acked' : 'new');
      li.dataset.alarm = a.id;
      li.dataset.kind = a.kind;
      li.append(el('div', 'text', a.text));
      li.append(el('small', '', new Date(a.since).toLocaleTimeString('zh-CN') + (a.acked_by ? ' · 已确认 acknowledged by ' + a.acked_by : '')));
      if (!a.acked) {
        const b = el('button', 'ack', '确认 Acknowledge');
        b.type = 'button'; b.dataset.ack = a.id; li.append(b);
      }
      if (a.kind === 'crowd') {
        const b = el('button', 'open-for', '增开窗口 Open a window');
        b.type = 'button'; b.dataset.openFor = a.subject; li.append(b);
      }
      f.append(li);
    }
    ul.replaceChildren(f);
    $('alarms-empty').hidden = alarms.size > 0;
  }

  function onEvent(ev) {
    const t0 = performance.now();
    if (ev.type === 'device.status' && document.body.dataset.view === 'admin') loadAdmin().catch(() => {});
    if (ev.alarm) {
      if (ev.type === 'alarm.raised') { alarms.set(ev.alarm.id, ev.alarm); beep(); }
      else if (ev.type === 'alarm.cleared') alarms.delete(ev.alarm.id);
      else if (ev.type === 'alarm.acknowledged') {
        if (ev.alarm.kind === 'wait' || ev.alarm.kind === 'crowd' || ev.alarm.kind === 'pause') alarms.set(ev.alarm.id, ev.alarm);
        else alarms.delete(ev.alarm.id);
      }
      renderAlarms();
      return;
    }
    refresh(t0);
  }

  async function startHall() {
    const [v, list] = await Promise.all([api('GET', '/api/v1/console/hall'), api('GET', '/api/v1/alarms')]);
    renderHall(v);
    alarms.clear();
    for (const a of list) alarms.set(a.id, a);
    renderAlarms();
    const stream = new OD.Stream({ after: v.seq, onEvent, onReset: () => refresh(),
      onState: (up) => { $('live').className = up ? 'live up' : 'live'; } });
    stream.start();
    setInterval(() => {
      for (const td of document.querySelectorAll('#windows td.for')) if (td.dataset.since) td.textContent = dur(since(td.dataset.since));
    }, 1000);
  }

  // openWindowFor answers the "add a window" alarm: an open window whose clerk is free
  // and that does not serve the category takes it on as well; without one, a closed
  // window is set to serve it (for the next clerk to log in to), and without that a new
  // closed window is created for it.
  async function openWindowFor(cat) {
    const serves = (w) => !w.categories || w.categories.length === 0 || w.categories.includes(cat);
    const free = hall.windows.find((w) => w.state === 'open' && !w.current && !serves(w));
    const closed = hall.windows.find((w) => w.state === 'closed');
    let done;
    if (free) {
      await api('POST', '/api/v1/windows/' + free.number + '/categories', { categories: [...free.categories, cat] });
      done = free.number + '号窗口已增办 ' + cat + ' / window ' + free.number + ' now serves ' + cat;
    } else if (closed) {
      await api('POST', '/api/v1/windows/' + closed.number + '/categories', { categories: [cat] });
      done = closed.number + '号窗口待开放，办理 ' + cat + ' / window ' + closed.number + ' set to ' + cat + ', awaiting a clerk';
    } else {
      const used = new Set(hall.windows.map((w) => w.number));
      let n = 1;
      while (used.has(n)) n++;
      await api('POST', '/api/v1/admin/windows', { number: n, name: n + '号窗口', kind: 'comprehensive', categories: [cat] });
      done = '已新建 ' + n + '号窗口 / window ' + n + ' created for ' + cat;
    }
    $('hall-error').textContent = done;
    refresh();
  }

  // showMove lists the category's waiting tickets, each with where it may be moved.
  async function showMove(cat) {
    const out = await api('GET', '/api/v1/console/waiting?category=' + encodeURIComponent(cat));
    $('move-panel').hidden = false;
    $('move-panel').dataset.category = cat;
    $('move-list').replaceChildren(...out.tickets.map((t) => {
      const tr = el('tr'); tr.dataset.ticket = t.number;
      const sel = el('select');
      for (const c of hall.categories) if (c.code !== t.category) { const o = el('option', '', c.prefix + ' ' + c.name); o.value = c.code; sel.append(o); }
      const win = el('input'); win.type = 'number'; win.min = 1; win.max = 999; win.placeholder = '或窗口 or window';
      const b = el('button', 'do-move', '移动 Move'); b.type = 'button'; b.dataset.id = t.id;
      const c = el('td'); c.append(sel, ' ', win, ' ', b);
      tr.append(el('td', '', t.number), el('td', '', new Date(t.issued_at).toLocaleTimeString('zh-CN')), el('td', '', t.designated || ''), c);
      return tr;
    }));
  }
  $('categories').addEventListener('click', (e) => {
    const b = e.target.closest('button.move');
    if (b) showMove(b.dataset.move).catch((err) => { $('hall-error').textContent = err.message; });
  });
  $('move-list').addEventListener('click', async (e) => {
    const b = e.target.closest('button.do-move');
    if (!b) return;
    const td = b.parentElement;
    const n = Number(td.querySelector('input').value) || 0;
    try {
      await api('POST', '/api/v1/tickets/' + encodeURIComponent(b.dataset.id) + '/move', n ? { window: n } : { category: td.querySelector('select').value });
      await showMove($('move-panel').dataset.category);
    } catch (err) { $('hall-error').textContent = err.message; }
  });

  $('windows').addEventListener('click', async (e) => {
    const b = e.target.closest('button.auto');
    if (!b) return;
    try {
      await api('POST', '/api/v1/windows/' + b.dataset.window + '/mode', { mode: b.dataset.auto === 'yes' ? 'manual' : 'auto' });
      refresh();
    } catch (err) { $('hall-error').textContent = err.message; }
  });
  $('alarms').addEventListener('click', async (e) => {
    const b = e.target.closest('button');
    if (!b) return;
    try {
      if (b.dataset.ack) {
        const a = await api('POST', '/api/v1/alarms/' + encodeURIComponent(b.dataset.ack) + '/ack', {});
        if (a && a.id) alarms.set(a.id, a);
        renderAlarms();
      } else if (b.dataset.openFor) await openWindowFor(b.dataset.openFor);
    } catch (err) { $('hall-error').textContent = err.message; }
  });
  $('sound').addEventListener('click', () => { beep(); });

  // ---- staff, devices, windows, notice
  const statusWords = { ok: '正常 ok', warning: '警告 warning', fault: '故障 fault' };
  async function loadAdmin() {
    const [st, dv] = await Promise.all([api('GET', '/api/v1/admin/staff'), api('GET', '/api/v1/admin/devices')]);
    $('staff-list').replaceChildren(...st.staff.map((s) => {
      const tr = el('tr'); tr.dataset.staff = s.id;
      tr.append(el('td', '', s.id), el('td', '', s.name), el('td', '', s.role + (s.locked ? ' · 已锁定 locked' : '') + (s.disabled ? ' · 已停用 disabled' : '')));
      const c = el('td');
      if (!s.disabled && s.id !== me.staff && (me.role === 'admin' || s.role === 'clerk')) {
        const r = el('button', 'pin', '重置密码 Reset PIN'); r.type = 'button'; r.dataset.pin = s.id;
        const d = el('button', 'disable', '停用 Disable'); d.type = 'button'; d.dataset.disable = s.id;
        c.append(r, ' ', d);
      }
      if (!s.disabled && s.id !== me.staff && me.role === 'admin' && s.role !== 'officer') {
        const sel = el('select', 'role-pick');
        for (const [v, label] of [['clerk', '窗口人员 clerk'], ['supervisor', '主管 supervisor'], ['admin', '管理员 admin']]) {
          const o = el('option', '', label); o.value = v; o.selected = v === s.role; sel.append(o);
        }
        const b = el('button', 'set-role', '改角色 Set role'); b.type = 'button'; b.dataset.role = s.id;
        c.append(' ', sel, ' ', b);
      }
      tr.append(c);
      return tr;
    }));
    $('device-list').replaceChildren(...dv.devices.map((d) => {
      const tr = el('tr'); tr.dataset.device = d.name;
      const b = el('button', 'revoke', '吊销 Revoke'); b.type = 'button'; b.dataset.revoke = d.name;
      const c = el('td'); c.append(b);
      const st = (d.status || []).map((x) => x.kind + ' ' + (statusWords[x.status] || x.status) + (x.detail ? ' (' + x.detail + ')' : '')).join(' · ');
      tr.append(el('td', 'dev-status', (st || '未报告 no report') + ' · ' + d.tokens + ' 个令牌 tokens'),
        el('td', '', d.last_seen ? new Date(d.last_seen).toLocaleString('zh-CN') : '—'), c);
      tr.prepend(el('td', '', d.name));
      return tr;
    }));
  }
  function onSubmit(id, f) {
    $(id).addEventListener('submit', async (e) => {
      e.preventDefault();
      try { await f(); $('admin-error').textContent = ''; } catch (err) { $('admin-error').textContent = err.message; }
    });
  }
  onSubmit('staff-form', async () => {
    const out = await api('POST', '/api/v1/admin/staff', { id: $('new-staff-id').value.trim(), name: $('new-staff-name').value.trim(), role: $('new-staff-role').value });
    $('staff-once').hidden = false;
    $('staff-once').textContent = out.id + ' 的初始密码（仅显示一次）/ PIN, shown once: ' + out.pin;
    $('staff-once').dataset.pin = out.pin;
    $('staff-once').dataset.staff = out.id;
    await loadAdmin();
  });
  onSubmit('device-form', async () => {
    const out = await api('POST', '/api/v1/admin/devices', { name: $('new-device').value.trim() });
    $('device-once').hidden = false;
    $('device-once').textContent = out.name + ' 的令牌（仅显示一次）/ token, shown once: ' + out.token;
    $('device-once').dataset.token = out.token;
    await loadAdmin();
  });
  onSubmit('window-form', async () => {
    const cats = $('new-window-cats').value.split(',').map((s) => s.trim()).filter(Boolean);
    await api('POST', '/api/v1/admin/windows', { number: Number($('new-window-no').value), name: $('new-window-name').value.trim(), kind: 'comprehensive', categories: cats });
  });
  onSubmit('wincat-form', async () => {
    const cats = $('wincat-cats').value.split(',').map((x) => x.trim()).filter(Boolean);
    await api('POST', '/api/v1/windows/' + Number($('wincat-no').value) + '/categories', { categories: cats });
  });
  const datesIn = (id) => $(id).value.split(/[\s,，、]+/).map((x) => x.trim()).filter(Boolean);
  function showCalendar(c) {
    const rows = c.loaded
      ? [bi('放假 Off', c.off), bi('调休上班 Worked weekend days', c.work)]
      : [el('p', 'hint', '未加载日历文件：周一至周五为工作日。No calendar file: Monday to Friday are working days.')];
    rows.push(el('p', 'hint', c.source === 'console'
      ? '由 ' + c.set_by + ' 于 ' + new Date(c.set_at).toLocaleString('zh-CN') + ' 在控制台设定 / set in the console by ' + c.set_by
      : '来自启动文件 -holidays / from the -holidays file'));
    $('calendar').replaceChildren(...rows);
    $('calendar').dataset.year = String(c.year);
    $('calendar').dataset.source = c.source;
    $('cal-off').value = c.off.join('\n');
    $('cal-work').value = c.work.join('\n');
  }
  async function loadCalendar() {
    showCalendar(await api('GET', '/api/v1/console/calendar?year=' + Number($('cal-year').value)));
  }
  function bi(label, dates) { return el('p', '', label + '：' + (dates.length ? dates.join(', ') : '—')); }
  onSubmit('cal-form', loadCalendar);
  onSubmit('cal-edit', async () => {
    showCalendar(await api('POST', '/api/v1/console/calendar', { year: Number($('cal-year').value), off: datesIn('cal-off'), work: datesIn('cal-work') }));
  });
  onSubmit('notice-form', async () => { await api('POST', '/api/v1/admin/notice', { text: $('notice').value }); });
  $('staff-list').addEventListener('click', async (e) => {
    const b = e.target.closest('button');
    if (!b) return;
    try {
      if (b.dataset.pin) {
        const out = await api('POST', '/api/v1/admin/staff/' + encodeURIComponent(b.dataset.pin) + '/pin', {});
        $('staff-once').hidden = false;
        $('staff-once').textContent = out.id + ' 的新密码（仅显示一次）/ new PIN, shown once: ' + out.pin;
        $('staff-once').dataset.pin = out.pin;
        $('staff-once').dataset.staff = out.id;
      } else if (b.dataset.disable) {
        await api('POST', '/api/v1/admin/staff/' + encodeURIComponent(b.dataset.disable) + '/disable', {});
      } else if (b.dataset.role) {
        const role = b.closest('tr').querySelector('select.role-pick').value;
        await api('POST', '/api/v1/admin/staff/' + encodeURIComponent(b.dataset.role) + '/role', { role });
      }
      await loadAdmin();
    } catch (err) { $('admin-error').textContent = err.message; }
  });
  $('device-list').addEventListener('click', async (e) => {
    const b = e.target.closest('button[data-revoke]');
    if (!b) return;
    try { await api('POST', '/api/v1/admin/devices/' + encodeURIComponent(b.dataset.revoke) + '/revoke', {}); await loadAdmin(); }
    catch (err) { $('admin-error').textContent = err.message; }
  });

  // ---- reports
  const iso = (d) => d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  function span() {
    const to = $('r-to').value ? new Date($('r-to').value + 'T00:00') : new Date();
    let from = new Date(to);
    const s = $('r-span').value;
    if (s === 'week') from.setDate(to.getDate() - 6);
    else if (s === 'month') from.setDate(to.getDate() - 29);
    else if (s === 'range' && $('r-from').value) from = new Date($('r-from').value + 'T00:00');
    return { from: iso(from), to: iso(to) };
  }
  let chart = null;
  // groupName names a report's group: its key and name ("—" for facts of no group).
  function groupName(r) {
    const key = r.key && r.key !== '0' ? r.key : '—';
    if (!r.name) return key;
    return r.name.includes(key) ? r.name : key + ' ' + r.name;
  }
  async function loadReport() {
    const { from, to } = span();
    const q = new URLSearchParams({ from, to, by: $('r-by').value });
    $('r-csv').href = '/api/v1/reports?' + q + '&format=csv';
    $('r-xlsx').href = '/api/v1/reports?' + q + '&format=xlsx';
    const rep = await api('GET', '/api/v1/reports?' + q);
    const cols = [['key', '分组 Group'], ['issued', '取号 Issued'], ['served', '办结 Served'], ['missed', '过号 Missed'], ['cancelled', '取消 Cancelled'],
      ['wait_p50', '等候P50 Wait p50'], ['wait_p90', '等候P90 Wait p90'], ['wait_max', '等候最长 Wait max'], ['svc_p50', '办理P50 Service p50'], ['bad', '差评 Bad'], ['rating_n', '评价 Ratings']];
    const val = (r, k) => ({ key: groupName(r), wait_p50: dur(r.wait.p50_s), wait_p90: dur(r.wait.p90_s),
      wait_max: dur(r.wait.max_s), svc_p50: dur(r.service.p50_s) })[k] ?? r[k];
    const hr = el('tr'); for (const [, h] of cols) hr.append(el('th', '', h));
    $('report-head').replaceChildren(hr);
    $('report-body').replaceChildren(...rep.rows.map((r) => { const tr = el('tr'); for (const [k] of cols) tr.append(el('td', '', val(r, k))); return tr; }));
    const xs = rep.rows.map((_, i) => i);
    const labels = rep.rows.map(groupName);
    const data = [xs, rep.rows.map((r) => r.issued), rep.rows.map((r) => r.served), rep.rows.map((r) => Math.round(r.wait.p90_s / 6) / 10)];
    if (chart) chart.destroy();
    chart = new uPlot({ width: $('chart').clientWidth || 900, height: 280,
      scales: { x: { time: false, range: (u, lo, hi) => [-0.5, hi + 0.5] } },
      axes: [{ splits: () => xs, values: (u, vals) => vals.map((v) => labels[v] ?? '') }, { label: '件 tickets' },
        { side: 1, scale: 'min', label: '分钟 min', grid: { show: false } }],
      series: [{ label: '分组 Group', value: (u, v) => labels[v] ?? '' },
        { label: '取号 Issued', stroke: '#1f6fb2', fill: 'rgba(31,111,178,0.35)', paths: uPlot.paths.bars({ size: [0.3], align: -1 }), points: { show: false } },
        { label: '办结 Served', stroke: '#2e8b57', fill: 'rgba(46,139,87,0.35)', paths: uPlot.paths.bars({ size: [0.3], align: 1 }), points: { show: false } },
        { label: '等候P90 Wait p90 (min)', stroke: '#c0392b', scale: 'min', width: 2 }] }, data, $('chart'));
    document.body.dataset.report = String(rep.rows.length);
  }
  // The first date is asked for only when the span is a range: a day, a week or a month
  // end on the second.
  const showFrom = () => { $('r-from').hidden = $('r-span').value !== 'range'; };
  $('r-span').addEventListener('change', showFrom);
  showFrom();
  $('report-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await loadReport(); $('report-error').textContent = ''; } catch (err) { $('report-error').textContent = err.message; }
  });

  // ---- audit trail: pages of the log, filtered here; applicants stay masked.
  async function loadAudit() {
    const f = { from: $('a-from').value ? Date.parse($('a-from').value) : null, to: $('a-to').value ? Date.parse($('a-to').value) : null,
      type: $('a-type').value.trim(), window: Number($('a-window').value) || 0, staff: $('a-staff').value.trim(), ticket: $('a-ticket').value.trim() };
    const rows = [];
    let after = 0;
    for (let page = 0; page < 50; page++) {
      const out = await api('GET', '/api/v1/events?after=' + after + '&limit=1000');
      for (const ev of out.events) {
        const at = Date.parse(ev.at);
        if ((f.from && at < f.from) || (f.to && at > f.to) || (f.type && !ev.type.startsWith(f.type)) ||
          (f.window && !(ev.window && ev.window.number === f.window)) || (f.staff && ev.staff !== f.staff) ||
          (f.ticket && !(ev.ticket && ev.ticket.number === f.ticket))) continue;
        rows.push(ev);
      }
      if (!out.events.length) break;
      after = out.events[out.events.length - 1].seq;
    }
    $('audit').replaceChildren(...rows.slice(-500).reverse().map((ev) => {
      const tr = el('tr'); tr.dataset.type = ev.type;
      const c = el('td');
      if (ev.case && ev.case.no) { const b = el('button', 'reveal', '查看申请人 Reveal'); b.type = 'button'; b.dataset.case = ev.case.no; c.append(b); }
      tr.append(el('td', '', ev.seq), el('td', '', new Date(ev.at).toLocaleString('zh-CN')), el('td', '', ev.type),
        el('td', '', ev.window ? ev.window.number : ''), el('td', '', ev.staff || ''), el('td', '', ev.ticket ? ev.ticket.number : ''),
        el('td', '', ev.case ? ev.case.no : ''), c);
      return tr;
    }));
  }
  $('audit-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await loadAudit(); $('audit-error').textContent = ''; } catch (err) { $('audit-error').textContent = err.message; }
  });
  $('audit').addEventListener('click', async (e) => {
    const b = e.target.closest('button.reveal');
    if (!b) return;
    try {
      const a = await api('POST', '/api/v1/cases/' + encodeURIComponent(b.dataset.case) + '/reveal', {});
      b.replaceWith(el('span', 'revealed', [a.name, a.id_number].filter(Boolean).join(' ')));
    } catch (err) { $('audit-error').textContent = err.message; }
  });

  // ---- navigation and session
  function route() {
    if (!me) return;
    const tab = (location.hash || '#hall').slice(1);
    for (const a of document.querySelectorAll('#nav a[data-tab]')) a.classList.toggle('on', a.dataset.tab === tab);
    show(['hall', 'admin', 'reports', 'audit'].includes(tab) ? tab : 'hall');
    if (tab === 'admin') {
      loadAdmin().catch((err) => { $('admin-error').textContent = err.message; });
      if (!$('cal-year').value) $('cal-year').value = new Date(Date.now() + skew).getFullYear();
      loadCalendar().catch((err) => { $('admin-error').textContent = err.message; });
    }
    if (tab === 'reports' && !chart) loadReport().catch((err) => { $('report-error').textContent = err.message; });
  }
  window.addEventListener('hashchange', route);

  async function enter(session) {
    me = session;
    $('who-name').textContent = me.name || me.staff;
    $('who-role').textContent = me.role;
    if (me.role !== 'supervisor' && me.role !== 'admin') { show('denied'); return; }
    route();
    await startHall();
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const s = await api('POST', '/api/v1/web/login', { staff: $('staff').value.trim(), pin: $('pin').value });
      $('pin').value = '';
      await enter(s);
    } catch (err) { $('login-error').textContent = '登录失败 Login failed: ' + err.message; }
  });
  $('logout').addEventListener('click', async () => {
    try { await api('POST', '/api/v1/web/logout', {}); } catch (e) { /* gone already */ }
    location.reload();
  });

  window.onedoorConsole = { perf, renderHall, onEvent };
  api('GET', '/api/v1/web/session').then(enter, () => show('login'));
})();
