/*
 * Ferry tag viewer: the page. Lists the opened files (probing each one's first bytes in the background), reads a
 * file when it is selected (one at a time, so hundreds of files cost no memory), and shows its tags as a tree that
 * can be searched. Nothing is sent anywhere: the page makes no request after it has loaded.
 */
(function (global) {
    'use strict';

    const {FerryDicom: Dicom, FerryDictionary: Dictionary, FerryFiles: Files, FerryValues: Values} = global;
    const SHOWN = 200;   // characters of a text value, or values of a binary one, shown before "show all"
    const ALL = 100000;  // at most this many values even with "show all"
    const $ = id => document.getElementById(id);

    const entries = [];
    let selected = null;
    let parsed = null;

    function element(tag, attributes, ...children) {
        const e = document.createElement(tag);
        for (const [k, v] of Object.entries(attributes || {})) {
            if (k === 'class') {
                e.className = v;
            } else {
                e.setAttribute(k, v);
            }
        }
        for (const c of children) {
            if (c !== null && c !== undefined) {
                e.append(c);
            }
        }
        return e;
    }

    function status(text) {
        $('status').textContent = text;
    }

    function size(n) {
        return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;
    }

    // ---- the file list -----------------------------------------------------------------------------------------

    async function add(newEntries) {
        newEntries.sort((a, b) => a.path.localeCompare(b.path, 'en', {numeric: true}));
        const first = entries.length;
        for (const entry of newEntries) {
            entry.index = entries.length;
            entries.push(entry);
            entry.item = element('li', {}, element('button', {type: 'button'}, entry.path));
            entry.item.firstChild.addEventListener('click', () => select(entry));
            $('file-list').append(entry.item);
            if (entry.skipped) {
                markSkipped(entry, entry.skipped);
            }
        }
        filterFiles();
        $('file-list').setAttribute('aria-busy', 'true');
        status(`${newEntries.length} file(s) added; checking which are DICOM…`);
        await probe(entries.slice(first).filter(e => !e.skipped));
        const skippedCount = entries.filter(e => e.skipped).length;
        $('count').textContent = `(${entries.length}, ${skippedCount} skipped)`;
        $('file-list').setAttribute('aria-busy', 'false');
        status(`${entries.length} file(s): ${entries.length - skippedCount} DICOM, ${skippedCount} skipped.`);
        if (!selected) {
            const firstDicom = entries.find(e => !e.skipped);
            if (firstDicom) {
                select(firstDicom);
            }
        }
    }

    function markSkipped(entry, reason) {
        entry.skipped = reason;
        entry.item.className = 'skipped';
        const button = entry.item.firstChild;
        button.setAttribute('aria-disabled', 'true');
        button.append(element('span', {class: 'reason'}, `skipped: ${reason}`));
    }

    /** Reads the first bytes of each entry, four at a time, to list non-DICOM files as skipped. */
    async function probe(list) {
        let next = 0;
        const worker = async () => {
            while (next < list.length) {
                const entry = list[next++];
                try {
                    const reason = Dicom.notDicomReason(await entry.head());
                    if (reason) {
                        markSkipped(entry, reason);
                    }
                } catch (e) {
                    markSkipped(entry, `cannot be read: ${e.message}`);
                }
            }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
    }

    function filterFiles() {
        const q = $('file-filter').value.trim().toLowerCase();
        for (const entry of entries) {
            entry.item.hidden = q !== '' && !entry.path.toLowerCase().includes(q);
        }
    }

    // ---- one file ----------------------------------------------------------------------------------------------

    async function select(entry) {
        if (entry.skipped) {
            return;
        }
        if (selected) {
            selected.item.firstChild.removeAttribute('aria-current');
        }
        selected = entry;
        entry.item.firstChild.setAttribute('aria-current', 'true');
        $('file-title').textContent = entry.path;
        $('file-facts').textContent = '';
        $('file-error').textContent = '';
        $('tree').textContent = '';
        $('search').disabled = true;
        status(`reading ${entry.path}…`);
        let result;
        try {
            result = await Dicom.parse(await entry.read());
        } catch (e) {
            result = {error: {message: `cannot be read: ${e.message}`, offset: 0, tag: null}, meta: [], dataSet: [],
                notes: [], size: entry.size};
        }
        if (selected !== entry) {
            return; // another file was selected meanwhile
        }
        parsed = result;
        document.body.dataset.loaded = entry.path;
        showFacts(result);
        $('search').disabled = false;
        render();
        status(`${entry.path}: ${count(result.meta) + count(result.dataSet)} elements`
            + (result.error ? ', stopped by an error' : ''));
    }

    function count(list) {
        return list.reduce((n, e) => n + 1 + (e.items || []).reduce((m, i) => m + count(i.elements), 0), 0);
    }

    function showFacts(result) {
        const facts = $('file-facts');
        const ts = result.transferSyntax;
        facts.append(element('div', {}, `${size(result.size)}; `
            + (result.preamble ? 'Part 10 file (preamble, DICM, meta information)' : 'no preamble')
            + (result.encoding ? `; ${result.encoding}` : '') + (ts ? ` (${ts})` : '')));
        for (const note of [...result.notes, ...(result.charsetNotes || [])]) {
            facts.append(element('div', {class: 'note'}, `Note: ${note}`));
        }
        if (result.error) {
            const e = result.error;
            const where = [...(e.path || []), ...(e.tag !== null ? [Dicom.describe(e.tag)] : [])];
            $('file-error').textContent = `Stopped at byte ${e.offset.toLocaleString('en')}`
                + (where.length ? ` in ${where.join(' > ')}` : '') + `: ${e.message}. `
                + 'The elements read before it are shown below.';
            $('file-error').dataset.offset = e.offset;
        }
    }

    // ---- the tree ----------------------------------------------------------------------------------------------

    /** Whether {@code e} matches the search: tag, keyword, name, private creator or value text. */
    function matches(e, q) {
        const tag = Dicom.tagText(e.tag);
        const hay = [tag, tag.replace(/[(),]/g, ''), tag.slice(1, -1), Dictionary.keyword(e.tag),
            Dictionary.name(e.tag), e.creator || '', e.vr || '', Values.text(e, SHOWN).text];
        return hay.some(h => h.toLowerCase().includes(q));
    }

    /** Whether {@code e} or anything in its items matches; remembered per search. */
    function anyMatch(e, q, memo) {
        if (memo.has(e)) {
            return memo.get(e);
        }
        const found = matches(e, q) || (e.items || []).some(i => i.elements.some(c => anyMatch(c, q, memo)));
        memo.set(e, found);
        return found;
    }

    function render() {
        const tree = $('tree');
        tree.textContent = '';
        if (!parsed) {
            return;
        }
        const q = $('search').value.trim().toLowerCase();
        const search = q === '' ? null : {q, memo: new Map()};
        tree.append(element('div', {class: 'head', 'aria-hidden': 'true'}, element('span', {}, 'Tag'),
            element('span', {}, 'Name'), element('span', {}, 'VR'), element('span', {}, 'Length'),
            element('span', {}, 'Value')));
        if (parsed.meta.length) {
            tree.append(group('File meta information', parsed.meta, '', search));
        }
        tree.append(group('Data set', parsed.dataSet, '', search));
        if (search) {
            const n = tree.querySelectorAll('.row.match').length;
            status(`${n} element(s) match "${$('search').value.trim()}"`);
        }
    }

    function group(title, list, path, search) {
        const box = element('div', {role: 'group', 'aria-label': title});
        box.append(element('h3', {}, title));
        renderList(list, box, path, search);
        return box;
    }

    function renderList(list, container, path, search) {
        for (const e of list) {
            if (search && !anyMatch(e, search.q, search.memo)) {
                continue;
            }
            container.append(renderElement(e, path, search));
        }
    }

    function renderElement(e, path, search) {
        const hex = (e.tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
        const here = path ? `${path}/${hex}` : hex;
        const row = elementRow(e, search && matches(e, search.q));
        if (e.fragments) {
            return fragmentTree(e, here, row);
        }
        if (!e.items) {
            return element('div', {class: 'element', 'data-path': here}, row);
        }
        const details = element('details', {class: 'element', 'data-path': here}, element('summary', {}, row));
        const children = element('div', {class: 'children'});
        details.append(children);
        let filled = false;
        const fill = () => {
            if (filled) {
                return;
            }
            filled = true;
            e.items.forEach((item, i) => {
                const label = `Item ${i + 1} of ${e.items.length}, at byte ${item.offset.toLocaleString('en')}, `
                    + (item.length < 0 ? 'undefined length' : `${item.length.toLocaleString('en')} bytes`);
                const itemBox = element('details', {class: 'item', 'data-path': `${here}/${i}`},
                    element('summary', {}, label));
                const inner = element('div', {class: 'children'});
                itemBox.append(inner);
                renderList(item.elements, inner, `${here}/${i}`, search);
                if (search) {
                    itemBox.open = item.elements.some(c => anyMatch(c, search.q, search.memo));
                } else {
                    itemBox.open = true;
                }
                children.append(itemBox);
            });
        };
        if (search && e.items.some(i => i.elements.some(c => anyMatch(c, search.q, search.memo)))) {
            fill();
            details.open = true;
        }
        details.addEventListener('toggle', () => details.open && fill());
        return details;
    }

    /** Encapsulated pixel data (PS3.5 §A.4): each item's place, size and first bytes; the first is the offset table. */
    function fragmentTree(e, here, row) {
        const details = element('details', {class: 'element', 'data-path': here}, element('summary', {}, row));
        const list = element('ul', {class: 'children fragments'});
        e.fragments.forEach((f, i) => {
            const first = Array.from(f.bytes.subarray(0, 16), b => b.toString(16).padStart(2, '0')).join('\\');
            const what = i === 0 ? 'Basic Offset Table' : `Fragment ${i}`;
            list.append(element('li', {'data-path': `${here}/${i}`}, `${what}: at byte`
                + ` ${f.offset.toLocaleString('en')}, ${f.length.toLocaleString('en')} bytes`
                + (f.length ? `: ${first}${f.length > 16 ? '…' : ''}` : '')));
        });
        details.append(list);
        return details;
    }

    function elementRow(e, matched) {
        const keyword = Dictionary.keyword(e.tag);
        const name = Dictionary.name(e.tag);
        const shown = e.creator !== undefined
            ? element('span', {class: 'name'}, 'Private', element('small', {}, `creator: ${e.creator || '(none)'}`))
            : element('span', {class: 'name'}, name || 'Unknown', element('small', {}, keyword));
        const length = e.length < 0 ? 'undefined' : e.length.toLocaleString('en');
        const value = Values.text(e, SHOWN);
        const valueCell = element('span', {class: 'value'}, value.text);
        const cell = element('span', {class: 'value-cell'}, valueCell);
        if (value.uidName) {
            cell.append(element('span', {class: 'uid-name'}, ` = ${value.uidName}`));
        }
        if (e.vrInFile) {
            cell.append(element('span', {class: 'note'}, ` (${e.vrInFile} in the file, read as ${e.vr})`));
        }
        if (e.cut) {
            cell.append(element('span', {class: 'truncated'}, ' (cut: the file ends inside this value)'));
        }
        if (value.cut) {
            const more = element('button', {type: 'button', class: 'more'},
                `show all (${value.count.toLocaleString('en')})`);
            more.addEventListener('click', ev => {
                ev.preventDefault(); // inside a summary: do not toggle the sequence
                const all = Values.text(e, ALL);
                valueCell.textContent = all.text + (all.cut ? ` … (${(all.count - ALL).toLocaleString('en')}`
                    + ' more values not shown)' : '');
                more.remove();
            });
            cell.append(more);
        }
        return element('div', {class: matched ? 'row match' : 'row'},
            element('span', {class: 'tag'}, Dicom.tagText(e.tag)), shown,
            element('span', {class: 'vr'}, e.vr || ''), element('span', {class: 'length'}, length), cell);
    }

    // ---- wiring ------------------------------------------------------------------------------------------------

    function opened(promise) {
        promise.then(add).catch(e => status(`cannot open: ${e.message}`));
    }

    $('files').addEventListener('change', ev => {
        opened(Files.fromFileList(Array.from(ev.target.files)));
        ev.target.value = '';
    });
    $('folder').addEventListener('change', ev => {
        opened(Files.fromFileList(Array.from(ev.target.files)));
        ev.target.value = '';
    });
    const drop = $('drop');
    for (const target of [document.body, drop]) {
        target.addEventListener('dragover', ev => {
            ev.preventDefault();
            drop.classList.add('over');
        });
    }
    document.body.addEventListener('dragleave', () => drop.classList.remove('over'));
    document.body.addEventListener('drop', ev => {
        ev.preventDefault();
        drop.classList.remove('over');
        const items = ev.dataTransfer.items;
        // entries must be taken during the event; a browser without webkitGetAsEntry gives the files alone
        opened(items && items.length && items[0].webkitGetAsEntry ? Files.fromDrop(items)
            : Files.fromFileList(Array.from(ev.dataTransfer.files)));
    });
    let timer = null;
    $('search').addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(render, 150);
    });
    $('file-filter').addEventListener('input', filterFiles);
    document.body.dataset.ready = 'true';
})(globalThis);
