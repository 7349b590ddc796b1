// workbench.js: the department workbench. An officer logs in (staff id + PIN; the
// server sets an HttpOnly session cookie and answers a CSRF token, sent back in
// X-CSRF-Token with every request that changes something), sees the inbox of their
// departments' cases by deadline, opens a case, reveals the applicant (recorded) and
// acts on it. A supervisor sees every open case and reassigns. Text from the server only
// ever goes through textContent.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  let me = null; // the web session: {staff, name, role, depts, csrf}
  let catalog = null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  // bi is "中文 English" as an element: the Chinese, the English small beside it.
  function bi(tag, cls, zh, en) {
    const e = el(tag, cls, zh);
    if (en) e.append(el('small', '', en));
    return e;
  }

  // api calls the server as the session (websession.js); a change carries an
  // Idempotency-Key, so a retried click is done once.
  const api = ODWeb.client(() => me && me.csrf, { idempotent: true });

  const colourWords = { green: ['正常', 'On time'], amber: ['临期', 'Due soon'], red: ['超期', 'Overdue'] };
  const caseStates = { accepted: ['已受理', 'Accepted'], in_progress: ['审批中', 'In progress'],
    ready: ['待出件', 'Ready for pickup'], closed: ['已出件', 'Handed over'] };
  const partStates = { routed: ['待认领', 'Awaiting an officer'], claimed: ['审批中', 'Being decided'],
    supplement: ['补正中', 'Awaiting materials'], suspended: ['特别程序中', 'Special procedure'],
    approved: ['准予许可', 'Approved'], refused: ['不予许可', 'Refused'] };
  const eventWords = { 'ticket.finished': ['窗口受理', 'Accepted at a window'], 'case.routed': ['分送部门', 'Routed'],
    'case.claimed': ['认领', 'Claimed'], 'case.reassigned': ['改派', 'Reassigned'], 'case.approved': ['准予许可', 'Approved'],
    'case.refused': ['不予许可', 'Refused'], 'case.supplement_requested': ['补正告知', 'Materials requested'],
    'case.supplemented': ['补正材料收件', 'Materials received'], 'case.transferred': ['转办', 'Transferred'],
    'case.suspended': ['特别程序', 'Suspended'], 'case.resumed': ['恢复办理', 'Resumed'], 'case.ready': ['办结待出件', 'Ready'],
    'case.picked_up': ['出件', 'Picked up'], 'case.posted': ['邮寄', 'Posted'], 'case.delivered': ['电子送达', 'Delivered'],
    'case.overdue': ['超期致歉已发送', 'Overdue: apology sent'],
    'applicant.revealed': ['查看申请人完整信息', 'Applicant revealed'] };
  const holds = [['hearing', '听证', 'Hearing'], ['inspection', '检验检测鉴定', 'Inspection'],
    ['expert_review', '专家评审', 'Expert review'], ['on_site_check', '现场核查', 'On-site check']];
  const roleWords = { officer: '审批人员 Officer', supervisor: '主管 Supervisor', admin: '管理员 Admin' };

  function words(map, k) { return map[k] || [k, '']; }
  function item(code) { return (catalog && catalog.items.find((i) => i.code === code)) || { code, name_zh: code, materials: [] }; }
  function dept(code) { return (catalog && (catalog.departments || []).find((d) => d.code === code)) || { code, name_zh: code }; }
  function fmtTime(s) {
    const d = new Date(s);
    if (isNaN(d)) return '';
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
  }

  function show(view) {
    document.body.dataset.view = view;
    for (const v of ['login', 'inbox', 'case', 'denied']) $(v + '-view').hidden = v !== view;
    $('who').hidden = !me;
  }

  // --- log in / out ---
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    $('login-submit').disabled = true;
    try {
      me = await api('POST', '/api/v1/web/login', { staff: $('staff').value.trim(), pin: $('pin').value });
      $('pin').value = '';
    } catch (err) {
      $('login-error').textContent = ODWeb.loginMessage(err);
    } finally {
      $('login-submit').disabled = false;
    }
    if (me) await route().catch(fail);
  });
  $('logout').addEventListener('click', async () => {
    try { await api('POST', '/api/v1/web/logout'); } catch (e) { /* the cookie goes either way */ }
    me = null;
    history.pushState(null, '', '/workbench');
    show('login');
  });

  // --- the inbox ---
  async function showInbox() {
    const depts = me.depts || [];
    const pick = $('dept');
    if (pick.dataset.staff !== me.staff) { // the departments of whoever is logged in now
      pick.replaceChildren();
      pick.dataset.staff = me.staff;
      if (me.role === 'officer') for (const d of depts) pick.append(new Option(dept(d).name_zh, d));
      $('dept-pick').hidden = !(me.role === 'officer' && depts.length > 1);
    }
    const q = me.role === 'officer' ? '?dept=' + encodeURIComponent(pick.value || depts[0] || '') : '';
    $('inbox-title').replaceChildren(me.role === 'officer' ? document.createTextNode('待办件') : document.createTextNode('全部在办件'),
      el('small', '', me.role === 'officer' ? 'Inbox' : 'Every open case'));
    const inbox = await api('GET', '/api/v1/cases' + q);
    const body = $('inbox');
    body.replaceChildren();
    const count = { red: 0, amber: 0, green: 0 };
    for (const line of inbox.cases) {
      const c = line.case, p = line.part, it = item(p.items[0] || c.item);
      count[line.colour] = (count[line.colour] || 0) + 1;
      const tr = el('tr', 'line ' + line.colour);
      tr.dataset.case = c.no;
      tr.dataset.colour = line.colour;
      const mark = el('td', 'c-mark');
      mark.append(el('span', 'mark ' + line.colour));
      mark.title = words(colourWords, line.colour).join(' ');
      const no = el('td');
      const a = el('a', '', c.no);
      a.href = '/workbench/case/' + encodeURIComponent(c.no);
      no.append(a);
      const name = el('td', '', it.name_zh);
      name.append(el('span', 'en', it.name_en || ''));
      const dp = el('td', '', dept(p.dept).name_zh);
      const [sz, se] = words(partStates, p.state);
      const st = el('td', '', sz);
      st.append(el('span', 'en', se));
      const due = el('td', 'due', p.due);
      due.append(el('span', 'en', words(colourWords, line.colour).join(' · ')));
      tr.append(mark, no, name, dp, st, due, el('td', '', p.officer || '—'));
      tr.addEventListener('click', (e) => { if (e.target.tagName !== 'A') { e.preventDefault(); go(a.href); } });
      a.addEventListener('click', (e) => { e.preventDefault(); go(a.href); });
      body.append(tr);
    }
    const sum = $('summary');
    sum.replaceChildren();
    for (const k of ['red', 'amber', 'green']) {
      const s = el('span', k);
      s.append(el('b', '', count[k] || 0), document.createTextNode(colourWords[k][0]), el('small', '', colourWords[k][1]));
      sum.append(s);
    }
    const all = el('span');
    all.append(el('b', '', inbox.total), document.createTextNode('合计'), el('small', '', 'In all'));
    sum.append(all);
    $('inbox-empty').hidden = inbox.cases.length > 0;
    show('inbox');
  }
  $('dept').addEventListener('change', () => showInbox().catch(fail));

  // --- a case ---
  let current = null; // {c, part}

  function myPart(c) {
    const mine = (c.parts || []).filter((p) => (me.depts || []).includes(p.dept));
    return mine.find((p) => !['approved', 'refused'].includes(p.state)) || mine[0] || null;
  }

  async function showCase(no) {
    let c;
    try {
      c = await api('GET', '/api/v1/cases/' + encodeURIComponent(no));
    } catch (err) {
      if (err.status === 403 || err.status === 404) {
        $('denied-text').textContent = err.status === 403 ? '该办件不属于您的部门。This case is not for your departments. (403)' : '没有该办件。No such case. (404)';
        show('denied');
        return;
      }
      throw err;
    }
    const [events, applicant] = await Promise.all([
      api('GET', '/api/v1/cases/' + encodeURIComponent(no) + '/events'),
      api('GET', '/api/v1/cases/' + encodeURIComponent(no) + '/applicant'),
    ]);
    current = { c, part: me.role === 'officer' ? myPart(c) : null };
    renderCase(c, events, applicant);
    show('case');
  }

  function fact(dl, zh, en, value) {
    dl.append(bi('dt', '', zh, en), el('dd', '', value));
  }

  function renderCase(c, events, applicant) {
    const it = item(c.item);
    $('case-no').textContent = c.no;
    $('case-item').textContent = it.name_zh;
    $('case-item-en').textContent = it.name_en || '';
    const col = $('case-colour');
    col.className = 'badge ' + c.colour;
    col.replaceChildren(document.createTextNode(words(colourWords, c.colour)[0]), el('small', '', words(colourWords, c.colour)[1]));
    const [sz, se] = words(caseStates, c.state || 'accepted');
    $('case-state').replaceChildren(document.createTextNode(sz), el('small', '', se));
    const facts = $('facts');
    facts.replaceChildren();
    fact(facts, '事项编码', 'Item code', c.item);
    fact(facts, '受理时间', 'Accepted', fmtTime(c.accepted_at) + ' · ' + c.window + '号窗口');
    fact(facts, '受理人', 'Accepted by', c.staff);
    fact(facts, '承诺办结日', 'Promised', c.promised);
    const parts = $('parts');
    parts.replaceChildren();
    for (const p of c.parts || []) {
      const li = el('li', current.part && current.part.dept === p.dept ? 'mine' : '');
      li.dataset.dept = p.dept;
      li.append(el('div', 'pname', dept(p.dept).name_zh));
      const [pz, pe] = words(partStates, p.state);
      const line = el('div', '', pz + ' · ' + pe + ' · 期限 Due ' + p.due + (p.officer ? ' · 承办人 ' + p.officer : ''));
      li.append(line);
      if (p.reason) li.append(el('div', 'note', '理由 Reason: ' + p.reason));
      if (p.refusal) li.append(el('div', 'note', '不予许可理由: ' + p.refusal.reasons.join('；') + ' · ' + p.refusal.basis));
      parts.append(li);
    }
    renderApplicant(applicant, false);
    renderMaterials(c, events);
    renderTimeline(events);
    renderActions(c);
  }

  function renderApplicant(a, revealed) {
    const dl = $('applicant');
    dl.replaceChildren();
    dl.dataset.revealed = revealed ? 'yes' : 'no';
    if (!a) {
      dl.append(el('dd', '', '未登记申请人 · No applicant on file'));
      $('reveal').hidden = true;
      return;
    }
    fact(dl, '姓名', 'Name', a.name || '—');
    fact(dl, '证件号码', 'ID number', a.id_number || '—');
    if (a.phone) fact(dl, '联系电话', 'Phone', a.phone);
    $('reveal').hidden = revealed;
  }
  $('reveal').addEventListener('click', async () => {
    try {
      const a = await api('POST', '/api/v1/cases/' + encodeURIComponent(current.c.no) + '/reveal');
      renderApplicant(a, true);
      renderTimeline(await api('GET', '/api/v1/cases/' + encodeURIComponent(current.c.no) + '/events'));
    } catch (err) { fail(err); }
  });

  function renderMaterials(c, events) {
    const ol = $('materials');
    ol.replaceChildren();
    const fin = events.find((e) => e.type === 'ticket.finished') || {};
    const state = {};
    for (const m of fin.received || []) state[c.item + '/' + m] = 'received';
    for (const m of fin.missing || []) state[c.item + '/' + m] = 'missing';
    for (const m of fin.defective || []) state[c.item + '/' + m] = 'defective';
    for (const f of c.awaiting || []) state[c.item + '/' + f.code] = 'awaiting';
    for (const p of c.parts || []) for (const n of p.needed || []) state[n.item + '/' + n.code] = 'needed';
    const words = { received: ['已收', 'Received'], missing: ['未收', 'Missing'], defective: ['待补正', 'Defective'],
      awaiting: ['容缺后补', 'To follow'], needed: ['补正中', 'Requested'] };
    for (const m of item(c.item).materials || []) {
      const s = state[c.item + '/' + m.code] || (m.required ? 'missing' : '');
      if (!s) continue;
      const li = el('li', '', m.name_zh);
      li.dataset.state = s;
      li.append(el('span', 'st ' + s, words[s][0] + ' ' + words[s][1]), el('span', 'en', m.name_en || ''));
      ol.append(li);
    }
  }

  function renderTimeline(events) {
    const ol = $('timeline');
    ol.replaceChildren();
    for (const e of events) {
      const li = el('li', e.type === 'applicant.revealed' ? 'reveal' : '');
      li.dataset.type = e.type;
      const [z, en] = words(eventWords, e.type);
      li.append(bi('span', 'what', z, en));
      li.append(el('div', 'when', fmtTime(e.at) + (e.staff ? ' · ' + e.staff : '') + (e.dept ? ' · ' + dept(e.dept).name_zh : '')));
      if (e.reason) li.append(el('span', 'why', e.reason));
      ol.append(li);
    }
  }

  // --- the actions ---
  function button(cls, zh, en, onClick) {
    const b = bi('button', cls, zh, en);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function renderActions(c) {
    const box = $('buttons');
    box.replaceChildren();
    $('pane').hidden = true;
    $('action-error').textContent = '';
    const note = $('actions-note');
    note.textContent = '';
    if (me.role !== 'officer') {
      for (const p of c.parts || []) {
        if (['approved', 'refused'].includes(p.state)) continue;
        const b = button('ghost', '改派 ' + dept(p.dept).name_zh, 'Reassign', () => pane('reassign', p));
        b.dataset.action = 'reassign';
        box.append(b);
      }
      if (!box.children.length) note.textContent = '没有可改派的子件 · Nothing to reassign';
      return;
    }
    const p = current.part;
    if (!p) { note.textContent = '本办件没有您部门的子件 · No sub-case of your departments'; return; }
    const mine = p.officer === me.staff;
    const add = (action, cls, zh, en) => {
      const b = button(cls, zh, en, () => pane(action, p));
      b.dataset.action = action;
      box.append(b);
    };
    if (p.state === 'routed') add('claim', 'primary', '认领', 'Claim');
    if (p.state === 'claimed' && mine) {
      add('approve', 'primary', '准予许可', 'Approve');
      add('refuse', 'danger', '不予许可', 'Refuse');
      if (!p.supplemented) add('supplement', 'ghost', '补正告知', 'Request materials');
      add('suspend', 'ghost', '特别程序', 'Suspend');
    }
    if ((p.state === 'routed' || (p.state === 'claimed' && mine))) add('transfer', 'ghost', '转办', 'Transfer');
    if (p.state === 'suspended' && mine) add('resume', 'primary', '恢复办理', 'Resume');
    if (p.state === 'claimed' && !mine) note.textContent = '已由 ' + p.officer + ' 认领 · Held by ' + p.officer;
    if (p.state === 'supplement') note.textContent = '等待申请人补正材料 · Waiting for the materials';
    if (['approved', 'refused'].includes(p.state)) note.textContent = '本部门已作出决定 · Decided';
  }

  function field(form, zh, en, input) {
    const l = bi('label', '', zh, en);
    l.append(input);
    form.append(l);
    return input;
  }
  function text(name, multi) {
    const i = el(multi ? 'textarea' : 'input');
    if (!multi) i.type = 'text';
    i.name = name;
    return i;
  }

  // pane opens the form of an action (claim goes at once) and sends it.
  function pane(action, p) {
    const form = $('pane');
    form.replaceChildren();
    form.dataset.action = action;
    let collect = () => ({});
    if (action === 'claim') { send(action, p, {}); return; }
    if (action === 'approve') {
      const sel = el('select');
      sel.name = 'result';
      sel.append(new Option('纸质结果，统一窗口出件 · Result to pick up', 'pickup'), new Option('仅电子证照 · Electronic result only', 'electronic'));
      field(form, '办理结果', 'Result', sel);
      collect = () => ({ result: sel.value });
    } else if (action === 'refuse') {
      const reasons = field(form, '不予许可理由（每行一条）', 'Reasons, one a line', text('reasons', true));
      const basis = field(form, '法律依据', 'Legal basis', text('basis'));
      form.append(el('p', 'note', '复议 60 日内、诉讼 6 个月内的救济途径按目录填写。Remedies come from the catalog.'));
      collect = () => ({ refusal: { reasons: reasons.value.split('\n').map((s) => s.trim()).filter(Boolean), basis: basis.value } });
    } else if (action === 'supplement') {
      const checks = [];
      for (const code of p.items) {
        for (const m of item(code).materials || []) {
          const l = el('label', 'check');
          const cb = el('input');
          cb.type = 'checkbox';
          cb.value = m.code;
          cb.dataset.item = code;
          l.append(cb, document.createTextNode(' ' + m.name_zh));
          form.append(l);
          checks.push(cb);
        }
      }
      const note = field(form, '需补正内容', 'What is needed', text('note'));
      collect = () => ({ needed: checks.filter((c) => c.checked).map((c) => ({ item: c.dataset.item, code: c.value, note: note.value })) });
    } else if (action === 'transfer') {
      const sel = el('select');
      for (const d of catalog.departments || []) if (d.code !== p.dept) sel.append(new Option(d.name_zh, d.code));
      field(form, '转至部门', 'To department', sel);
      const why = field(form, '转办理由', 'Reason', text('reason'));
      collect = () => ({ to: sel.value, reason: why.value });
    } else if (action === 'suspend') {
      const sel = el('select');
      for (const [code, zh, en] of holds) sel.append(new Option(zh + ' · ' + en, code));
      field(form, '特别程序', 'Procedure', sel);
      const why = field(form, '中止理由', 'Reason', text('reason'));
      collect = () => ({ hold: sel.value, reason: why.value });
    } else if (action === 'resume') {
      const why = field(form, '说明', 'Note', text('reason'));
      collect = () => ({ reason: why.value });
    } else if (action === 'reassign') {
      const who = field(form, '改派给（工号）', 'To officer (staff ID)', text('officer'));
      const why = field(form, '改派理由', 'Reason', text('reason'));
      collect = () => ({ officer: who.value.trim(), reason: why.value });
    }
    const row = el('div', 'row');
    const ok = button('primary', '确认', 'Confirm', () => send(action, p, collect()));
    ok.id = 'confirm';
    row.append(ok, button('ghost', '取消', 'Cancel', () => { form.hidden = true; }));
    form.append(row);
    form.hidden = false;
  }

  async function send(action, p, body) {
    $('action-error').textContent = '';
    try {
      body.dept = p.dept;
      await api('POST', '/api/v1/cases/' + encodeURIComponent(current.c.no) + '/' + action, body);
      await showCase(current.c.no);
    } catch (err) {
      $('action-error').textContent = err.message + ' (' + err.status + ')';
    }
  }

  // --- routing ---
  function go(href) {
    history.pushState(null, '', href);
    route().catch(fail);
  }
  window.addEventListener('popstate', () => route().catch(fail));

  function fail(err) {
    if (err && err.status === 401) { me = null; show('login'); return; }
    $('action-error').textContent = String(err && err.message || err);
  }

  async function route() {
    if (!me) {
      try { me = await api('GET', '/api/v1/web/session'); } catch (err) { show('login'); return; }
    }
    $('who-name').textContent = me.name || me.staff;
    $('who-role').textContent = (roleWords[me.role] || me.role) + ((me.depts || []).length ? ' · ' + me.depts.map((d) => dept(d).name_zh).join('、') : '');
    const m = location.pathname.match(/^\/workbench\/case\/(.+)$/);
    if (m) await showCase(decodeURIComponent(m[1]));
    else await showInbox();
  }

  (async () => {
    try {
      catalog = await api('GET', '/api/v1/catalog');
      if (catalog.center && catalog.center.name) $('center-name').textContent = catalog.center.name;
    } catch (err) { catalog = { items: [], departments: [] }; }
    await route().catch(fail);
  })();
})();
