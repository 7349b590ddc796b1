// phone.js: the phone ticket page (远程取号). Choose an item and see its checklist, give
// a mainland mobile number, confirm the code texted to it, and go to the ticket's
// tracking page. Opened from the QR at the hall's door (?door=…), it checks in the
// tickets this phone took today. The number is sent to the server and kept nowhere on
// the page after that; the ticket ids are kept in localStorage for the check-in.
'use strict';

(() => {
  const st = { catalog: null, item: null, phone: '', resendAt: 0 };
  const forms = { original: '原件 Original', copy: '复印件 Copy', either: '原件或复印件 Original or copy', electronic: '电子 Electronic' };

  function show(step) {
    document.body.className = 'phone step-' + step;
    for (const s of ['item', 'phone', 'code', 'checkin']) {
      document.getElementById('s-' + s).hidden = s !== step;
    }
  }

  function errorText(r) {
    if (r.data && r.data.error && r.data.error.message) return r.data.error.message;
    return '请求失败，请重试 · Request failed (HTTP ' + r.status + ')';
  }

  function drawItems() {
    const q = document.getElementById('filter').value.trim().toLowerCase();
    const box = document.getElementById('items');
    const out = [];
    for (const c of st.catalog.categories || []) {
      const items = (st.catalog.items || []).filter((it) => it.category === c.code &&
        (!q || it.name_zh.toLowerCase().includes(q) || (it.name_en || '').toLowerCase().includes(q)));
      if (!items.length) continue;
      const h = OD.el('h4', '', c.name_zh + ' · ' + c.name_en);
      out.push(h);
      for (const it of items) {
        const b = OD.el('button');
        b.type = 'button';
        b.dataset.item = it.code;
        b.append(it.name_zh, OD.el('small', '', it.name_en));
        b.addEventListener('click', () => chooseItem(it));
        out.push(b);
      }
    }
    box.replaceChildren(...out);
  }

  function chooseItem(it) {
    st.item = it;
    OD.setText('item-name', it.name_zh);
    OD.setText('item-name-en', it.name_en);
    const list = document.getElementById('materials');
    list.replaceChildren(...(it.materials || []).map((m) => {
      const li = OD.el('li');
      li.append(OD.el('span', '', m.name_zh));
      if (m.required) li.append(OD.el('span', 'req', '必需 Required'));
      li.append(OD.el('span', 'men', m.name_en + (forms[m.form] ? ' · ' + forms[m.form] : '')));
      return li;
    }));
    OD.setText('phone-error', '');
    show('phone');
    window.scrollTo(0, 0);
  }

  // mobile checks the number as the server will: 11 digits, 1 then 3–9.
  function mobile(s) {
    s = s.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
    return /^1[3-9]\d{9}$/.test(s) ? s : '';
  }

  async function send() {
    const p = mobile(document.getElementById('phone').value);
    if (!p) {
      OD.setText('phone-error', '请填写11位中国大陆手机号码 (give an 11-digit mainland mobile number)');
      return;
    }
    const btn = document.getElementById('send');
    btn.disabled = true;
    try {
      const r = await OD.postJSON('/api/v1/remote/code', { item: st.item.code, phone: p });
      if (r.status !== 202) {
        OD.setText('phone-error', errorText(r));
        return;
      }
      st.phone = p;
      OD.setText('sent-to', '验证码已发送至 ' + p.slice(0, 3) + '****' + p.slice(7) + '，5分钟内有效 · Code sent, valid for 5 minutes');
      OD.setText('code-error', '');
      document.getElementById('code').value = '';
      st.resendAt = Date.now() + 60000;
      tick();
      show('code');
      document.getElementById('code').focus();
    } catch (e) {
      OD.setText('phone-error', '网络错误，请重试 · Network error, try again');
    } finally {
      btn.disabled = false;
    }
  }

  function tick() {
    const b = document.getElementById('resend');
    const left = Math.ceil((st.resendAt - Date.now()) / 1000);
    b.disabled = left > 0;
    b.textContent = left > 0 ? '重新获取 (' + left + ' s) · Send again' : '重新获取 · Send again';
    if (left > 0) setTimeout(tick, 1000);
  }

  async function confirm() {
    const code = document.getElementById('code').value.trim();
    if (!/^\d{6}$/.test(code)) {
      OD.setText('code-error', '验证码是6位数字 (the code is 6 digits)');
      return;
    }
    const btn = document.getElementById('confirm');
    btn.disabled = true;
    try {
      const r = await OD.postJSON('/api/v1/remote/tickets', { item: st.item.code, phone: st.phone, code });
      if (r.status !== 201) {
        OD.setText('code-error', errorText(r));
        return;
      }
      remember(r.data.id);
      location.assign('/t/' + encodeURIComponent(r.data.id));
    } catch (e) {
      OD.setText('code-error', '网络错误，请重试 · Network error, try again');
    } finally {
      btn.disabled = false;
    }
  }

  // remember keeps today's ticket ids for the check-in at the door.
  function remember(id) {
    const day = new Date().toDateString();
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem('od-remote') || '{}'); } catch (e) { saved = {}; }
    if (saved.day !== day) saved = { day, ids: [] };
    saved.ids.push(id);
    localStorage.setItem('od-remote', JSON.stringify(saved));
  }

  async function checkIn(door) {
    show('checkin');
    let ids = [];
    try {
      const saved = JSON.parse(localStorage.getItem('od-remote') || '{}');
      if (saved.day === new Date().toDateString()) ids = saved.ids || [];
    } catch (e) { ids = []; }
    if (!ids.length) {
      OD.setText('checkin-result', '本机今日没有远程取号。可在下方取号。 · This phone took no ticket today.');
      document.getElementById('s-item').hidden = false;
      return;
    }
    let last = null, msg = '';
    for (const id of ids) {
      const r = await OD.postJSON('/api/v1/tickets/' + encodeURIComponent(id) + '/checkin', { door });
      if (r.status === 200) last = r.data;
      else msg = errorText(r);
    }
    if (last) {
      OD.setText('checkin-result', last.number + ' 号签到成功 · Checked in');
      location.assign('/t/' + encodeURIComponent(last.id));
    } else {
      OD.setText('checkin-result', msg);
    }
  }

  // arrivalText says how the hall takes a phone ticket's citizen in, by its rule.
  function arrivalText(arrival) {
    if (arrival === 'at_check_in') {
      return ['到大厅后请扫描门口二维码签到，签到后开始排队。', OD.el('small', '', 'At the hall, scan the QR code at the door: your ticket joins the queue when you check in.')];
    }
    return ['到大厅后请扫描门口二维码签到；叫号时未签到视为过号。', OD.el('small', '', 'At the hall, scan the QR code at the door to check in: a ticket not checked in when called is missed.')];
  }

  async function start() {
    document.getElementById('filter').addEventListener('input', drawItems);
    document.getElementById('send').addEventListener('click', send);
    document.getElementById('confirm').addEventListener('click', confirm);
    document.getElementById('resend').addEventListener('click', send);
    document.getElementById('back-item').addEventListener('click', () => show('item'));
    document.getElementById('back-phone').addEventListener('click', () => show('phone'));
    const [cat, info, q] = await Promise.all([OD.getJSON('/api/v1/catalog'), OD.getJSON('/api/v1/remote'), OD.getJSON('/api/v1/queue')]);
    st.catalog = cat;
    OD.setText('center-name', q.center_name);
    if (info.hours) OD.setText('hours', '远程取号时间 ' + info.hours.open + '–' + info.hours.close + ' · Remote tickets during opening hours');
    OD.setText('rules', '每个号码每天最多取号' + info.per_number_per_day + '次；前面剩' + info.near_ahead +
      '人时和叫号时短信提醒。 · Up to ' + info.per_number_per_day + ' tickets per number a day; a text when ' +
      info.near_ahead + ' are ahead and when called.');
    const note = document.getElementById('arrival-note');
    note.replaceChildren(...arrivalText(info.arrival));
    drawItems();
    const door = new URLSearchParams(location.search).get('door');
    if (door) await checkIn(door);
  }
  start();
})();
