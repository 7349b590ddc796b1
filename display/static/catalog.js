// catalog.js: the managed catalog (事项动态管理). A supervisor or admin logs in (the web
// session: an HttpOnly cookie, and the CSRF token sent back in X-CSRF-Token with every
// change), lists the catalog's versions, saves a draft (checked as at start: each fault
// shown with its path), publishes it with a note (kiosks, callers and boards take it from
// the stream), compares any two versions and rolls back (a new version). Text from the
// server only ever goes through textContent.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  let me = null; // {staff, name, role, csrf}
  let versions = [];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function bi(tag, cls, zh, en) {
    const e = el(tag, cls, zh);
    if (en) e.append(el('small', '', en));
    return e;
  }
  function fmtTime(s) {
    const d = new Date(s);
    if (!s || isNaN(d)) return '';
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
  }

  // api calls the server as the session (websession.js); raw sends a catalog file as it is.
  const api = ODWeb.client(() => me && me.csrf);

  function show(view) {
    document.body.dataset.view = view;
    for (const v of ['login', 'main', 'denied']) $(v + '-view').hidden = v !== view;
    $('who').hidden = !me;
  }
  function fail(err) {
    if (err && err.status === 401) { me = null; show('login'); return; }
    if (err && err.status === 403) { show('denied'); return; }
    $('action-error').textContent = String(err && err.message || err);
  }

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
    if (me) await start().catch(fail);
  });
  $('logout').addEventListener('click', async () => {
    try { await api('POST', '/api/v1/web/logout'); } catch (e) { /* the cookie goes either way */ }
    me = null;
    show('login');
  });

  // --- versions ---
  const stateWords = { draft: ['草稿', 'Draft'], published: ['已发布', 'Published'] };

  async function loadVersions() {
    versions = (await api('GET', '/api/v1/admin/catalog/versions')).versions || [];
    const rows = versions.map((v) => {
      const tr = el('tr');
      tr.dataset.version = String(v.version);
      if (v.current) tr.classList.add('current');
      tr.append(el('td', '', '第 ' + v.version + ' 版'));
      const st = el('td');
      const w = stateWords[v.state] || [v.state, ''];
      st.append(bi('span', 'state ' + v.state, w[0], w[1]));
      if (v.current) st.append(' ', bi('span', 'state current', '在用', 'In force'));
      tr.append(st);
      const note = el('td', '', v.note || '');
      if (v.rollback_of) note.append(el('small', '', '(回滚自第 ' + v.rollback_of + ' 版 · rollback of v' + v.rollback_of + ')'));
      tr.append(note);
      tr.append(el('td', '', fmtTime(v.created_at) + ' ' + (v.by || '')));
      tr.append(el('td', '', v.published_at ? fmtTime(v.published_at) + ' ' + (v.published_by || '') : ''));
      tr.append(actions(v));
      return tr;
    });
    $('versions').replaceChildren(...rows);
    fillPick($('diff-from'), versions.length > 1 ? versions[1].version : 0);
    fillPick($('diff-to'), versions.length ? versions[0].version : 0);
  }

  function actions(v) {
    const td = el('td', 'actions');
    const edit = bi('button', 'ghost', '编辑为草稿', 'Edit as draft');
    edit.type = 'button';
    edit.dataset.act = 'edit';
    edit.addEventListener('click', () => editFrom(v.version).catch(fail));
    const exp = bi('a', 'ghost', '导出', 'Export');
    exp.href = '/api/v1/admin/catalog/export?version=' + v.version;
    exp.setAttribute('download', 'catalog-v' + v.version + '.json');
    td.append(edit, ' ', exp);
    if (v.state === 'draft') {
      const note = el('input');
      note.placeholder = '发布说明 Note';
      note.maxLength = 200;
      note.className = 'publish-note';
      const pub = bi('button', 'primary', '发布', 'Publish');
      pub.type = 'button';
      pub.dataset.act = 'publish';
      pub.addEventListener('click', () => act('publish', v.version, note.value).catch(fail));
      td.append(note, pub);
    } else if (!v.current) {
      const rb = bi('button', 'danger', '回滚到此版', 'Roll back to this');
      rb.type = 'button';
      rb.dataset.act = 'rollback';
      rb.addEventListener('click', () => act('rollback', v.version, '').catch(fail));
      td.append(rb);
    }
    return td;
  }

  async function act(what, n, note) {
    $('action-error').textContent = '';
    await api('POST', '/api/v1/admin/catalog/versions/' + n + '/' + what, { note });
    await loadVersions();
  }

  function fillPick(sel, chosen) {
    sel.replaceChildren(...versions.map((v) => {
      const o = el('option', '', '第 ' + v.version + ' 版 v' + v.version + (v.current ? ' · 在用' : ''));
      o.value = String(v.version);
      o.selected = v.version === chosen;
      return o;
    }));
  }

  // --- diff ---
  const parts = [['categories', '分类', 'Categories'], ['items', '事项', 'Items'],
    ['materials', '材料', 'Materials'], ['priority_groups', '优先群体', 'Priority groups']];

  async function showDiff() {
    const d = await api('GET', '/api/v1/admin/catalog/diff?from=' + $('diff-from').value + '&to=' + $('diff-to').value);
    const out = [bi('p', 'hint', '第 ' + d.from + ' 版 → 第 ' + d.to + ' 版', 'version ' + d.from + ' → ' + d.to)];
    let any = false;
    for (const [key, zh, en] of parts) {
      const s = d[key] || { added: [], removed: [], changed: [] };
      if (!s.added.length && !s.removed.length && !s.changed.length) continue;
      any = true;
      const box = el('div', 'diff-part');
      box.dataset.part = key;
      box.append(bi('h3', '', zh, en));
      const ul = el('ul');
      const names = s.names || {};
      const line = (cls, mark, zh, en, k) => {
        const li = el('li', cls, mark + ' ' + zh + ' ' + k);
        if (names[k] && names[k] !== k) li.append(el('b', 'name', ' ' + names[k]));
        li.append(el('small', '', en));
        return li;
      };
      for (const k of s.added) ul.append(line('added', '+', '新增', 'Added', k));
      for (const k of s.removed) ul.append(line('removed', '−', '删除', 'Removed', k));
      for (const c of s.changed) {
        const li = line('changed', '~', '修改', 'Changed', c.key);
        for (const f of c.fields || []) {
          li.append(el('span', 'field', f.field + ': ' + short(f.from) + ' → ' + short(f.to)));
        }
        ul.append(li);
      }
      box.append(ul);
      out.push(box);
    }
    if (!any) out.push(bi('p', 'diff-none', '两个版本内容相同', 'The two versions are the same'));
    $('diff').replaceChildren(...out);
  }
  function short(v) {
    const s = JSON.stringify(v);
    return s.length > 80 ? s.slice(0, 77) + '…' : s;
  }
  $('diff-go').addEventListener('click', () => showDiff().catch(fail));

  // --- the draft editor ---
  async function editFrom(n) {
    const v = await api('GET', '/api/v1/admin/catalog/versions/' + n);
    $('editor').value = JSON.stringify(v.catalog, null, 2);
    CatalogForm.load();
    $('draft-note').value = '';
    $('faults').replaceChildren();
    $('editor').focus();
  }
  $('import').addEventListener('change', async () => {
    const f = $('import').files[0];
    if (f) $('editor').value = await f.text();
    CatalogForm.load();
  });
  $('save-draft').addEventListener('click', async () => {
    $('faults').replaceChildren();
    $('draft-saved').textContent = '';
    try {
      const v = await api('POST', '/api/v1/admin/catalog/drafts?note=' + encodeURIComponent($('draft-note').value),
        $('editor').value, true);
      $('draft-saved').textContent = '已保存为第 ' + v.version + ' 版草稿 · Saved as draft version ' + v.version;
      await loadVersions();
    } catch (err) {
      if (err.status !== 422) { fail(err); return; }
      // Each fault on its own line, its path first (items[3].materials[0].name_zh: …).
      const lines = err.message.replace(/^catalog is invalid: /, '').split('\n').filter(Boolean);
      $('faults').replaceChildren(...lines.map((l) => {
        const li = el('li');
        const m = l.match(/^([\w.[\]]+): (.*)$/);
        if (m) { li.append(el('code', '', m[1]), ' ' + m[2]); } else { li.textContent = l; }
        return li;
      }));
    }
  });

  // The form and the JSON text are two views of the same draft; the text is saved.
  CatalogForm.attach($('editor'), $('form'));
  for (const b of document.querySelectorAll('.tabs .tab')) {
    b.addEventListener('click', () => {
      const json = b.dataset.tab === 'json';
      if (!json) CatalogForm.load(); // the text, edited by hand, back into the form
      $('editor').hidden = !json;
      $('form').hidden = json;
      for (const o of document.querySelectorAll('.tabs .tab')) o.classList.toggle('on', o === b);
    });
  }

  async function start() {
    if (!me) {
      try { me = await api('GET', '/api/v1/web/session'); } catch (err) { show('login'); return; }
    }
    $('who-name').textContent = me.name || me.staff;
    $('who-role').textContent = me.role;
    if (me.role !== 'supervisor' && me.role !== 'admin') { show('denied'); return; }
    show('main');
    await loadVersions();
    if (versions.length) await editFrom(versions[0].version);
  }

  (async () => {
    try {
      const c = await api('GET', '/api/v1/catalog');
      if (c.center && c.center.name) $('center-name').textContent = c.center.name;
    } catch (err) { /* the name stays generic */ }
    await start().catch(fail);
  })();
})();
