// push.js: on the tracking page, the note to check in (a ticket taken from a phone) and
// the "notify me" button: Web Push through the service worker at /sw.js, with the
// server's VAPID key; the subscription is sent for this ticket only.
'use strict';

(() => {
  const id = decodeURIComponent(location.pathname.split('/').pop());
  const api = '/api/v1/tickets/' + encodeURIComponent(id);

  function b64urlToBytes(s) {
    const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
    return Uint8Array.from(b, (c) => c.charCodeAt(0));
  }

  async function subscribe(key) {
    const state = document.getElementById('remind-state');
    try {
      if (await Notification.requestPermission() !== 'granted') {
        state.textContent = '未允许通知 · Notifications not allowed';
        return;
      }
      const reg = await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64urlToBytes(key) });
      const r = await OD.postJSON(api + '/push', sub.toJSON());
      state.textContent = r.status === 204 ? '已开启提醒 · You will be notified' :
        ((r.data && r.data.error && r.data.error.message) || 'HTTP ' + r.status);
      if (r.status === 204) document.getElementById('remind-btn').hidden = true;
    } catch (e) {
      state.textContent = '此浏览器无法推送通知 · This browser cannot receive notifications';
    }
  }

  async function start() {
    let info = {}, t = {};
    try {
      [info, t] = await Promise.all([OD.getJSON('/api/v1/remote'), OD.getJSON(api)]);
    } catch (e) { return; }
    const open = t.state === 'waiting' || t.state === 'called';
    const card = document.getElementById('remind');
    const note = document.getElementById('checkin-note');
    note.hidden = !(t.remote && !t.checked_in && t.state === 'waiting');
    if (info.arrival === 'at_check_in') {
      OD.setText('checkin-zh', '远程取号：到达大厅后请扫描门口二维码签到，签到后开始排队，等候时间从签到时算起。');
      OD.setText('checkin-en', 'Taken from a phone: scan the QR code at the door when you arrive; your ticket joins the queue then, and the wait shown is the wait if you checked in now.');
    }
    const btn = document.getElementById('remind-btn');
    const canPush = info.vapid_public_key && 'serviceWorker' in navigator && 'PushManager' in window;
    btn.hidden = !(open && canPush);
    btn.addEventListener('click', () => subscribe(info.vapid_public_key));
    card.hidden = note.hidden && btn.hidden;
  }
  start();
})();
