/*
 * Ferry tag viewer: an element's value as text, per VR (PS3.5 §6.2): text values as they are (multiple values
 * separated by \, trailing padding removed), numbers for the binary VRs, hex bytes for OB and UN, (gggg,eeee) for AT.
 * FerryValues.text(element, limit) -> {text, count, cut}: at most {@code limit} characters (or values, for binary
 * VRs); cut tells that there is more.
 */
(function (global) {
    'use strict';

    /** Binary VRs: bytes per value and how to read one from a DataView (PS3.5 Table 6.2-1). */
    const BINARY = {
        US: [2, (v, i, le) => v.getUint16(i, le)], SS: [2, (v, i, le) => v.getInt16(i, le)],
        UL: [4, (v, i, le) => v.getUint32(i, le)], SL: [4, (v, i, le) => v.getInt32(i, le)],
        UV: [8, (v, i, le) => v.getBigUint64(i, le)], SV: [8, (v, i, le) => v.getBigInt64(i, le)],
        FL: [4, (v, i, le) => v.getFloat32(i, le)], FD: [8, (v, i, le) => v.getFloat64(i, le)],
        OW: [2, (v, i, le) => v.getUint16(i, le)], OL: [4, (v, i, le) => v.getUint32(i, le)],
        OV: [8, (v, i, le) => v.getBigUint64(i, le)], OF: [4, (v, i, le) => v.getFloat32(i, le)],
        OD: [8, (v, i, le) => v.getFloat64(i, le)],
        AT: [4, (v, i, le) => {
            const hex = n => n.toString(16).toUpperCase().padStart(4, '0');
            return `(${hex(v.getUint16(i, le))},${hex(v.getUint16(i + 2, le))})`;
        }],
    };

    /** A float as pydicom and dcmtk print it: the shortest text that reads back to the same float. */
    function number(value, vr) {
        if (vr === 'FL' || vr === 'OF') {
            return shortestFloat32(value);
        }
        return String(value);
    }

    function shortestFloat32(value) {
        for (let p = 1; p <= 9; p++) {
            const text = value.toPrecision(p);
            if (Math.fround(Number(text)) === value) {
                return String(Number(text));
            }
        }
        return String(value);
    }

    /** The value's text, at most {@code limit} characters or binary values. */
    function text(element, limit) {
        const F = global.FerryDicom;
        if (element.items) {
            const n = element.items.length;
            return {text: `${n} item${n === 1 ? '' : 's'}`, count: n, cut: false};
        }
        if (element.fragments) {
            const n = element.fragments.length;
            const sizes = element.fragments.map(f => f.length.toLocaleString('en')).join(', ');
            return {text: `encapsulated: ${n} item${n === 1 ? '' : 's'} (the offset table and ${n - 1}`
                + ` fragment${n === 2 ? '' : 's'}, not decoded) of ${sizes} bytes`, count: n, cut: false};
        }
        if (element.text !== undefined) {
            let t = element.text.replace(/[\0 ]+$/, '');
            if (!F.SINGLE_VALUED.has(element.vr) && element.vr !== 'UI') {
                t = t.split('\\').map(v => (element.vr === 'LT' ? v : v.replace(/^ +| +$/g, '')))
                    .join('\\');
            }
            const name = element.vr === 'UI' ? global.FerryDictionary.uidName(t) : '';
            const count = t === '' ? 0 : F.SINGLE_VALUED.has(element.vr) ? 1 : t.split('\\').length;
            if (t.length > limit) {
                return {text: t.slice(0, limit), count, cut: true};
            }
            return {text: t, count, uidName: name, cut: false};
        }
        const bytes = element.bytes || new Uint8Array(0);
        const binary = BINARY[element.vr];
        if (!binary) {
            // OB, UN, and VRs unknown here: bytes in hex, as dcmdump shows them
            const count = bytes.length;
            const shown = Math.min(count, limit);
            const parts = [];
            for (let i = 0; i < shown; i++) {
                parts.push(bytes[i].toString(16).padStart(2, '0'));
            }
            return {text: parts.join('\\'), count, cut: shown < count};
        }
        const [size, read] = binary;
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const count = Math.floor(bytes.length / size);
        const shown = Math.min(count, limit);
        const parts = [];
        for (let i = 0; i < shown; i++) {
            parts.push(number(read(view, i * size, element.littleEndian), element.vr));
        }
        return {text: parts.join('\\'), count, cut: shown < count};
    }

    global.FerryValues = {text};
})(globalThis);
