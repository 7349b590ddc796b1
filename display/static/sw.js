// sw.js: the service worker of the tracking pages' Web Push. It shows the message the
// server pushed ({"title","body","url"}) and opens the tracking page when it is tapped.
'use strict';

self.addEventListener('push', (event) => {
  let m = { title: '排队提醒 · Queue', body: '', url: '/' };
  try { m = Object.assign(m, event.data.json()); } catch (e) { /* text only */ }
  event.waitUntil(self.registration.showNotification(m.title, { body: m.body, data: { url: m.url }, tag: m.tag || 'onedoor' }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/';
  event.waitUntil(self.clients.openWindow(url));
});
