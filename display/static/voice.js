// voice.js: the hall's announcements, spoken from the server's pre-recorded clips.
// Each call becomes a list of clips — a chime, then "请 A 零零一 号 到 3 号窗口办理" said
// `repeat` times (and an English line when asked) — and calls wait in a queue, so two
// announcements never overlap and none is skipped. A recall is announced again.
//
// Test hook: window.onedoorVoice is the announcer; tests may replace its `player`
// (clip name → Promise that settles when the clip ends) and read its `log`.
'use strict';

const Voice = (() => {
  // The window number as a person says it: 3 → 三, 12 → 十二, 20 → 二十, 35 → 三十五.
  function windowClips(n) {
    n = Math.floor(Number(n));
    if (!(n >= 0)) return [];
    if (n < 10) return ['d' + n];
    if (n < 100) {
      const tens = Math.floor(n / 10), ones = n % 10;
      const out = tens === 1 ? ['shi'] : ['d' + tens, 'shi'];
      if (ones) out.push('d' + ones);
      return out;
    }
    return String(n).split('').map((c) => 'd' + c);
  }

  // The ticket number letter by letter and digit by digit: A001 → A 零 零 一.
  function numberClips(number) {
    const out = [];
    for (const c of String(number).toUpperCase()) {
      if (c >= 'A' && c <= 'Z') out.push('l' + c);
      else if (c >= '0' && c <= '9') out.push('d' + c);
    }
    return out;
  }

  // phrase is "请 A001 号 到 3 号窗口 办理" as clip names.
  function phrase(number, win) {
    return ['qing', ...numberClips(number), 'hao', 'dao', ...windowClips(win), 'hao', 'chuangkou_banli'];
  }

  // english is "Number A 0 0 1, please go to window 3".
  function english(number, win) {
    const digits = (s) => String(s).toUpperCase().split('').map((c) =>
      c >= '0' && c <= '9' ? 'en' + c : (c >= 'A' && c <= 'Z' ? 'l' + c : null)).filter(Boolean);
    return ['en_number', ...digits(number), 'en_please_window', ...digits(win)];
  }

  class Announcer {
    constructor(opts) {
      opts = opts || {};
      this.repeat = opts.repeat > 0 ? opts.repeat : 2;
      this.english = !!opts.english;
      this.base = opts.base || '/voice/';
      this.version = opts.version || '';
      this.maxQueued = opts.maxQueued || 12;
      this.queue = [];
      this.busy = false;
      this.log = []; // {clip, number, start, end}, for tests and diagnostics
      this.audio = null;
      this.blocked = false;
      this.onBlocked = opts.onBlocked || null;
      this.player = (clip) => this.playClip(clip);
    }

    // clipsFor is the whole announcement of one call.
    clipsFor(number, win) {
      const out = ['chime'];
      for (let i = 0; i < this.repeat; i++) out.push(...phrase(number, win));
      if (this.english) out.push(...english(number, win));
      return out;
    }

    // say queues the announcement of a call; it is spoken after those before it.
    say(number, win) {
      this.queue.push({ number, win, clips: this.clipsFor(number, win) });
      while (this.queue.length > this.maxQueued) this.queue.shift(); // a long outage: keep the newest
      this.pump();
    }

    async pump() {
      if (this.busy) return;
      this.busy = true;
      try {
        while (this.queue.length) {
          const item = this.queue.shift();
          for (const clip of item.clips) {
            const entry = { clip, number: item.number, start: performance.now(), end: 0 };
            this.log.push(entry);
            if (this.log.length > 2000) this.log.splice(0, 1000);
            try { await this.player(clip); } catch (e) { /* a clip that fails is skipped */ }
            entry.end = performance.now();
          }
        }
      } finally {
        this.busy = false;
      }
    }

    // playClip plays one clip through a single audio element and settles when it ends,
    // fails, or after 8 s at most, so a broken clip never stalls the queue.
    playClip(clip) {
      if (!this.audio) this.audio = new Audio();
      const a = this.audio;
      return new Promise((resolve) => {
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          clearTimeout(guard);
          a.onended = a.onerror = null;
          resolve();
        };
        const guard = setTimeout(finish, 8000);
        a.onended = finish;
        a.onerror = finish;
        a.src = this.base + clip + '.ogg?v=' + encodeURIComponent(this.version);
        const p = a.play();
        if (p && p.catch) {
          p.catch((err) => {
            if (err && err.name === 'NotAllowedError' && !this.blocked) {
              this.blocked = true;
              if (this.onBlocked) this.onBlocked();
            }
            finish();
          });
        }
      });
    }
  }

  return { Announcer, phrase, numberClips, windowClips, english };
})();
