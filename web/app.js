// The sokhan page: analyse a pasted article, search the archive, open article and entity pages.
// Vanilla ES modules, no build step; everything comes from this server (no network).
import { esc, fa, faDate, faMonth, sourceToText, toWord, layered, TYPE_LABELS, CHANGE_LABELS, visible, articleText } from './render.js';

const view = document.getElementById('view');
const notice = document.getElementById('notice');

// ---------------------------------------------------------------------------------------
// API

class ApiFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, init) {
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiFailure(0, 'network', 'سرور در دسترس نیست.');
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiFailure(res.status, 'bad_answer', `پاسخ نامعتبر از سرور (${res.status})`);
  }
  if (!res.ok) throw new ApiFailure(res.status, body?.error?.code ?? 'error', body?.error?.message ?? `خطای ${res.status}`);
  return body;
}

const postText = (path, text) => api(path, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });

function failureHtml(e, what) {
  if (e instanceof ApiFailure && e.code === 'not_ready') return `<p class="warn" data-error="not_ready">${esc(what)} هنوز آماده نیست: <span dir="auto">${esc(e.message)}</span></p>`;
  if (e instanceof ApiFailure && e.status === 413) return `<p class="error" data-error="too_large">متن بیش از اندازهٔ مجاز است.</p>`;
  return `<p class="error" data-error="${esc(e.code ?? 'error')}">${esc(what)}: <span dir="auto">${esc(e.message)}</span></p>`;
}

function showNotice(html) {
  if (!html) {
    notice.hidden = true;
    notice.innerHTML = '';
    return;
  }
  notice.innerHTML = html;
  notice.hidden = false;
}

// ---------------------------------------------------------------------------------------
// Router: #/ (analyse), #/search?…, #/article/ID, #/entity/ID

const routes = [
  [/^#?\/?$/, () => analyzeView()],
  [/^#\/search(?:\?(.*))?$/, (m) => searchView(new URLSearchParams(m[1] ?? ''))],
  [/^#\/article\/(\d+)$/, (m) => articleView(m[1])],
  [/^#\/entity\/(\d+)$/, (m) => entityView(m[1])],
];

let analyzeState = null; // the last analysis, kept when leaving and coming back
let charts = [];

function route() {
  for (const c of charts) c.destroy();
  charts = [];
  const h = location.hash || '#/';
  for (const [re, fn] of routes) {
    const m = re.exec(h);
    if (m) {
      const nav = h.startsWith('#/search') || h.startsWith('#/article') || h.startsWith('#/entity') ? 'search' : 'analyze';
      for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === nav);
      fn(m);
      return;
    }
  }
  view.innerHTML = '<p class="error">صفحه پیدا نشد.</p>';
}
window.addEventListener('hashchange', route);

// ---------------------------------------------------------------------------------------
// Analyse view

const SAMPLE =
  'به گزارش خبرنگار سياسي ايرنا، علي رضايي وزير نيرو روز شنبه در تهران گفت: «ساخت سد تا پايان سال تمام مي شود.»\n' +
  'وي افزود كه بودجه اين طرح از سوي سازمان برنامه و بودجه تامين شده است.';

function analyzeView() {
  view.innerHTML = `
    <section class="panel input-panel">
      <h1>تحلیل متن خبر</h1>
      <p class="hint">متن یک خبر را بچسبانید یا پرونده‌ای (txt یا json) بارگذاری کنید. متن پاک‌سازی‌شده با تغییراتش، نام‌ها، نقل‌قول‌ها، عبارت‌های کلیدی و خلاصه نشان داده می‌شود.</p>
      <form id="analyze-form">
        <label for="article" class="sr">متن خبر</label>
        <textarea id="article" name="article" rows="8" dir="rtl" placeholder="متن خبر را اینجا بچسبانید…" required></textarea>
        <div class="row">
          <button type="submit" id="analyze-btn">تحلیل کن</button>
          <label class="file">بارگذاری پرونده <input type="file" id="file" accept=".txt,.json,text/plain,application/json"></label>
          <button type="button" id="sample-btn" class="secondary">نمونه</button>
          <span id="analyze-status" class="status" role="status"></span>
        </div>
      </form>
    </section>
    <div id="results"></div>`;
  const form = document.getElementById('analyze-form');
  const ta = document.getElementById('article');
  if (analyzeState) ta.value = analyzeState.source;
  document.getElementById('sample-btn').addEventListener('click', () => {
    ta.value = SAMPLE;
    ta.focus();
  });
  document.getElementById('file').addEventListener('change', async (ev) => {
    const f = ev.target.files?.[0];
    if (!f) return;
    if (f.size > 1024 * 1024) {
      document.getElementById('analyze-status').textContent = 'پرونده بزرگ‌تر از یک مگابایت است.';
      return;
    }
    let text = await f.text();
    if (/\.json$/i.test(f.name) || /^\s*\{/.test(text)) {
      try {
        const a = JSON.parse(text);
        if (a && typeof a === 'object' && !Array.isArray(a)) text = articleText(a);
      } catch {
        /* not JSON after all: keep the text */
      }
    }
    ta.value = text;
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    runAnalysis(ta.value);
  });
  if (analyzeState) renderAnalysis(analyzeState);
}

async function runAnalysis(source) {
  const status = document.getElementById('analyze-status');
  const btn = document.getElementById('analyze-btn');
  if (!source.trim()) {
    status.textContent = 'متنی وارد نشده است.';
    return;
  }
  btn.disabled = true;
  status.textContent = 'در حال تحلیل…';
  const [norm, news] = await Promise.allSettled([postText('/api/normalize', source), postText('/api/news', source)]);
  btn.disabled = false;
  status.textContent = '';
  analyzeState = { source, norm, news };
  renderAnalysis(analyzeState);
}

function renderAnalysis({ source, norm, news }) {
  const out = document.getElementById('results');
  if (norm.status === 'rejected') {
    out.innerHTML = failureHtml(norm.reason, 'پاک‌سازی متن');
    return;
  }
  const { text, changes } = norm.value;
  const reading = news.status === 'fulfilled' ? news.value : null;
  const items = [];
  // Changes, widened to whole words so the mark is visible (a half-space is zero-width).
  const byKind = {};
  const widened = [];
  for (const c of changes) {
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    const [s, e] = c.start === c.end ? [c.start, c.end] : toWord(text, c.start, c.end);
    const last = widened[widened.length - 1];
    if (last && s <= last.end && e > last.start) {
      last.end = Math.max(last.end, e);
      last.notes.push(c);
    } else widened.push({ start: s, end: e, notes: [c] });
  }
  for (const w of widened) {
    const kinds = [...new Set(w.notes.map((c) => c.kind))];
    const title = w.notes.map((c) => `${CHANGE_LABELS[c.kind] ?? c.kind}: ${visible(c.from)} ← ${visible(c.to)}`).join('\n');
    if (w.start === w.end) items.push({ start: w.start, end: w.end, cls: `chg-del chg-${kinds[0]}`, attrs: { title } });
    else items.push({ start: w.start, end: w.end, cls: 'chg ' + kinds.map((k) => 'chg-' + k).join(' '), attrs: { title, 'data-change': kinds.join(' ') } });
  }
  if (reading) {
    for (const e of reading.entities ?? []) {
      for (const m of e.mentions ?? []) {
        items.push({
          start: sourceToText(changes, m.start, 'start'),
          end: sourceToText(changes, m.end, 'end'),
          cls: `ent ent-${e.type}`,
          attrs: { 'data-entity': e.id, 'data-type': e.type },
        });
      }
    }
    (reading.quotes ?? []).forEach((q, i) => {
      items.push({
        start: sourceToText(changes, q.start, 'start'),
        end: sourceToText(changes, q.end, 'end'),
        cls: `quote quote-${q.kind}`,
        attrs: { 'data-quote': String(i) },
        firstAttrs: { id: `quote-${i}` },
      });
    });
  }
  const counts = Object.entries(byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `<span class="chip chg-${esc(k)}">${esc(CHANGE_LABELS[k] ?? k)}: ${fa(n)}</span>`)
    .join(' ');
  const usedTypes = reading ? [...new Set((reading.entities ?? []).map((e) => e.type))] : [];
  const legend = usedTypes.map((t) => `<span class="ent ent-${esc(t)}">${esc(TYPE_LABELS[t] ?? t)}</span>`).join(' ');
  let html = `
    <section class="panel">
      <h2>متن پاک‌سازی‌شده</h2>
      <p class="summary-line">${changes.length ? `${fa(changes.length)} تغییر: ${counts}` : 'متن تغییری نکرد.'}</p>
      ${legend ? `<p class="legend">${legend} <span class="quote">نقل‌قول</span> <span class="chg">واژهٔ تغییرکرده</span></p>` : ''}
      <div id="clean-text" class="doc-text" dir="rtl">${layered(text, items)}</div>
    </section>`;
  if (!reading) {
    html += `<section class="panel">${failureHtml(news.reason, 'خبرخوان (نام‌ها، نقل‌قول‌ها، خلاصه)')}</section>`;
  } else html += readingHtml(reading, (start, end) => text.slice(sourceToText(changes, start, 'start'), sourceToText(changes, end, 'end')));
  out.innerHTML = html;
  wireReading(reading);
}

/** `clean(start, end)`: the cleaned text of an input span (the reader's offsets index the input). */
function readingHtml(r, clean) {
  const src = r.source
    ? `<p class="meta">منبع: ${esc(r.source.agency ?? '')}${r.source.desk ? ' — ' + esc(r.source.desk) : ''}${r.source.dateline ? ' — ' + esc(r.source.dateline) : ''}</p>`
    : '';
  const quotes = (r.quotes ?? [])
    .map(
      (q, i) => `<tr>
        <td data-label="گوینده">${speakerHtml(q.speaker, r)}</td>
        <td data-label="نوع">${q.kind === 'direct' ? 'مستقیم' : 'غیرمستقیم'}</td>
        <td data-label="فعل">${esc(q.verb ?? '')}</td>
        <td data-label="نقل‌قول"><a href="#quote-${i}" class="quote-link" data-goto="${i}">${esc(clip(clean(q.start, q.end), 160))}</a></td>
      </tr>`,
    )
    .join('');
  const ents = (r.entities ?? [])
    .map(
      (e) => `<li><span class="ent ent-${esc(e.type)}">${esc(e.name)}</span> <small>${esc(TYPE_LABELS[e.type] ?? e.type)} · ${fa(e.mentions?.length ?? 0)} بار</small>
        ${e.titles?.length ? `<div class="titles">${e.titles.map((t) => `<span class="chip">${esc(t)}</span>`).join(' ')}</div>` : ''}
        <a href="#" class="archive-link" data-name="${esc(e.name)}" data-type="${esc(e.type)}">در بایگانی</a></li>`,
    )
    .join('');
  const keys = (r.keyphrases ?? []).map((k) => `<span class="chip key" title="${esc(k.score?.toFixed?.(3) ?? '')}">${esc(k.text)}</span>`).join(' ');
  const summary = (r.summary ?? []).map((s) => `<li>${esc(clean(s.start, s.end))}</li>`).join('');
  return `
    <div class="grid">
      <section class="panel wide">
        <h2>نقل‌قول‌ها <small>(${fa(r.quotes?.length ?? 0)})</small></h2>
        ${src}
        ${quotes ? `<table id="quotes" class="quotes"><thead><tr><th>گوینده</th><th>نوع</th><th>فعل</th><th>نقل‌قول</th></tr></thead><tbody>${quotes}</tbody></table>` : '<p class="muted">نقل‌قولی پیدا نشد.</p>'}
      </section>
      <section class="panel">
        <h2>خلاصه</h2>
        ${summary ? `<ol id="summary">${summary}</ol>` : '<p class="muted">خلاصه‌ای ساخته نشد.</p>'}
        <h2>عبارت‌های کلیدی</h2>
        <p id="keyphrases">${keys || '<span class="muted">—</span>'}</p>
      </section>
      <section class="panel">
        <h2>نام‌ها <small>(${fa(r.entities?.length ?? 0)})</small></h2>
        ${ents ? `<ul id="entities" class="entities">${ents}</ul>` : '<p class="muted">نامی پیدا نشد.</p>'}
      </section>
    </div>`;
}

function speakerHtml(sp, r) {
  if (!sp) return '—';
  const e = sp.entity ? (r.entities ?? []).find((x) => x.id === sp.entity) : null;
  return e ? `<span class="ent ent-${esc(e.type)}">${esc(sp.name)}</span>` : esc(sp.name ?? '—');
}

function clip(s, n) {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

function wireReading(reading) {
  for (const a of view.querySelectorAll('.quote-link')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      const target = document.getElementById('quote-' + a.dataset.goto);
      if (!target) return;
      target.scrollIntoView({ behavior: 'smooth', block: 'center' });
      for (const el of view.querySelectorAll(`[data-quote="${a.dataset.goto}"]`)) {
        el.classList.remove('flash');
        void el.offsetWidth;
        el.classList.add('flash');
      }
    });
  }
  for (const a of view.querySelectorAll('.archive-link')) {
    a.addEventListener('click', async (ev) => {
      ev.preventDefault();
      try {
        const r = await api(`/api/entities?name=${encodeURIComponent(a.dataset.name)}&type=${encodeURIComponent(a.dataset.type)}&limit=1`);
        if (r.entities?.length) location.hash = `#/entity/${r.entities[0].id}`;
        else a.replaceWith(Object.assign(document.createElement('small'), { className: 'muted', textContent: 'در بایگانی نیست' }));
      } catch (e) {
        a.replaceWith(Object.assign(document.createElement('small'), { className: 'muted', textContent: e.code === 'not_ready' ? 'بایگانی باز نیست' : 'خطا' }));
      }
    });
  }
  // Hovering an entity lights up all its mentions.
  const text = document.getElementById('clean-text');
  if (text && reading) {
    text.addEventListener('mouseover', (ev) => {
      const id = ev.target.closest?.('[data-entity]')?.dataset.entity;
      for (const el of text.querySelectorAll('.ent.hot')) el.classList.remove('hot');
      if (id) for (const el of text.querySelectorAll(`[data-entity="${id}"]`)) el.classList.add('hot');
    });
  }
}

// ---------------------------------------------------------------------------------------
// Search view

const TYPES = ['PER', 'ORG', 'LOC', 'FAC', 'EVENT', 'PRODUCT'];

function searchView(params) {
  const v = (k) => esc(params.get(k) ?? '');
  view.innerHTML = `
    <section class="panel">
      <h1>جستجو در بایگانی</h1>
      <form id="search-form" class="search-form">
        <div class="row">
          <label for="q" class="sr">واژه‌ها</label>
          <input id="q" name="q" type="search" value="${v('q')}" placeholder="واژه‌ها، «عبارت دقیق» یا پیشوند*">
          <button type="submit">جستجو</button>
        </div>
        <details ${['entity', 'speaker', 'type', 'from', 'to', 'source'].some((k) => params.get(k)) ? 'open' : ''}>
          <summary>پالایه‌ها</summary>
          <div class="filters">
            <label>نام <input name="entity" value="${v('entity')}" placeholder="مثلاً علی رضایی"></label>
            <label>گوینده <input name="speaker" value="${v('speaker')}"></label>
            <label>نوع نام <select name="type"><option value="">همه</option>${TYPES.map((t) => `<option value="${t}" ${params.get('type') === t ? 'selected' : ''}>${TYPE_LABELS[t]}</option>`).join('')}</select></label>
            <label>از تاریخ <input name="from" value="${v('from')}" placeholder="2021-01-01" dir="ltr"></label>
            <label>تا تاریخ <input name="to" value="${v('to')}" placeholder="2021-12-31" dir="ltr"></label>
            <label>منبع <input name="source" value="${v('source')}" placeholder="ایرنا یا farsnews.ir"></label>
          </div>
        </details>
      </form>
    </section>
    <section id="search-results" class="panel" aria-live="polite"></section>`;
  const form = document.getElementById('search-form');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, val] of new FormData(form)) if (String(val).trim()) p.set(k, String(val).trim());
    location.hash = '#/search?' + p.toString();
  });
  const out = document.getElementById('search-results');
  const has = [...params.keys()].some((k) => params.get(k));
  if (!has) {
    out.innerHTML = '<p class="muted">واژه‌ای بنویسید یا پالایه‌ای برگزینید.</p>';
    showStats(out);
    return;
  }
  out.innerHTML = '<p class="muted">در حال جستجو…</p>';
  const qs = new URLSearchParams();
  for (const k of ['q', 'entity', 'speaker', 'type', 'from', 'to', 'source', 'offset']) if (params.get(k)) qs.set(k, params.get(k));
  qs.set('limit', '20');
  api('/api/search?' + qs)
    .then((r) => {
      const offset = Number(params.get('offset') ?? 0);
      const hits = r.hits
        .map(
          (h) => `<li class="hit">
            <a class="hit-title" href="#/article/${h.id}">${esc(h.title ?? 'بی‌عنوان')}</a>
            <div class="meta">${[faDate(h.date), h.agency ?? h.source, h.category].filter(Boolean).map(esc).join(' · ')}</div>
            ${(h.snippets ?? []).map((s) => `<p class="snippet">${snippetHtml(s)}</p>`).join('')}
          </li>`,
        )
        .join('');
      const more = r.total > offset + r.hits.length ? `<a class="more" href="#/search?${pageParams(params, offset + 20)}">نتایج بیشتر</a>` : '';
      out.innerHTML = `<p class="meta" id="search-count">${fa(r.total)} خبر${r.tookMs !== undefined ? ` · ${fa(Math.round(r.tookMs))} میلی‌ثانیه` : ''}</p>
        ${hits ? `<ol class="hits" start="${offset + 1}">${hits}</ol>` : '<p class="muted">چیزی پیدا نشد.</p>'}${more}`;
    })
    .catch((e) => {
      out.innerHTML = failureHtml(e, 'جستجو');
    });
}

function pageParams(params, offset) {
  const p = new URLSearchParams(params);
  p.set('offset', String(offset));
  return p.toString();
}

function snippetHtml(s) {
  const items = (s.highlights ?? []).map((h) => ({ start: h.start - s.start, end: h.end - s.start, cls: 'hl' }));
  const body = layered(s.text, items).replace(/<span class="hl">/g, '<mark>').replace(/<\/span>/g, '</mark>');
  return `${s.start > 0 ? '… ' : ''}${body} …`;
}

async function showStats(out) {
  try {
    const s = await api('/api/stats');
    const speakers = (s.topSpeakers ?? []).map((e) => `<a class="chip" href="#/entity/${e.id}">${esc(e.name)} <small>${fa(e.count)}</small></a>`).join(' ');
    out.insertAdjacentHTML(
      'beforeend',
      `<p class="meta">بایگانی: ${fa(s.articles)} خبر، ${fa(s.entities)} نام، ${fa(s.quotes)} نقل‌قول${s.firstDate ? ` · از ${esc(faDate(s.firstDate))} تا ${esc(faDate(s.lastDate))}` : ''}</p>
       ${speakers ? `<h2>پرنقل‌قول‌ترین‌ها</h2><p>${speakers}</p>` : ''}`,
    );
  } catch (e) {
    out.insertAdjacentHTML('beforeend', failureHtml(e, 'بایگانی'));
  }
}

// ---------------------------------------------------------------------------------------
// Article view

async function articleView(id) {
  view.innerHTML = '<p class="muted">در حال بارگیری…</p>';
  let a;
  try {
    a = await api(`/api/articles/${id}`);
  } catch (e) {
    view.innerHTML = failureHtml(e, 'خبر');
    return;
  }
  const items = [];
  for (const e of a.entities ?? []) for (const m of e.mentions ?? []) items.push({ start: m.start, end: m.end, cls: `ent ent-${e.type}`, attrs: { 'data-entity': String(e.id) } });
  (a.quotes ?? []).forEach((q, i) => items.push({ start: q.start, end: q.end, cls: `quote quote-${q.kind}`, attrs: { 'data-quote': String(i) }, firstAttrs: { id: `quote-${i}` } }));
  const ents = (a.entities ?? []).map((e) => `<a class="chip ent ent-${esc(e.type)}" href="#/entity/${e.id}">${esc(e.name)}</a>`).join(' ');
  const quotes = (a.quotes ?? [])
    .map((q) => `<li><strong>${q.speaker?.entityId ? `<a href="#/entity/${q.speaker.entityId}">${esc(q.speaker.name)}</a>` : esc(q.speaker?.name ?? '—')}</strong> (${esc(q.verb ?? '')}): ${esc(clip(q.text ?? '', 200))}</li>`)
    .join('');
  view.innerHTML = `
    <article class="panel">
      <h1>${esc(a.title ?? 'بی‌عنوان')}</h1>
      <p class="meta">${[faDate(a.date), a.agency ?? a.source, a.category].filter(Boolean).map(esc).join(' · ')}${/^https?:\/\//i.test(a.link ?? '') ? ` · <a href="${esc(a.link)}" rel="noreferrer noopener">پیوند به خبر</a>` : ''}</p>
      ${ents ? `<p class="chips">${ents}</p>` : ''}
      <div class="doc-text" id="article-text">${layered(a.original ?? '', items)}</div>
    </article>
    ${quotes ? `<section class="panel"><h2>نقل‌قول‌ها</h2><ul class="quote-list">${quotes}</ul></section>` : ''}
    ${(a.keyphrases ?? []).length ? `<section class="panel"><h2>عبارت‌های کلیدی</h2><p>${a.keyphrases.map((k) => `<span class="chip key">${esc(k.text)}</span>`).join(' ')}</p></section>` : ''}`;
  for (const el of view.querySelectorAll('#article-text [data-entity]')) {
    el.addEventListener('click', () => (location.hash = `#/entity/${el.dataset.entity}`));
  }
}

// ---------------------------------------------------------------------------------------
// Entity view

async function entityView(id) {
  view.innerHTML = '<p class="muted">در حال بارگیری…</p>';
  let p;
  try {
    p = await api(`/api/entities/${id}`);
  } catch (e) {
    view.innerHTML = failureHtml(e, 'نام');
    return;
  }
  const e = p.entity;
  const quotes = (p.quotes ?? [])
    .map((q) => `<li><blockquote>${esc(clip(q.text ?? '', 300))}</blockquote><div class="meta">${esc(q.verb ?? '')} · <a href="#/article/${q.article.id}">${esc(q.article.title ?? 'خبر')}</a>${q.article.date ? ' · ' + esc(faDate(q.article.date)) : ''}</div></li>`)
    .join('');
  const co = (p.coMentions ?? []).map((c) => `<a class="chip ent ent-${esc(c.type)}" href="#/entity/${c.id}">${esc(c.name)} <small>${fa(c.count)}</small></a>`).join(' ');
  const recent = (e.recent ?? []).map((r) => `<li><a href="#/article/${r.id}">${esc(r.title ?? 'بی‌عنوان')}</a> <small class="meta">${esc(faDate(r.date))}</small></li>`).join('');
  view.innerHTML = `
    <section class="panel entity-head">
      <h1><span class="ent ent-${esc(e.type)}">${esc(e.name)}</span> <small>${esc(TYPE_LABELS[e.type] ?? e.type)}</small></h1>
      ${e.titles?.length ? `<p id="entity-titles" class="chips">${e.titles.map((t) => `<span class="chip">${esc(t)}</span>`).join(' ')}</p>` : ''}
      <p class="meta">${fa(e.articles)} خبر · ${fa(e.quotes)} نقل‌قول · <a href="#/search?entity=${encodeURIComponent(e.name)}">جستجوی خبرها</a></p>
    </section>
    <section class="panel">
      <h2>حضور در خبرها در گذر زمان</h2>
      ${(p.timeline ?? []).length ? '<div class="chart-box"><canvas id="timeline" aria-label="نمودار شمار خبرها در هر ماه" role="img"></canvas></div>' : '<p class="muted">تاریخی در دست نیست.</p>'}
    </section>
    <div class="grid">
      <section class="panel"><h2>نقل‌قول‌ها</h2>${quotes ? `<ul id="entity-quotes" class="quote-list">${quotes}</ul>` : '<p class="muted">نقل‌قولی ثبت نشده.</p>'}</section>
      <section class="panel"><h2>هم‌آیندها</h2>${co ? `<p id="co-mentions" class="chips">${co}</p>` : '<p class="muted">—</p>'}
        <h2>تازه‌ترین خبرها</h2>${recent ? `<ul>${recent}</ul>` : '<p class="muted">—</p>'}</section>
    </div>`;
  if ((p.timeline ?? []).length) drawTimeline(p.timeline);
}

function drawTimeline(timeline) {
  const canvas = document.getElementById('timeline');
  if (!window.Chart) {
    canvas.replaceWith(Object.assign(document.createElement('p'), { className: 'muted', textContent: 'نمودار بارگیری نشد.' }));
    return;
  }
  // Fill the months between first and last so gaps show as zero.
  const months = [];
  const counts = new Map(timeline.map((m) => [m.month, m.count]));
  const sorted = [...counts.keys()].sort();
  let [y, mo] = sorted[0].split('-').map(Number);
  const [ly, lm] = sorted[sorted.length - 1].split('-').map(Number);
  while ((y < ly || (y === ly && mo <= lm)) && months.length < 600) {
    months.push(`${y}-${String(mo).padStart(2, '0')}`);
    mo++;
    if (mo > 12) {
      mo = 1;
      y++;
    }
  }
  window.Chart.defaults.font.family = 'Vazirmatn, sans-serif';
  charts.push(
    new window.Chart(canvas, {
      type: 'bar',
      data: { labels: months.map(faMonth), datasets: [{ label: 'شمار خبرها', data: months.map((m) => counts.get(m) ?? 0), backgroundColor: '#2f6f8f', maxBarThickness: 48 }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { reverse: true, ticks: { maxRotation: 60 } }, y: { beginAtZero: true, position: 'right', ticks: { precision: 0 } } },
      },
    }),
  );
}

// ---------------------------------------------------------------------------------------

async function checkHealth() {
  try {
    const h = await api('/api/health');
    const missing = Object.entries(h.parts)
      .filter(([k, p]) => !p.ready && k !== 'archive')
      .map(([k]) => ({ normalize: 'پاک‌سازی', analyze: 'تحلیل دستوری', news: 'خبرخوان' })[k] ?? k);
    if (missing.length) showNotice(`بخش‌هایی از سخن هنوز آماده نیستند: ${missing.map(esc).join('، ')}`);
  } catch {
    showNotice('سرور پاسخ نمی‌دهد.');
  }
}

route();
checkHealth();
