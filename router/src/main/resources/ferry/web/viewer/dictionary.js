/*
 * Ferry tag viewer: names of tags and UIDs. The data (FerryDictionaryData) is made by Ferry from its own dictionary
 * (ferry.core.tag.StandardDictionary and UidRegistry, PS3.6) and served as dictionary-data.js, or inlined in the
 * offline file; this file only looks things up in it. Lookup order as in StandardDictionary: an exact entry, a group
 * length (gggg,0000), a private creator (PS3.5 §7.8.1), then the repeating groups (50xx, 60xx, 7Fxx).
 */
(function (global) {
    'use strict';

    const data = global.FerryDictionaryData;
    let exact = null;
    let patterns = null;
    let uids = null;

    /** Parses the lines on first use: tag (x for a repeating nibble), VRs, VM, keyword, name, retired. */
    function load() {
        exact = new Map();
        patterns = [];
        for (const line of data.entries.split('\n')) {
            if (!line) {
                continue;
            }
            const [tag, vr, vm, keyword, name, retired] = line.split('\t');
            const entry = {vr, vm, keyword, name, retired: retired === 'Y'};
            if (tag.includes('x')) {
                const mask = parseInt(tag.replace(/[0-9A-F]/gi, 'F').replace(/x/g, '0'), 16) >>> 0;
                patterns.push({mask, value: parseInt(tag.replace(/x/g, '0'), 16) >>> 0, entry});
            } else {
                exact.set(parseInt(tag, 16) >>> 0, entry);
            }
        }
        uids = new Map(data.uids.split('\n').filter(l => l).map(l => l.split('\t')));
    }

    /** The entry of {@code tag}: {vr, vm, keyword, name, retired}, or null when unknown (private data included). */
    function entry(tag) {
        if (exact === null) {
            load();
        }
        tag >>>= 0;
        const found = exact.get(tag);
        if (found) {
            return found;
        }
        const group = tag >>> 16;
        const element = tag & 0xFFFF;
        if (element === 0) {
            return {vr: 'UL', vm: '1', keyword: group % 2 ? 'PrivateGroupLength' : 'GenericGroupLength',
                name: 'Group Length', retired: false};
        }
        if (group % 2 === 1) {
            return element >= 0x10 && element <= 0xFF
                ? {vr: 'LO', vm: '1', keyword: 'PrivateCreator', name: 'Private Creator', retired: false} : null;
        }
        const pattern = patterns.find(p => ((tag & p.mask) >>> 0) === p.value);
        return pattern ? pattern.entry : null;
    }

    global.FerryDictionary = {
        entry,
        keyword: tag => (entry(tag) || {}).keyword || '',
        name: tag => (entry(tag) || {}).name || '',
        vr: tag => (entry(tag) || {}).vr || null,
        /** The name of a UID (a transfer syntax, a SOP class), or ''. */
        uidName: uid => {
            if (uids === null) {
                load();
            }
            return uids.get(uid) || '';
        },
    };
})(globalThis);
