// voice.js: the hall's announcements, spoken from the server's pre-recorded clips.
//
// One announcement is a chime and the sentence "请 A 零零一 号 到 3 号窗口办理" said once
// (and the English line when asked): under 5 s. It is said again, up to `repeat` times
// in all, only while no other call waits, so five calls in the same second are all heard
// within about 25 s; waiting announcements follow each other with no gap. A call for a
// number that is already waiting (a recall) merges into the waiting announcement instead
// of queueing twice. The queue holds at most `maxQueued`; one dropped is logged on the
// console, never silently.
//
// The clips are fetched once, when the board starts, and decoded into AudioBuffers in
// the page's memory; each announcement is scheduled clip after clip on the AudioContext's
// clock. So a server that goes away mid-announcement cuts nothing, and the next clip
// starts exactly where the last one ends. `voice: 'yue'` speaks the Chinese words in
// Cantonese (the clips under /voice/yue/); the letters and the chime are shared.
//
// Test hooks: window.onedoorVoice is the announcer. Its `log` lists every clip spoken:
// {clip, number, win, voice, saying, arrived, start, end, dur, at, ok} with times in ms
// of performance.now() (`start` as scheduled, `end` when the clip really ended, `dur` the
// clip's length; `at` the start in ms on the audio clock; ok false when a clip could not
// be played). Tests may set its `player`
// (clip name → Promise that settles when the clip ends) to replace the audio.
'use strict';

const Voice = (() => {
  const DIGITS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9'];
  // WORDS are said in the board's voice; every other clip is shared by the voices.
  const WORDS = new Set(['qing', 'hao', 'dao', 'chuangkou_banli', 'shi', ...DIGITS]);
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => 'l' + c);
  const ENGLISH = ['en_number', 'en_please_window', 'en0', 'en1', 'en2', 'en3', 'en4', 'en5', 'en6', 'en7', 'en8', 'en9'];
  const LEAD = 0.3;   // s before an announcement ends when the next is decided and scheduled
  const PAUSE = 0.4;  // s of silence before a repeat
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
      this.repeat = opts.repeat > 0 ? opts.repeat : 2; // sayings at most, the later ones only when idle
      this.english = !!opts.english;
      this.voice = opts.voice === 'yue' ? 'yue' : 'zh';
      this.base = opts.base || '/voice/';
      this.version = opts.version || '';
      this.maxQueued = opts.maxQueued || 20;
      this.queue = [];     // announcements waiting: {number, win, sentence, said, arrived}
      this.busy = false;
      this.log = [];
      this.dropped = 0;    // announcements dropped from a full queue
      this.merged = 0;     // calls merged into an announcement already waiting
      this.blocked = false;
      this.onBlocked = opts.onBlocked || null;
      this.player = null;  // a test's stand-in for the audio
      this.ctx = null;
      this.buffers = new Map(); // clip name → AudioBuffer
      this.loaded = null;  // settles when every clip is decoded
      this.cursor = 0;     // context time at which the audio scheduled so far ends
    }

    // names is every clip this board may speak.
    names() {
      return ['chime', ...WORDS, ...LETTERS, ...(this.english ? ENGLISH : [])];
    }

    url(name) {
      const dir = this.voice === 'yue' && WORDS.has(name) ? 'yue/' : '';
      return this.base + dir + name + '.ogg?v=' + encodeURIComponent(this.version);
    }

    // start opens the audio and loads every clip into memory, retrying those that fail
    // (a server away at start) with backoff until all are there.
    start() {
      if (this.loaded) return this.loaded;
      const AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) {
        console.error('onedoor voice: this browser has no Web Audio; the board stays silent');
        this.loaded = Promise.resolve();
        return this.loaded;
      }
      this.ctx = new AC();
      this.checkBlocked();
      this.loaded = (async () => {
        let wait = 500;
        for (;;) {
          const missing = this.names().filter((n) => !this.buffers.has(n));
          if (!missing.length) return;
          await Promise.all(missing.map(async (n) => {
            try {
              const res = await fetch(this.url(n));
              if (!res.ok) throw new Error('HTTP ' + res.status);
              this.buffers.set(n, await this.ctx.decodeAudioData(await res.arrayBuffer()));
            } catch (e) { /* retried below */ }
          }));
          if (this.buffers.size < this.names().length) {
            await sleep(wait);
            wait = Math.min(wait * 2, 5000);
          }
        }
      })();
      return this.loaded;
    }

    // checkBlocked shows the "tap to enable sound" button when the browser keeps the
    // audio suspended until a gesture (a board started without the autoplay flag).
    async checkBlocked() {
      if (this.ctx.state !== 'running') {
        this.ctx.resume();
        await sleep(500);
      }
      if (this.ctx.state !== 'running' && !this.blocked) {
        this.blocked = true;
        if (this.onBlocked) this.onBlocked();
      }
    }

    // unlock resumes the audio after a tap.
    unlock() {
      this.blocked = false;
      if (this.ctx) this.ctx.resume();
    }

    // say queues the announcement of a call; it is spoken after those before it.
    say(number, win) {
      const sentence = phrase(number, win).concat(this.english ? english(number, win) : []);
      const waiting = this.queue.find((q) => q.number === number);
      if (waiting) { // a recall before the call was spoken: say it once, at the window now called
        waiting.win = win;
        waiting.sentence = sentence;
        this.merged++;
        return;
      }
      this.queue.push({ number, win, sentence, said: 0, arrived: performance.now() });
      if (this.queue.length > this.maxQueued) {
        const d = this.queue.shift();
        this.dropped++;
        console.warn('onedoor voice: ' + this.maxQueued + ' announcements waiting; dropped ' + d.number + ' at window ' + d.win);
      }
      this.pump();
    }

    // pump speaks what waits: each call once, back to back, and the last one again while
    // nothing else waits. The next announcement is decided shortly before the current one
    // ends and scheduled right at its end.
    async pump() {
      if (this.busy) return;
      this.busy = true;
      try {
        if (!this.player) await Promise.race([this.start(), sleep(3000)]);
        let prev = null, run = null;
        for (;;) {
          let item = this.queue.shift(), clips, gap = 0;
          if (item) {
            clips = ['chime', ...item.sentence];
          } else if (prev && prev.said < this.repeat) {
            item = prev;
            clips = item.sentence;
            gap = PAUSE;
          } else if (run) {
            await run.done; // a call may arrive meanwhile
            run = prev = null;
            continue;
          } else {
            break;
          }
          run = this.play(clips, item, gap);
          item.said++;
          await run.nearEnd;
          prev = item;
        }
      } finally {
        this.busy = false;
      }
    }

    entry(clip, item) {
      const e = { clip, number: item.number, win: item.win, voice: this.voice, saying: item.said,
        arrived: item.arrived, start: 0, end: 0, dur: 0, at: 0, ok: true };
      this.log.push(e);
      if (this.log.length > 2000) this.log.splice(0, 1000);
      return e;
    }

    // play speaks clips after `gap` seconds of silence and returns {nearEnd, done}.
    play(clips, item, gap) {
      if (this.player) {
        const done = (async () => {
          for (const clip of clips) {
            const e = this.entry(clip, item);
            e.start = performance.now();
            try { await this.player(clip); } catch (err) { e.ok = false; }
            e.end = performance.now();
            e.dur = e.end - e.start;
          }
        })();
        return { nearEnd: done, done };
      }
      if (!this.ctx) return { nearEnd: Promise.resolve(), done: Promise.resolve() };
      const ctx = this.ctx;
      let t = Math.max(this.cursor, ctx.currentTime + 0.05) + gap;
      let last = null;
      for (const clip of clips) {
        const e = this.entry(clip, item);
        const buf = this.buffers.get(clip);
        if (!buf) {
          e.ok = false;
          console.warn('onedoor voice: clip ' + clip + ' is not loaded; skipped');
          continue;
        }
        const src = ctx.createBufferSource();
        src.buffer = buf;
        src.connect(ctx.destination);
        src.start(t);
        e.at = t * 1000; // on the audio clock, exact
        e.start = performance.now() + (t - ctx.currentTime) * 1000;
        e.dur = buf.duration * 1000;
        src.onended = () => { e.end = performance.now(); };
        t += buf.duration;
        last = src;
      }
      this.cursor = t;
      const done = last ? new Promise((r) => last.addEventListener('ended', () => r())) : Promise.resolve();
      const end = t;
      let finished = false;
      done.then(() => { finished = true; });
      const nearEnd = (async () => {
        // Polled in short steps: a context suspended until a tap does not advance.
        while (!finished && end - LEAD - ctx.currentTime > 0) {
          await Promise.race([sleep(Math.min((end - LEAD - ctx.currentTime) * 1000, 250)), done]);
        }
      })();
      return { nearEnd, done };
    }
  }

  return { Announcer, phrase, numberClips, windowClips, english };
})();
