// waits.js: the page a citizen opens before coming (/waits): per category, how many wait
// and the wait a ticket taken now would be quoted, the hours and the hall's notice. It
// polls /api/v1/waits (answered from the server's memory) every 20 seconds while shown.
'use strict';

(() => {
  const st = { waits: null };
  window.onedoorWaits = st; // test hook

  function minutes(w) {
    if (w.no_window) return ['暂无窗口办理', 'No window open for this now', true];
    const txt = OD.minutesRange(w.wait_min_s, w.wait_max_s);
    return [txt + ' 分钟', (w.paused ? 'windows paused · ' : '') + txt + ' min', false];
  }

  function draw() {
    const d = st.waits;
    if (!d) return;
    OD.setText('center-name', d.center_name);
    if (d.center_name_en) OD.setText('center-en', d.center_name_en + ' · Waits now');
    const h = d.hours;
    let hours = '';
    if (h) {
      hours = '办公时间 ' + h.open + '–' + h.close;
      const lunch = (h.breaks || []).filter((b) => !b.windows || b.windows.length === 0);
      if (lunch.length) hours += '（' + lunch.map((b) => b.from + '–' + b.to).join('、') + ' 午休）';
      hours += ' · Open ' + h.open + '–' + h.close;
    }
    OD.setText('hours', hours);
    const notice = document.getElementById('notice');
    notice.hidden = !d.notice;
    notice.textContent = d.notice || '';
    OD.setText('updated', (d.at || '').slice(11, 16));
    const list = document.getElementById('list');
    list.replaceChildren(...d.categories.map((c) => {
      const li = OD.el('li');
      li.dataset.prefix = c.prefix;
      li.append(OD.el('span', 'prefix', c.prefix));
      const name = OD.el('span', 'name', c.name);
      name.append(OD.el('span', 'en', c.name_en), OD.el('span', 'n', '等候 ' + c.waiting + ' 人 · ' + c.waiting + ' waiting'));
      li.append(name);
      const [zh, en, none] = minutes(c);
      const w = OD.el('span', 'wait' + (none ? ' none' : ''), zh);
      w.append(OD.el('small', '', en));
      li.append(w);
      return li;
    }));
  }

  async function refresh() {
    try {
      st.waits = await OD.getJSON('/api/v1/waits');
      document.body.classList.remove('offline');
      draw();
    } catch (e) {
      document.body.classList.add('offline');
    }
  }

  refresh();
  setInterval(() => { if (!document.hidden) refresh(); }, 20000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
})();
