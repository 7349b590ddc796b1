// catalog_form.js: the form over the draft editor's JSON (事项目录表单). It edits the
// categories, the items with their materials, and the priority groups of the catalog in
// the editor, writing every change back to the editor's text, which is what is saved.
'use strict';

window.CatalogForm = (() => {
  let model = null;
  let editor = null;
  let root = null;
  let chosen = 0; // the index of the item shown

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
  function sync() { editor.value = JSON.stringify(model, null, 2); }

  // input binds obj[key] to an input of the kind given: text, number, check.
  function input(obj, key, kind, label) {
    const i = el('input');
    i.dataset.field = key;
    if (kind === 'check') {
      i.type = 'checkbox';
      i.checked = !!obj[key];
      i.addEventListener('change', () => { obj[key] = i.checked; sync(); });
    } else {
      i.type = kind === 'number' ? 'number' : 'text';
      i.value = obj[key] === undefined || obj[key] === null ? '' : String(obj[key]);
      i.addEventListener('input', () => {
        obj[key] = kind === 'number' ? (i.value === '' ? 0 : Number(i.value)) : i.value;
        sync();
      });
    }
    if (!label) return i;
    const l = bi('label', 'field', label[0], label[1]);
    l.append(i);
    return l;
  }
  function select(obj, key, options, label) {
    const s = el('select');
    s.dataset.field = key;
    for (const [v, text] of options) {
      const o = el('option', '', text);
      o.value = v;
      o.selected = obj[key] === v;
      s.append(o);
    }
    s.addEventListener('change', () => { obj[key] = s.value; sync(); });
    const l = bi('label', 'field', label[0], label[1]);
    l.append(s);
    return l;
  }
  function button(zh, en, cls, act, f) {
    const b = bi('button', cls, zh, en);
    b.type = 'button';
    b.dataset.act = act;
    b.addEventListener('click', () => { f(); sync(); render(); });
    return b;
  }

  // table renders rows of objects with a column per field, a remove button each.
  function table(list, cols, act) {
    const t = el('table', 'form-table');
    const head = el('tr');
    for (const c of cols) head.append(bi('th', '', c[2][0], c[2][1]));
    head.append(el('th'));
    t.append(head);
    list.forEach((obj, i) => {
      const tr = el('tr');
      for (const c of cols) {
        const td = el('td');
        td.append(c[1] === 'form' ? formSelect(obj) : input(obj, c[0], c[1]));
        tr.append(td);
      }
      const td = el('td');
      td.append(button('删除', 'Remove', 'ghost', act, () => list.splice(i, 1)));
      tr.append(td);
      t.append(tr);
    });
    return t;
  }
  function formSelect(m) {
    const s = el('select');
    s.dataset.field = 'form';
    for (const [v, zh] of [['original', '原件'], ['copy', '复印件'], ['original_and_copy', '原件和复印件'], ['electronic', '电子']]) {
      const o = el('option', '', zh + ' ' + v);
      o.value = v;
      o.selected = m.form === v;
      s.append(o);
    }
    s.addEventListener('change', () => { m.form = s.value; sync(); });
    return s;
  }

  function nextMaterialCode(it) {
    let n = 0;
    for (const m of it.materials || []) {
      const k = /^m(\d+)$/.exec(m.code || '');
      n = Math.max(n, k ? Number(k[1]) : 0);
    }
    return 'm' + (Math.max(n, (it.materials || []).length) + 1);
  }

  function render() {
    if (!model) { root.replaceChildren(bi('p', 'hint', '编辑框中的内容不是有效的 JSON', 'The editor does not hold valid JSON')); return; }
    model.categories = model.categories || [];
    model.items = model.items || [];
    model.priority_groups = model.priority_groups || [];
    const out = [];

    out.push(bi('h3', '', '分类', 'Categories'));
    out.push(table(model.categories, [['code', 'text', ['代码', 'Code']], ['prefix_letter', 'text', ['字头', 'Prefix']],
      ['name_zh', 'text', ['名称', 'Name']], ['name_en', 'text', ['英文名称', 'English name']]], 'remove-category'));
    out.push(button('新增分类', 'Add a category', 'ghost', 'add-category',
      () => model.categories.push({ code: '', prefix_letter: '', name_zh: '', name_en: '' })));

    out.push(bi('h3', '', '事项', 'Items'));
    const pick = el('select');
    pick.id = 'form-item';
    model.items.forEach((it, i) => {
      const o = el('option', '', (it.code || '?') + ' ' + (it.name_zh || ''));
      o.value = String(i);
      o.selected = i === chosen;
      pick.append(o);
    });
    pick.addEventListener('change', () => { chosen = Number(pick.value); render(); });
    const bar = el('div', 'form-bar');
    bar.append(pick, button('新增事项', 'Add an item', 'ghost', 'add-item', () => {
      model.items.push({ code: '', name_zh: '', name_en: '', department: '', category: (model.categories[0] || {}).code || '',
        level: (model.center && model.center.level) || 'district', immediate: true, legal_days: null, promised_days: 0,
        materials: [{ code: 'm1', name_zh: '', name_en: '', form: 'original', copies: 1, required: true, note: '' }] });
      chosen = model.items.length - 1;
    }));
    if (model.items[chosen]) {
      bar.append(button('删除此事项', 'Remove this item', 'danger', 'remove-item', () => {
        model.items.splice(chosen, 1);
        chosen = 0;
      }));
    }
    out.push(bar);
    const it = model.items[chosen];
    if (it) {
      const box = el('div', 'form-item');
      box.append(input(it, 'code', 'text', ['代码', 'Code']), input(it, 'name_zh', 'text', ['名称', 'Name']),
        input(it, 'name_en', 'text', ['英文名称', 'English name']), input(it, 'department', 'text', ['部门', 'Department']),
        select(it, 'category', model.categories.map((c) => [c.code, c.code + ' ' + c.name_zh]), ['分类', 'Category']),
        input(it, 'promised_days', 'number', ['承诺时限（工作日）', 'Promised days']),
        input(it, 'immediate', 'check', ['即办件', 'Done at once']), input(it, 'needs_id', 'check', ['需身份证件', 'Needs an ID']));
      out.push(box);
      it.materials = it.materials || [];
      out.push(bi('h4', '', '申请材料', 'Materials'));
      out.push(table(it.materials, [['code', 'text', ['代码', 'Code']], ['name_zh', 'text', ['名称', 'Name']],
        ['name_en', 'text', ['英文名称', 'English name']], ['form', 'form', ['形式', 'Form']], ['copies', 'number', ['份数', 'Copies']],
        ['required', 'check', ['必需', 'Required']], ['note', 'text', ['备注', 'Note']]], 'remove-material'));
      out.push(button('新增材料', 'Add a material', 'ghost', 'add-material', () => it.materials.push(
        { code: nextMaterialCode(it), name_zh: '', name_en: '', form: 'original', copies: 1, required: true, note: '' })));
    }

    out.push(bi('h3', '', '优先群体', 'Priority groups'));
    out.push(table(model.priority_groups, [['code', 'text', ['代码', 'Code']], ['name_zh', 'text', ['名称', 'Name']],
      ['name_en', 'text', ['英文名称', 'English name']], ['weight', 'number', ['权重', 'Weight']]], 'remove-group'));
    out.push(button('新增优先群体', 'Add a group', 'ghost', 'add-group',
      () => model.priority_groups.push({ code: '', name_zh: '', name_en: '', weight: 50 })));
    root.replaceChildren(...out);
  }

  return {
    // attach binds the form to the editor (a textarea) and the element it renders in.
    attach(ed, into) { editor = ed; root = into; },
    // load reads the editor's text into the form.
    load() {
      try { model = JSON.parse(editor.value); } catch (e) { model = null; }
      if (!model || typeof model !== 'object') model = null;
      if (model && chosen >= (model.items || []).length) chosen = 0;
      render();
    },
  };
})();
