// The index browser (docs/web.md, "Studies"): studies found by patient, date and modality, their series, a series'
// instances, and an instance's header as a tree whose sequences expand. Where the user is lives in the URL's
// fragment (#study=...&series=...&instance=...), so Back and a copied link work. Reads /api/index/* only.
'use strict';

(() => {
  const { el, fill, table } = Ferry;
  const LIMIT = 200;

  /** The first value of an attribute of a DICOM JSON object (PS3.18 F.2), as text; a name's alphabetic form. */
  function text(attributes, tag) {
    const attribute = attributes[tag];
    return attribute ? values(attribute) : '';
  }

  function values(attribute) {
    if (attribute.InlineBinary !== undefined) {
      return '(' + Math.floor(attribute.InlineBinary.length * 3 / 4) + ' bytes)';
    }
    if (attribute.BulkDataURI !== undefined) {
      return '(bulk data)';
    }
    return (attribute.Value || []).map((v) => {
      if (v === null || v === undefined) return '';
      if (typeof v === 'object') {
        return ['Alphabetic', 'Ideographic', 'Phonetic'].map((k) => v[k]).filter(Boolean).join('=');
      }
      return String(v);
    }).join('\\');
  }

  function date(da) {
    return /^\d{8}$/.test(da) ? da.slice(0, 4) + '-' + da.slice(4, 6) + '-' + da.slice(6) : da;
  }

  function state() {
    return new URLSearchParams(location.hash.slice(1));
  }

  function go(values) {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) {
      if (value) next.set(key, value);
    }
    location.hash = next.toString();
  }

  /** The query of the search form as the API takes it: keys of the index, empty ones left out. */
  function queryOf(form) {
    const query = new URLSearchParams();
    const id = form.PatientID.value.trim();
    const name = form.PatientName.value.trim();
    const modality = form.ModalitiesInStudy.value.trim().toUpperCase();
    if (id) query.set('PatientID', id);
    if (name) query.set('PatientName', /[*?]/.test(name) ? name : name + '*');
    if (modality) query.set('ModalitiesInStudy', modality);
    const from = form.from.value.replaceAll('-', '');
    const to = form.to.value.replaceAll('-', '');
    if (from || to) query.set('StudyDate', from === to ? from : from + '-' + to);
    return query;
  }

  /** The way here — Studies › Study › Series › Instance — each step but the last a link back to it. */
  function trail(s) {
    const q = s.get('q') || '';
    const steps = [{ label: 'Studies', at: { q } }];
    if (s.get('study')) steps.push({ label: 'Study ' + s.get('study'), at: { q, study: s.get('study') } });
    if (s.get('series')) {
      steps.push({ label: 'Series ' + s.get('series'), at: { q, study: s.get('study'), series: s.get('series') } });
    }
    if (s.get('instance')) steps.push({ label: 'Instance ' + s.get('instance') });
    const items = [];
    steps.forEach((step, i) => {
      if (i > 0) items.push(' › ');
      items.push(i < steps.length - 1 ? el('a', { href: '#' + new URLSearchParams(step.at) }, step.label)
        : el('b', {}, step.label));
    });
    fill('breadcrumbs', items);
  }

  /** A row that opens {@code at} when clicked, or on Enter when focused (rows are in the tab order). */
  function pickRow(kind, data, at, ...cells) {
    const row = el('tr', { class: 'pick ' + kind, tabindex: 0, dataset: data, onclick: () => go(at) }, cells);
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') go(at);
    });
    return row;
  }

  function title(text, more) {
    document.getElementById('results-title').textContent = text + (more ? ' (the first ' + LIMIT + ')' : '');
  }

  async function studies(s) {
    const query = new URLSearchParams(s.get('q') || '');
    query.set('NumberOfStudyRelatedSeries', '');
    query.set('NumberOfStudyRelatedInstances', '');
    query.set('limit', String(LIMIT));
    const page = await Ferry.get('/api/index/studies?' + query);
    title(page.matches.length + ' studies', page.more);
    fill('results', table(['Patient', 'Patient ID', 'Date', 'Description', 'Modalities', 'Accession', 'Series',
      'Instances'], page.matches.map((m) => {
      const a = m.attributes;
      const uid = text(a, '0020000D');
      return pickRow('study', { study: uid }, { q: s.get('q'), study: uid },
        el('td', {}, text(a, '00100010').replaceAll('^', ' ')),
        el('td', { class: 'mono' }, text(a, '00100020')),
        el('td', {}, date(text(a, '00080020'))),
        el('td', {}, text(a, '00081030')),
        el('td', {}, text(a, '00080061')),
        el('td', {}, text(a, '00080050')),
        el('td', { class: 'num' }, text(a, '00201206')),
        el('td', { class: 'num' }, text(a, '00201208')));
    }), 'No study in the index matches.'));
  }

  async function series(s) {
    const study = s.get('study');
    const page = await Ferry.get('/api/index/series?' + new URLSearchParams({
      StudyInstanceUID: study, NumberOfSeriesRelatedInstances: '', limit: String(LIMIT) }));
    title(page.matches.length + ' series', page.more);
    fill('results', table(['Number', 'Modality', 'Description', 'Instances', 'Series Instance UID'],
      page.matches.map((m) => {
        const a = m.attributes;
        const uid = text(a, '0020000E');
        return pickRow('series', { series: uid }, { q: s.get('q'), study, series: uid },
          el('td', { class: 'num' }, text(a, '00200011')),
          el('td', {}, text(a, '00080060')),
          el('td', {}, text(a, '0008103E')),
          el('td', { class: 'num' }, text(a, '00201209')),
          el('td', { class: 'uid' }, uid));
      }), 'The index holds no series of this study.'));
  }

  async function instances(s) {
    const study = s.get('study');
    const seriesUid = s.get('series');
    const page = await Ferry.get('/api/index/instances?' + new URLSearchParams({
      SeriesInstanceUID: seriesUid, limit: String(LIMIT) }));
    title(page.matches.length + ' instances', page.more);
    fill('results', table(['Number', 'SOP Instance UID', 'Routes', 'From', 'Received'],
      page.matches.map((m) => {
        const a = m.attributes;
        const uid = text(a, '00080018');
        const handling = m.handling || {};
        return pickRow('instance', { instance: uid }, { q: s.get('q'), study, series: seriesUid, instance: uid },
          el('td', { class: 'num' }, text(a, '00200013')),
          el('td', { class: 'uid' }, uid),
          el('td', {}, (handling.routes || []).join(', ')),
          el('td', {}, handling.callingAeTitle || ''),
          el('td', {}, Ferry.time(handling.receivedAt)));
      }), 'The index holds no instance of this series.'));
  }

  let dictionaryLoaded = null;

  /** Adds the script at {@code src} to the page; resolves when it ran (rejects when it could not load). */
  function script(src) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement('script');
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = () => reject(new Error('cannot load ' + src));
      document.head.appendChild(tag);
    });
  }

  /**
   * The tag viewer's dictionary (made by Ferry from its own, docs/viewer.md), loaded on first need: one source of
   * names for the viewer and this page, private creators and repeating groups included. Without it, no names.
   */
  function dictionary() {
    if (dictionaryLoaded === null) {
      dictionaryLoaded = script('/viewer/dictionary-data.js').then(() => script('/viewer/dictionary.js'))
        .catch(() => undefined);
    }
    return dictionaryLoaded;
  }

  /** The name of the attribute {@code tag} (8 hex digits), or '' when the dictionary has none. */
  function nameOf(tag) {
    const entry = window.FerryDictionary ? window.FerryDictionary.entry(parseInt(tag, 16)) : null;
    return entry ? entry.name : (parseInt(tag.slice(0, 4), 16) % 2 ? 'private' : '');
  }

  /** A data set as a list; a sequence as a closed details element that opens to its items. */
  function tree(dataset) {
    return el('ul', {}, Object.keys(dataset).sort().map((tag) => attribute(tag, dataset[tag])));
  }

  function attribute(tag, a) {
    const label = [el('span', { class: 'tag' }, '(' + tag.slice(0, 4) + ',' + tag.slice(4) + ')'), ' ',
      el('span', { class: 'name' }, nameOf(tag)), ' ',
      el('span', { class: 'vr' }, a.vr), ' '];
    if (a.vr === 'SQ') {
      const items = a.Value || [];
      return el('li', { class: 'sequence', dataset: { tag } }, el('details', {},
        el('summary', {}, label, items.length + (items.length === 1 ? ' item' : ' items')),
        el('ul', {}, items.map((item, i) => el('li', { class: 'item' },
          el('details', { open: true }, el('summary', {}, 'Item ' + (i + 1)), tree(item || {})))))));
    }
    return el('li', { class: 'attribute', dataset: { tag } }, label, el('span', { class: 'value' }, values(a)));
  }

  async function tags(s) {
    const study = s.get('study');
    const seriesUid = s.get('series');
    const instance = s.get('instance');
    const [dataset] = await Promise.all([
      Ferry.get('/api/index/instances/' + encodeURIComponent(instance) + '/tags'), dictionary()]);
    title('Header of ' + instance + ' (up to the pixel data)');
    fill('results', el('div', { class: 'tags', id: 'tags' }, tree(dataset)));
  }

  async function show() {
    const s = state();
    trail(s);
    try {
      if (s.get('instance')) {
        await tags(s);
      } else if (s.get('series')) {
        await instances(s);
      } else if (s.get('study')) {
        await series(s);
      } else {
        await studies(s);
      }
      Ferry.flash('');
    } catch (error) {
      Ferry.flash(error.message, true);
    }
  }

  document.addEventListener('DOMContentLoaded', async () => {
    try {
      await Ferry.start();
    } catch (error) {
      return; // on the way to the login page
    }
    const form = document.getElementById('search');
    const query = new URLSearchParams(state().get('q') || '');
    form.PatientID.value = query.get('PatientID') || '';
    form.PatientName.value = query.get('PatientName') || '';
    form.ModalitiesInStudy.value = query.get('ModalitiesInStudy') || '';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      go({ q: queryOf(form).toString(), t: String(Date.now()) });
    });
    window.addEventListener('hashchange', show);
    show();
  });
})();
