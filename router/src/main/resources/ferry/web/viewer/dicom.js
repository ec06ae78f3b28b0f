/*
 * Ferry tag viewer: a small reader of DICOM files for the browser (docs/viewer.md). It reads the bytes it is given
 * and nothing else: no request, no storage. Sections cited are of the DICOM standard (PS3.5 data structures and
 * encoding, PS3.10 media storage and file format).
 *
 * FerryDicom.parse(bytes) -> Promise of {preamble, meta, dataSet, transferSyntax, encoding, notes, error}
 * where meta and dataSet are arrays of elements:
 *   {tag, vr, length (-1: undefined), offset, header, creator, bytes, text, items, fragments, littleEndian}
 * items: [{offset, length, elements}], fragments: [{offset, length, bytes}]; error: {message, offset, tag} or null.
 */
(function (global) {
    'use strict';

    const Charset = global.FerryCharset;
    const Dictionary = global.FerryDictionary;

    const EXPLICIT_LE = '1.2.840.10008.1.2.1';
    const IMPLICIT_LE = '1.2.840.10008.1.2';
    const EXPLICIT_BE = '1.2.840.10008.1.2.2';
    const DEFLATED = '1.2.840.10008.1.2.1.99';

    const ITEM = 0xFFFEE000;
    const ITEM_END = 0xFFFEE00D;
    const SEQUENCE_END = 0xFFFEE0DD;
    const PIXEL_DATA = 0x7FE00010;
    const UNDEFINED = 0xFFFFFFFF;
    /** The deepest nesting of sequences read, as Ferry's own reader (ReadOptions.DEFAULT): deeper is hostile. */
    const MAX_DEPTH = 64;

    /** Every VR of PS3.5 Table 6.2-1. */
    const VRS = new Set(['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF',
        'OL', 'OV', 'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT',
        'UV']);
    /** VRs whose explicit header has two reserved bytes and a 32-bit length (PS3.5 §7.1.2, Table 7.1-1). */
    const LONG_HEADER = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
    /** VRs whose text follows Specific Character Set (PS3.5 §6.1.2.3). */
    const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN']);
    /** Text VRs in the default repertoire. */
    const ASCII_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UI', 'UR']);
    /** Text VRs of one value: a backslash is text, not a separator (PS3.5 §6.4). */
    const SINGLE_VALUED = new Set(['ST', 'LT', 'UT', 'UR']);

    /** A file that cannot be read on: what went wrong, at which byte, in which element (tag, or null). */
    class DicomError extends Error {
        constructor(message, offset, tag) {
            super(message);
            this.offset = offset;
            this.tag = tag;
            this.path = []; // the sequence items it is in, outermost first: "(300A,00B0) BeamSequence item 1"
        }
    }

    function tagText(tag) {
        const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
        return `(${hex.slice(0, 4)},${hex.slice(4)})`;
    }

    function describe(tag) {
        const keyword = Dictionary.keyword(tag);
        return keyword ? `${tagText(tag)} ${keyword}` : tagText(tag);
    }

    /**
     * A data set being read: its bytes, its encoding (VR explicit or implicit, byte order), where byte 0 lies in
     * the file ({@code base}, for messages), the character set in force and the private creators of the data set.
     */
    class Source {
        constructor(bytes, base, explicit, littleEndian, charset, depth = 0) {
            this.bytes = bytes;
            this.depth = depth; // the sequences this source's elements are in
            this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
            this.base = base;
            this.explicit = explicit;
            this.littleEndian = littleEndian;
            this.charset = charset;
        }

        with(explicit, littleEndian) {
            return new Source(this.bytes, this.base, explicit, littleEndian, this.charset, this.depth);
        }

        u16(at) {
            return this.view.getUint16(at, this.littleEndian);
        }

        u32(at) {
            return this.view.getUint32(at, this.littleEndian);
        }

        tagAt(at) {
            return ((this.u16(at) << 16) | this.u16(at + 2)) >>> 0;
        }

        need(at, count, end, what, tag) {
            if (at + count > end) {
                const left = Math.max(0, end - at);
                throw new DicomError(`${what} needs ${count} bytes but only ${left} are left`, this.base + at, tag);
            }
        }
    }

    /** PS3.5 §7.1: the header of the element at {@code at}: tag, VR, value length, header length. */
    function readHeader(src, at, end) {
        src.need(at, 8, end, 'the element header', null);
        const tag = src.tagAt(at);
        if (tag >>> 16 === 0xFFFE) {
            // items and delimiters have no VR in any transfer syntax (PS3.5 §7.5)
            return {tag, vr: null, length: src.u32(at + 4), header: 8};
        }
        if (!src.explicit) {
            return {tag, vr: implicitVr(tag), length: src.u32(at + 4), header: 8};
        }
        const vr = String.fromCharCode(src.bytes[at + 4], src.bytes[at + 5]);
        if (!VRS.has(vr)) {
            throw new DicomError(`${describe(tag)} has no valid VR (bytes ${hex(src.bytes.subarray(at + 4, at + 6))}`
                + ` where explicit VR is expected)`, src.base + at + 4, tag);
        }
        if (LONG_HEADER.has(vr)) {
            src.need(at, 12, end, `the header of ${describe(tag)}`, tag);
            return {tag, vr, length: src.u32(at + 8), header: 12};
        }
        return {tag, vr, length: src.u16(at + 6), header: 8};
    }

    /** The VR of an element in implicit VR (PS3.5 §7.1.3): the dictionary's first; UN when unknown. */
    function implicitVr(tag) {
        const vr = Dictionary.vr(tag);
        if (tag === PIXEL_DATA || vr === 'OB|OW' || vr === 'OB or OW') {
            return 'OW';
        }
        return vr ? vr.split('|')[0] : 'UN';
    }

    /** Whether the dictionary knows {@code tag}'s VR (not UN): standard elements, group lengths, private creators. */
    function knownVr(tag) {
        const vr = Dictionary.vr(tag);
        return vr !== null && vr !== 'UN';
    }

    function hex(bytes) {
        return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join(' ');
    }

    /**
     * Reads elements from {@code at} up to {@code end} into {@code into}, pushing each before its items are read,
     * so that what was read stays when an error stops the reading. With {@code inItem}, an Item Delimitation Item
     * ends the list (PS3.5 §7.5.2). Returns where reading stopped.
     */
    function readElements(src, at, end, into, inItem) {
        const creators = new Map();
        while (at < end) {
            const h = readHeader(src, at, end);
            if (h.tag === ITEM_END && inItem) {
                return at + 8;
            }
            if (h.tag === ITEM || h.tag === ITEM_END || h.tag === SEQUENCE_END) {
                throw new DicomError(`an item tag ${tagText(h.tag)} outside a sequence`, src.base + at, h.tag);
            }
            const element = {tag: h.tag, vr: h.vr, length: h.length === UNDEFINED ? -1 : h.length,
                offset: src.base + at, header: h.header, littleEndian: src.littleEndian};
            into.push(element);
            const group = h.tag >>> 16;
            const number = h.tag & 0xFFFF;
            if (group % 2 === 1 && number >= 0x1000) {
                element.creator = creators.get((group << 8) | (number >> 8)) || '';
            }
            at = readValue(src, at + h.header, end, element);
            if (group % 2 === 1 && number >= 0x10 && number <= 0xFF && element.text !== undefined) {
                creators.set((group << 8) | number, element.text.trim()); // PS3.5 §7.8.1
            }
            if (h.tag === 0x00080005 && element.text !== undefined) {
                src.charset = Charset.of(element.text.split('\\'));
            }
        }
        if (inItem) {
            throw new DicomError('the item has no Item Delimitation Item (FFFE,E00D) before the end of its sequence'
                + ' or the file', src.base + end, null);
        }
        return at;
    }

    /** The value of {@code element} starting at {@code at}; returns the offset after it. */
    function readValue(src, at, end, element) {
        const tag = element.tag;
        if (element.length === -1) {
            if (element.vr === 'SQ') {
                return readItems(src, at, end, element, true);
            }
            if (element.vr === 'UN') {
                // PS3.5 §6.2.2: UN of undefined length is a sequence in implicit VR little endian
                element.unknownSequence = true;
                return readItems(src.with(false, true), at, end, element, true);
            }
            if (tag === PIXEL_DATA || element.vr === 'OB' || element.vr === 'OW') {
                return readFragments(src, at, end, element);
            }
            throw new DicomError(`${describe(tag)} has an undefined length, which its VR ${element.vr} does not`
                + ' allow', element.offset, tag);
        }
        if (at + element.length > end) {
            const left = Math.max(0, end - at);
            if (element.vr === 'SQ') {
                // read its items as far as the data goes, to show them and stop where the first one breaks
                readItems(src, at, end, element, false);
            } else {
                element.cut = true;
                element.bytes = src.bytes.subarray(at, end);
            }
            throw new DicomError(`the value of ${describe(tag)} is ${element.length.toLocaleString('en')} bytes long`
                + ` but only ${left.toLocaleString('en')} are left`, src.base + at, tag);
        }
        const valueEnd = at + element.length;
        if (element.vr === 'UN' && src.explicit && knownVr(tag)) {
            // a known element sent as UN (as when a node relays implicit VR data it did not know): read with the
            // dictionary's VR, as pydicom does; a sequence's items are then in implicit VR little endian (PS3.5 §6.2.2)
            element.vrInFile = 'UN';
            element.vr = implicitVr(tag);
            if (element.vr === 'SQ') {
                return readItems(src.with(false, true), at, valueEnd, element, false);
            }
        }
        if (element.vr === 'SQ') {
            return readItems(src, at, valueEnd, element, false);
        }
        if (element.vr === 'UN' && !src.explicit && element.length >= 8 && src.tagAt(at) === ITEM) {
            // an unknown element of implicit VR whose value is items: a private sequence (as dcmtk reads it)
            element.vr = 'SQ';
            element.unknownSequence = true;
            return readItems(src, at, valueEnd, element, false);
        }
        element.bytes = src.bytes.subarray(at, valueEnd);
        if (CHARSET_VRS.has(element.vr)) {
            element.text = src.charset.decode(element.bytes, element.vr === 'PN');
        } else if (ASCII_VRS.has(element.vr)) {
            element.text = Charset.DEFAULT.decode(element.bytes);
        }
        return valueEnd;
    }

    /** PS3.5 §7.5: the items of a sequence, of defined or undefined length each, up to its end or delimiter. */
    function readItems(src, at, end, element, undefinedLength) {
        element.items = [];
        while (at < end) {
            const h = readHeader(src, at, end);
            if (h.tag === SEQUENCE_END && undefinedLength) {
                return at + 8;
            }
            if (h.tag !== ITEM) {
                throw new DicomError(`${describe(element.tag)} holds ${tagText(h.tag)} where an item (FFFE,E000)`
                    + ' is expected', src.base + at, element.tag);
            }
            const item = {offset: src.base + at, length: h.length === UNDEFINED ? -1 : h.length, elements: []};
            element.items.push(item);
            if (src.depth >= MAX_DEPTH) {
                throw new DicomError(`sequences nested deeper than ${MAX_DEPTH} levels`, src.base + at, element.tag);
            }
            const inner = new Source(src.bytes, src.base, src.explicit, src.littleEndian, src.charset, src.depth + 1);
            const start = at;
            try {
                if (h.length === UNDEFINED) {
                    at = readElements(inner, at + 8, end, item.elements, true);
                } else if (at + 8 + h.length > end) {
                    readElements(inner, at + 8, end, item.elements, false);
                    throw new DicomError(`item ${element.items.length} of ${describe(element.tag)} is`
                        + ` ${h.length.toLocaleString('en')} bytes long but only`
                        + ` ${Math.max(0, end - at - 8).toLocaleString('en')} are left`, src.base + start, null);
                } else {
                    readElements(inner, at + 8, at + 8 + h.length, item.elements, false);
                    at += 8 + h.length;
                }
            } catch (e) {
                if (e instanceof DicomError) {
                    e.path.unshift(`${describe(element.tag)} item ${element.items.length}`);
                }
                throw e;
            }
        }
        if (undefinedLength) {
            throw new DicomError(`${describe(element.tag)} has no Sequence Delimitation Item (FFFE,E0DD) before the`
                + ' end of the file', src.base + end, element.tag);
        }
        return at;
    }

    /** PS3.5 §A.4: encapsulated pixel data, an offset table and fragments as items, shown but not decoded. */
    function readFragments(src, at, end, element) {
        element.fragments = [];
        while (at < end) {
            const h = readHeader(src, at, end);
            if (h.tag === SEQUENCE_END) {
                return at + 8;
            }
            if (h.tag !== ITEM || h.length === UNDEFINED) {
                throw new DicomError(`${describe(element.tag)} holds ${tagText(h.tag)} where a fragment item`
                    + ' (FFFE,E000) of defined length is expected', src.base + at, element.tag);
            }
            if (at + 8 + h.length > end) {
                throw new DicomError(`fragment ${element.fragments.length} of ${describe(element.tag)} is`
                    + ` ${h.length.toLocaleString('en')} bytes long but only ${Math.max(0, end - at - 8)
                        .toLocaleString('en')} are left`, src.base + at, element.tag);
            }
            element.fragments.push({offset: src.base + at, length: h.length,
                bytes: src.bytes.subarray(at + 8, at + 8 + h.length)});
            at += 8 + h.length;
        }
        throw new DicomError(`${describe(element.tag)} has no Sequence Delimitation Item (FFFE,E0DD) after its`
            + ' fragments', src.base + end, element.tag);
    }

    /**
     * How a data set without a file meta information header is encoded, guessed from its first element as dcmtk's
     * dcmdump +f does; null when the bytes do not start like a DICOM element.
     */
    function guessEncoding(bytes, at) {
        if (bytes.length < at + 8) {
            return null;
        }
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const vr = String.fromCharCode(bytes[at + 4], bytes[at + 5]);
        const groupLe = view.getUint16(at, true);
        const groupBe = view.getUint16(at, false);
        const plausible = g => g >= 0x0002 && g <= 0x7FE0 && g % 2 === 0;
        if (VRS.has(vr) && plausible(groupLe) && groupLe <= 0x00FF) {
            return EXPLICIT_LE;
        }
        if (VRS.has(vr) && plausible(groupBe) && groupBe <= 0x00FF) {
            return EXPLICIT_BE;
        }
        const length = view.getUint32(at + 4, true);
        if (groupLe >= 0x0001 && groupLe <= 0x0030 && (length === UNDEFINED || at + 8 + length <= bytes.length)) {
            return IMPLICIT_LE;
        }
        return null;
    }

    /**
     * Whether the first bytes of a file look like DICOM: "DICM" after a 128-byte preamble (PS3.10 §7.1), or a data
     * set starting with a plausible element. Returns null for DICOM, else why not.
     */
    function notDicomReason(head) {
        if (head.length >= 132 && String.fromCharCode(...head.subarray(128, 132)) === 'DICM') {
            return null;
        }
        if (head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === 'DICM') {
            return null;
        }
        if (guessEncoding(head, 0) !== null) {
            return null;
        }
        return head.length < 8 ? `only ${head.length} bytes: too short for DICOM`
            : 'no "DICM" at byte 128 and it does not start like a DICOM data set';
    }

    const ENCODINGS = {
        [IMPLICIT_LE]: ['Implicit VR Little Endian', false, true],
        [EXPLICIT_LE]: ['Explicit VR Little Endian', true, true],
        [EXPLICIT_BE]: ['Explicit VR Big Endian', true, false],
        [DEFLATED]: ['Deflated Explicit VR Little Endian', true, true],
    };

    /**
     * Reads a whole file: preamble and meta information (PS3.10 §7.1), then the data set in the transfer syntax the
     * meta names; without meta, the encoding is guessed. Never throws: an error is returned with what was read.
     */
    async function parse(bytes) {
        const result = {preamble: false, meta: [], dataSet: [], transferSyntax: null, encoding: null, notes: [],
            error: null, size: bytes.length};
        let at = 0;
        try {
            if (bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM') {
                result.preamble = true;
                at = 132;
            } else if (bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === 'DICM') {
                result.notes.push('the file starts with "DICM" without the 128-byte preamble');
                at = 4;
            } else {
                result.notes.push('no preamble and no "DICM" (PS3.10 §7.1): read as a bare data set');
            }
            // PS3.10 §7.1: the meta information is group 0002 in explicit VR little endian
            const metaSource = new Source(bytes, 0, true, true, Charset.DEFAULT);
            while (at + 4 <= bytes.length && metaSource.u16(at) === 0x0002) {
                const h = readHeader(metaSource, at, bytes.length);
                const element = {tag: h.tag, vr: h.vr, length: h.length === UNDEFINED ? -1 : h.length, offset: at,
                    header: h.header, littleEndian: true};
                result.meta.push(element);
                at = readValue(metaSource, at + h.header, bytes.length, element);
            }
            const tsElement = result.meta.find(e => e.tag === 0x00020010);
            let ts = tsElement ? tsElement.text.replace(/[\0 ]+$/, '') : null;
            if (!ts) {
                ts = guessEncoding(bytes, at);
                if (ts === null) {
                    throw new DicomError('no Transfer Syntax UID (0002,0010), and the data set does not start'
                        + ' like one in a transfer syntax Ferry knows', at, null);
                }
                result.notes.push(`no Transfer Syntax UID: the data set looks like ${ENCODINGS[ts][0]}`);
            }
            result.transferSyntax = ts;
            const [name, explicit, littleEndian] = ENCODINGS[ts] || [null, true, true];
            result.encoding = name || `${Dictionary.uidName(ts) || ts} (explicit VR little endian, pixel data`
                + ' encapsulated)';
            let source = new Source(bytes, 0, explicit, littleEndian, Charset.DEFAULT);
            if (ts === DEFLATED) {
                const inflated = await inflate(bytes.subarray(at), result);
                result.notes.push(`the data set is deflated (PS3.5 §A.5): offsets in it count from byte ${at}`
                    + ` of the file, in the ${inflated.length.toLocaleString('en')} inflated bytes`);
                source = new Source(inflated, 0, true, true, Charset.DEFAULT);
                source.base = 0;
                at = 0;
            }
            if (explicit && at + 6 <= source.bytes.length
                && !VRS.has(String.fromCharCode(source.bytes[at + 4], source.bytes[at + 5]))
                && guessEncoding(source.bytes, at) === IMPLICIT_LE) {
                result.notes.push('the transfer syntax says explicit VR, but the data set is implicit VR: read so');
                source = source.with(false, true);
            }
            result.charsetNotes = () => source.charset.notes;
            readElements(source, at, source.bytes.length, result.dataSet, false);
        } catch (e) {
            if (!(e instanceof DicomError)) {
                throw e;
            }
            result.error = {message: e.message, offset: e.offset, tag: e.tag, path: e.path};
        }
        result.charsetNotes = result.charsetNotes ? result.charsetNotes() : [];
        return result;
    }

    /** Inflates a deflated data set (PS3.5 §A.5, raw deflate, RFC 1951); keeps what was inflated before an error. */
    async function inflate(bytes, result) {
        const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
        const chunks = [];
        let total = 0;
        try {
            for (;;) {
                const {done, value} = await reader.read();
                if (done) {
                    break;
                }
                chunks.push(value);
                total += value.length;
            }
        } catch (e) {
            result.notes.push(`the deflated data set ends early or is damaged (${e.message}): shown as far as it`
                + ' could be inflated');
        }
        const all = new Uint8Array(total);
        let at = 0;
        for (const chunk of chunks) {
            all.set(chunk, at);
            at += chunk.length;
        }
        return all;
    }

    global.FerryDicom = {parse, notDicomReason, tagText, describe, DicomError,
        CHARSET_VRS, SINGLE_VALUED, ITEM, PIXEL_DATA};
})(globalThis);
