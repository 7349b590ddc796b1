// track.js: the page behind a ticket's QR code (/t/{id}), for the citizen's phone. It
// shows the number, the item, the people ahead and the estimated wait, live; the window
// when called (with a vibration where the phone allows); the item's checklist; and after
// the visit the five-level evaluation, once. It subscribes only to its own ticket's
// stream (?ticket=ID: its events, its category's and the windows'), and on each event
// fetches the ticket's public view again. Nothing on it is personal.
'use strict';

(() => {
  const id = decodeURIComponent(location.pathname.split('/').pop());
  const api = '/api/v1/tickets/' + encodeURIComponent(id);
  const st = { ticket: null, catalogLoaded: false, vibrated: '', rated: false };
  window.onedoorTrack = st; // test hook

  const states = {
    waiting: ['排队等候中', 'Waiting'],
    called: ['请到窗口办理', 'Your number is called'],
    serving: ['正在办理', 'Being served'],
    done: ['办理完毕', 'Done'],
    missed: ['已过号', 'Missed — please ask at the help desk (导办台)'],
    cancelled: ['已取消', 'Cancelled'],
    expired: ['已过期', 'Expired'],
  };
  const outcomes = {
    accepted: ['已受理', 'Accepted'], supplement: ['需补正材料', 'Materials to supplement'],
    rejected: ['不予受理', 'Not accepted'], completed: ['已办结', 'Completed'], consulted: ['咨询完毕', 'Consulted'],
  };
  const forms = { original: '原件 Original', copy: '复印件 Copy', original_and_copy: '原件及复印件 Original + copy', electronic: '电子 Electronic' };
  const levels = [
    [5, '非常满意', 'Very satisfied'], [4, '满意', 'Satisfied'], [3, '基本满意', 'Basically satisfied'],
    [2, '不满意', 'Dissatisfied'], [1, '非常不满意', 'Very dissatisfied'],
  ];
  const reasons = [
    ['等候时间过长', 'Waited too long'], ['办事效率低', 'Slow handling'], ['服务态度不好', 'Unfriendly service'],
    ['一次性告知不到位', 'Not told everything at once'], ['材料要求不清楚', 'Unclear requirements'], ['其他', 'Other'],
  ];

  function draw() {
    const t = st.ticket;
    if (!t) return;
    document.body.className = 'track st-' + t.state + (document.body.classList.contains('offline') ? ' offline' : '');
    document.body.dataset.state = t.state;
    OD.setText('number', t.number);
    OD.setText('item', t.item_name);
    OD.setText('item-en', t.item_name_en);
    const s = states[t.state] || [t.state, ''];
    let zh = s[0], en = s[1];
    if (t.state === 'done' && outcomes[t.outcome]) {
      zh += ' · ' + outcomes[t.outcome][0];
      en += ' · ' + outcomes[t.outcome][1];
    }
    OD.setText('status', zh);
    OD.setText('status-en', en);
    OD.setText('ahead', t.state === 'waiting' ? t.ahead : '—');
    const [wait, unit, note] = waitText(t);
    OD.setText('wait', wait);
    OD.setText('wait-unit', unit);
    OD.setText('wait-note', note);
    document.getElementById('wait').parentElement.classList.toggle('words', !!t.no_window && t.state === 'waiting');
    const w = t.window;
    const atWindow = w && (t.state === 'called' || t.state === 'serving');
    OD.setText('window', atWindow ? '请到 ' + w.number + ' 号窗口 · Window ' + w.number : '');
    if (t.state === 'called' && st.vibrated !== t.number + '/' + (t.called_at || '')) {
      st.vibrated = t.number + '/' + (t.called_at || '');
      if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
    }
    drawCase(t.case);
    const canRate = t.state === 'done' && !t.rated && !st.rated;
    document.getElementById('rating').hidden = !canRate;
    document.getElementById('thanks').hidden = !(st.rated || t.rated);
  }

  const stages = {
    in_review: ['审批中', 'Being decided by the department'],
    supplement: ['需补正材料，请留意短信或电话通知', 'Materials needed: watch for our message'],
    suspended: ['特别程序中（听证、检验、专家评审等，不计入办理时限）', 'In a special procedure (not counted in the time limit)'],
    ready: ['已办结，可到统一出件窗口领取', 'Ready: collect it at the pickup window'],
    done: ['已办结', 'Completed'],
  };

  // drawCase shows the progress of the case the visit opened: its stage, number and the
  // date promised; nothing of who handles it.
  function drawCase(c) {
    document.getElementById('case-card').hidden = !c;
    if (!c) return;
    const s = stages[c.stage] || [c.stage, ''];
    OD.setText('case-stage', s[0]);
    OD.setText('case-stage-en', s[1]);
    OD.setText('case-no', c.no);
    OD.setText('case-due', c.promised);
    document.getElementById('case-card').dataset.stage = c.stage;
  }

  // waitText quotes the wait as the server predicts it: a range of minutes (the low end
  // down, the high end up), one figure when they meet, or that no window serves it now.
  // The figure and its unit fit the box; what more there is to say goes on a line below.
  function waitText(t) {
    if (t.state !== 'waiting') return ['—', '', ''];
    if (t.no_window) return ['暂无窗口办理', '', '暂无窗口办理此类业务 · No window open for this now'];
    const note = t.paused ? '窗口暂停中，预计恢复后叫号 · Windows paused: the wait counts on them coming back' : '';
    return [OD.minutesRange(t.estimated_wait_min_s, t.estimated_wait_max_s), ' 分钟', note];
  }

  let inFlight = false, again = false;
  async function refresh() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    try {
      do {
        again = false;
        st.ticket = await OD.getJSON(api);
        draw();
        if (!st.catalogLoaded) await loadChecklist(st.ticket.item);
      } while (again);
    } catch (e) {
      if (e.status === 404) OD.setText('status', '未找到此号 · Ticket not found');
    } finally {
      inFlight = false;
    }
  }

  async function loadChecklist(item) {
    const cat = await OD.getJSON('/api/v1/catalog');
    st.catalogLoaded = true;
    const it = (cat.items || []).find((x) => x.code === item);
    const list = document.getElementById('materials');
    if (!it) return;
    list.replaceChildren(...(it.materials || []).map((m) => {
      const li = OD.el('li');
      li.append(OD.el('span', 'mname', m.name_zh), OD.el('span', 'men', m.name_en));
      const tags = OD.el('span', 'tags');
      tags.append(OD.el('span', 'tag' + (m.required ? ' req' : ''), m.required ? '必需 Required' : '视情况 If applicable'));
      tags.append(OD.el('span', 'tag', forms[m.form] || m.form));
      if (m.copies > 0) tags.append(OD.el('span', 'tag', m.copies + ' 份 copies'));
      li.append(tags);
      if (m.note) li.append(OD.el('span', 'note', m.note));
      return li;
    }));
  }

  // The evaluation form: a level; for 不满意 and 非常不满意 at least one reason.
  let level = 0;
  function buildRating() {
    const box = document.getElementById('levels');
    box.replaceChildren(...levels.map(([lv, zh, en]) => {
      const b = OD.el('button', '', zh);
      b.type = 'button';
      b.dataset.level = String(lv);
      b.setAttribute('aria-pressed', 'false');
      b.append(OD.el('small', '', en));
      b.addEventListener('click', () => {
        level = lv;
        for (const x of box.children) x.setAttribute('aria-pressed', String(x === b));
        document.getElementById('reasons').hidden = lv > 2;
        check();
      });
      return b;
    }));
    document.getElementById('reason-list').replaceChildren(...reasons.map(([zh, en]) => {
      const l = OD.el('label');
      const c = OD.el('input');
      c.type = 'checkbox';
      c.value = zh;
      c.addEventListener('change', check);
      l.append(c, ' ' + zh + ' ', OD.el('small', '', en));
      return l;
    }));
    document.getElementById('rate').addEventListener('click', submit);
  }

  function chosenReasons() {
    return [...document.querySelectorAll('#reason-list input:checked')].map((c) => c.value);
  }

  function check() {
    const ok = level > 0 && (level > 2 || chosenReasons().length > 0);
    document.getElementById('rate').disabled = !ok;
    OD.setText('rating-error', level > 0 && level <= 2 && !ok ? '请至少选择一个原因 · Please choose a reason' : '');
    return ok;
  }

  async function submit() {
    if (!check()) return;
    const btn = document.getElementById('rate');
    btn.disabled = true;
    const body = { level, reasons: level <= 2 ? chosenReasons() : [], comment: document.getElementById('comment').value.trim() };
    try {
      const r = await OD.postJSON(api + '/rating', body);
      if (r.status === 200 || r.status === 409) {
        st.rated = true;
        if (r.status === 200 && r.data) st.ticket = r.data;
        draw();
        return;
      }
      OD.setText('rating-error', (r.data && r.data.error && r.data.error.message) || ('HTTP ' + r.status));
    } catch (e) {
      OD.setText('rating-error', '网络错误，请重试 · Network error, try again');
    }
    btn.disabled = false;
  }

  async function start() {
    buildRating();
    let wait = 500, seq = 0;
    for (;;) {
      try {
        const q = await OD.getJSON('/api/v1/queue');
        OD.setText('center-name', q.center_name);
        seq = q.seq;
        break;
      } catch (e) {
        document.body.classList.add('offline');
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, 5000);
      }
    }
    await refresh();
    const stream = new OD.Stream({
      after: seq,
      params: { ticket: id },
      onEvent: refresh,
      onReset: refresh,
      onState: (up) => { if (up) refresh(); },
    });
    stream.start();
    // a case's progress comes from the back office, not the hall's stream: look again
    // every minute while the page is shown and the case not done
    setInterval(() => {
      const c = st.ticket && st.ticket.case;
      if (c && c.stage !== 'done' && !document.hidden) refresh();
    }, 60000);
  }
  start();
})();
