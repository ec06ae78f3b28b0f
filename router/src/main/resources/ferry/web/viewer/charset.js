/*
 * Ferry tag viewer: text of DICOM values in the character sets that Specific Character Set (0008,0005) names
 * (PS3.3 C.12.1.1.2, PS3.5 §6.1), decoded with the browser's TextDecoder. Read in this browser only; nothing is sent.
 *
 * What the browser cannot do exactly (docs/viewer.md, "Character sets"):
 * - ISO_IR 100 is decoded as windows-1252 (the WHATWG Encoding Standard maps the label iso-8859-1 so): bytes
 *   0x80-0x9F, control characters in ISO 8859-1, show as Windows characters.
 * - JIS X 0201 romaji (ISO 2022 IR 13, ESC ( J) is shown as ASCII: 0x5C is a backslash, not a yen sign.
 * - An unknown or unsupported term is read as ISO 8859-1, and the file's notes say so.
 */
(function (global) {
    'use strict';

    /** Single-byte and Unicode terms without code extensions (PS3.3 Table C.12-2, C.12-5), as TextDecoder labels. */
    const PLAIN = {
        '': 'ascii', 'ISO_IR 6': 'ascii',
        'ISO_IR 100': 'iso-8859-1', 'ISO_IR 101': 'iso-8859-2', 'ISO_IR 109': 'iso-8859-3',
        'ISO_IR 110': 'iso-8859-4', 'ISO_IR 144': 'iso-8859-5', 'ISO_IR 127': 'iso-8859-6',
        'ISO_IR 126': 'iso-8859-7', 'ISO_IR 138': 'iso-8859-8', 'ISO_IR 148': 'iso-8859-9',
        'ISO_IR 203': 'iso-8859-15', 'ISO_IR 166': 'windows-874', 'ISO_IR 13': 'shift_jis',
        'ISO_IR 192': 'utf-8', 'GB18030': 'gb18030', 'GBK': 'gbk',
    };

    /**
     * Terms with code extensions (PS3.3 Table C.12-3, C.12-4): the escape sequence each designates, and what it
     * puts into G0 (bytes 0x21-0x7E) or G1 (bytes 0xA1-0xFE).
     */
    const EXTENDED = {
        'ISO 2022 IR 6': {escape: '(B', g0: 'ascii'},
        'ISO 2022 IR 100': {escape: '-A', g1: 'iso-8859-1'},
        'ISO 2022 IR 101': {escape: '-B', g1: 'iso-8859-2'},
        'ISO 2022 IR 109': {escape: '-C', g1: 'iso-8859-3'},
        'ISO 2022 IR 110': {escape: '-D', g1: 'iso-8859-4'},
        'ISO 2022 IR 144': {escape: '-L', g1: 'iso-8859-5'},
        'ISO 2022 IR 127': {escape: '-G', g1: 'iso-8859-6'},
        'ISO 2022 IR 126': {escape: '-F', g1: 'iso-8859-7'},
        'ISO 2022 IR 138': {escape: '-H', g1: 'iso-8859-8'},
        'ISO 2022 IR 148': {escape: '-M', g1: 'iso-8859-9'},
        'ISO 2022 IR 203': {escape: '-b', g1: 'iso-8859-15'},
        'ISO 2022 IR 166': {escape: '-T', g1: 'windows-874'},
        'ISO 2022 IR 13': {escape: ')I', g1: 'katakana', g0: 'ascii'},
        'ISO 2022 IR 87': {escape: '$B', g0: 'jisx0208'},
        'ISO 2022 IR 159': {escape: '$(D', g0: 'jisx0212'},
        'ISO 2022 IR 149': {escape: '$)C', g1: 'ksx1001'},
        'ISO 2022 IR 58': {escape: '$)A', g1: 'gb2312'},
    };
    /** Escape sequences by their bytes after ESC, including ESC ( J (JIS X 0201 romaji, read as ASCII). */
    const ESCAPES = {'(J': {g0: 'ascii'}};
    for (const term of Object.values(EXTENDED)) {
        ESCAPES[term.escape] = term;
    }

    const decoders = new Map();

    function decoder(label) {
        let d = decoders.get(label);
        if (!d) {
            d = new TextDecoder(label === 'ascii' ? 'iso-8859-1' : label);
            decoders.set(label, d);
        }
        return d;
    }

    /**
     * A Specific Character Set: {@code decode(bytes, isPersonName)} gives the text of a value of SH, LO, ST, LT, UT,
     * UC or PN; {@code notes} lists what cannot be decoded exactly.
     */
    class Charset {
        constructor(terms) {
            this.terms = terms;
            this.notes = [];
            const first = terms.length ? terms[0] : '';
            this.extended = terms.length > 1 || first.startsWith('ISO 2022');
            if (!this.extended) {
                this.label = PLAIN[first];
                if (this.label === undefined) {
                    this.notes.push(`Specific Character Set "${first}" is unknown: text is shown as ISO 8859-1`);
                    this.label = 'iso-8859-1';
                }
                return;
            }
            const initial = EXTENDED[first || 'ISO 2022 IR 6'] || EXTENDED['ISO 2022 IR 6'];
            this.initial = {g0: initial.g0 || 'ascii', g1: initial.g1 || null};
            for (const term of terms.slice(1)) {
                if (!EXTENDED[term]) {
                    this.notes.push(`Specific Character Set term "${term}" is unknown: its escape sequences are ignored`);
                }
            }
        }

        /** The character set of (0008,0005)'s values; ASCII for none. */
        static of(values) {
            return new Charset(values.map(v => v.trim()));
        }

        /** The text of a value's bytes (values and components still separated by \ ^ =). */
        decode(bytes, isPersonName) {
            if (!this.extended) {
                return decoder(this.label).decode(bytes);
            }
            return decodeExtended(bytes, this.initial, isPersonName);
        }
    }

    /** The default repertoire (ASCII) for values without a Specific Character Set. */
    Charset.DEFAULT = new Charset([]);

    /**
     * ISO 2022 code extensions (PS3.5 §6.1.2.5): escape sequences switch G0 and G1; the designations return to the
     * initial ones at each value, line and (for PN) component and component group delimiter (PS3.5 §6.1.2.5.3).
     * JIS X 0208 and 0212 in G0 are decoded as EUC-JP, KS X 1001 as EUC-KR, GB 2312 as GB18030.
     */
    function decodeExtended(bytes, initial, isPersonName) {
        let g0 = initial.g0;
        let g1 = initial.g1;
        const runs = []; // [label, byte array]
        const put = (label, ...b) => {
            const last = runs[runs.length - 1];
            if (last && last[0] === label) {
                last[1].push(...b);
            } else {
                runs.push([label, b]);
            }
        };
        for (let i = 0; i < bytes.length; i++) {
            const b = bytes[i];
            if (b === 0x1B) {
                let matched = false;
                for (const length of [3, 2]) {
                    const key = String.fromCharCode(...bytes.subarray(i + 1, i + 1 + length));
                    const escape = ESCAPES[key];
                    if (key.length === length && escape) {
                        if (escape.g0) {
                            g0 = escape.g0;
                        }
                        if (escape.g1) {
                            g1 = escape.g1;
                        }
                        i += length;
                        matched = true;
                        break;
                    }
                }
                if (!matched) {
                    put('ascii', b);
                }
                continue;
            }
            if (b < 0x80) {
                const multiByte = g0 === 'jisx0208' || g0 === 'jisx0212';
                if (multiByte && b >= 0x21 && b <= 0x7E && i + 1 < bytes.length) {
                    const b2 = bytes[++i];
                    if (g0 === 'jisx0212') {
                        put('euc-jp', 0x8F, b | 0x80, b2 | 0x80);
                    } else {
                        put('euc-jp', b | 0x80, b2 | 0x80);
                    }
                    continue;
                }
                put('ascii', b);
                const delimiter = b === 0x5C || b === 0x0D || b === 0x0A || b === 0x09 || b === 0x0C
                    || (isPersonName && (b === 0x5E || b === 0x3D));
                if (delimiter) {
                    g0 = initial.g0;
                    g1 = initial.g1;
                }
                continue;
            }
            switch (g1) {
                case 'katakana':
                    put('shift_jis', b);
                    break;
                case 'ksx1001':
                    put('euc-kr', b, bytes[++i] ?? 0);
                    break;
                case 'gb2312':
                    put('gb18030', b, bytes[++i] ?? 0);
                    break;
                default:
                    put(g1 || 'iso-8859-1', b);
            }
        }
        return runs.map(([label, b]) => decoder(label).decode(new Uint8Array(b))).join('');
    }

    global.FerryCharset = Charset;
})(globalThis);
