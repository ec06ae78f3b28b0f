/*
 * Ferry tag viewer: the files the user opened, as entries {path, size, read(), head()}: files chosen or dropped,
 * the files of folders, and the members of zip files. A zip is read from its central directory (APPNOTE.TXT 4.3),
 * member by member when it is needed, with the browser's own DecompressionStream: nothing is uploaded, and a large
 * zip is not read whole into memory.
 */
(function (global) {
    'use strict';

    const HEAD = 512;

    /** An entry read from a File (or Blob): the whole, or its first bytes to tell whether it is DICOM. */
    function fileEntry(path, file) {
        return {
            path, size: file.size,
            read: async () => new Uint8Array(await file.arrayBuffer()),
            head: async () => new Uint8Array(await file.slice(0, HEAD).arrayBuffer()),
        };
    }

    /** An entry that is not read: listed with the reason. */
    function skipped(path, size, reason) {
        return {path, size, skipped: reason};
    }

    /** Whether a file is a zip: by its first four bytes (a local file header, "PK\3\4", or an empty zip's "PK\5\6"). */
    async function isZip(file) {
        const b = new Uint8Array(await file.slice(0, 4).arrayBuffer());
        return b.length === 4 && b[0] === 0x50 && b[1] === 0x4B
            && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));
    }

    /** The entries of a file: the file itself, or a zip's members (a broken zip is one skipped entry). */
    async function entriesOf(path, file) {
        if (!(await isZip(file))) {
            return [fileEntry(path, file)];
        }
        try {
            return await zipEntries(path, file);
        } catch (e) {
            return [skipped(path, file.size, `a zip file that cannot be read: ${e.message}`)];
        }
    }

    async function bytesAt(file, start, length) {
        return new Uint8Array(await file.slice(start, start + length).arrayBuffer());
    }

    /** APPNOTE.TXT 4.3.16 (end of central directory) and 4.3.14-15 (its ZIP64 form), then 4.3.12 (the entries). */
    async function zipEntries(zipPath, file) {
        const tailLength = Math.min(file.size, 22 + 0xFFFF);
        const tail = await bytesAt(file, file.size - tailLength, tailLength);
        const tv = new DataView(tail.buffer);
        let end = -1;
        for (let i = tail.length - 22; i >= 0; i--) {
            if (tv.getUint32(i, true) === 0x06054B50) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new Error('no end of central directory record');
        }
        let count = tv.getUint16(end + 10, true);
        let size = tv.getUint32(end + 12, true);
        let start = tv.getUint32(end + 16, true);
        if (start === 0xFFFFFFFF || count === 0xFFFF) {
            const locator = end - 20;
            if (locator < 0 || tv.getUint32(locator, true) !== 0x07064B50) {
                throw new Error('a ZIP64 archive without its locator');
            }
            const record = await bytesAt(file, Number(tv.getBigUint64(locator + 8, true)), 56);
            const rv = new DataView(record.buffer);
            count = Number(rv.getBigUint64(32, true));
            size = Number(rv.getBigUint64(40, true));
            start = Number(rv.getBigUint64(48, true));
        }
        const directory = await bytesAt(file, start, size);
        const dv = new DataView(directory.buffer);
        const names = new TextDecoder('utf-8');
        const latin = new TextDecoder('iso-8859-1'); // zip's default is CP437; names without the UTF-8 flag
        const entries = [];
        let at = 0;
        for (let n = 0; n < count; n++) {
            if (at + 46 > directory.length || dv.getUint32(at, true) !== 0x02014B50) {
                throw new Error(`central directory entry ${n + 1} is damaged`);
            }
            const flags = dv.getUint16(at + 8, true);
            const method = dv.getUint16(at + 10, true);
            let compressed = dv.getUint32(at + 20, true);
            let uncompressed = dv.getUint32(at + 24, true);
            const nameLength = dv.getUint16(at + 28, true);
            const extraLength = dv.getUint16(at + 30, true);
            const commentLength = dv.getUint16(at + 32, true);
            let local = dv.getUint32(at + 42, true);
            const rawName = directory.subarray(at + 46, at + 46 + nameLength);
            const name = (flags & 0x800 ? names : latin).decode(rawName);
            // APPNOTE.TXT 4.5.3: ZIP64 sizes and offset, in this order, for the fields that are 0xFFFFFFFF
            let x = at + 46 + nameLength;
            const extraEnd = x + extraLength;
            while (x + 4 <= extraEnd) {
                const id = dv.getUint16(x, true);
                const length = dv.getUint16(x + 2, true);
                if (id === 0x0001) {
                    let y = x + 4;
                    const next = () => {
                        const v = Number(dv.getBigUint64(y, true));
                        y += 8;
                        return v;
                    };
                    if (uncompressed === 0xFFFFFFFF) {
                        uncompressed = next();
                    }
                    if (compressed === 0xFFFFFFFF) {
                        compressed = next();
                    }
                    if (local === 0xFFFFFFFF) {
                        local = next();
                    }
                }
                x += 4 + length;
            }
            at = extraEnd + commentLength;
            if (name.endsWith('/')) {
                continue; // a folder
            }
            const path = `${zipPath}/${name}`;
            if (flags & 1) {
                entries.push(skipped(path, uncompressed, 'encrypted in the zip file'));
            } else if (method !== 0 && method !== 8) {
                entries.push(skipped(path, uncompressed, `compressed with zip method ${method}; only stored (0) and`
                    + ' deflated (8) members are read'));
            } else {
                entries.push(zipMember(file, path, method, local, compressed, uncompressed));
            }
        }
        return entries;
    }

    /** A member of a zip: its data after its local header (APPNOTE.TXT 4.3.7), inflated when deflated. */
    function zipMember(zip, path, method, local, compressed, uncompressed) {
        const data = async () => {
            const header = await bytesAt(zip, local, 30);
            const hv = new DataView(header.buffer);
            if (header.length < 30 || hv.getUint32(0, true) !== 0x04034B50) {
                throw new Error(`the zip file has no local header for ${path} at byte ${local}`);
            }
            const start = local + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
            return zip.slice(start, start + compressed);
        };
        const stream = async () => {
            const blob = await data();
            return method === 0 ? blob.stream() : blob.stream().pipeThrough(new DecompressionStream('deflate-raw'));
        };
        return {
            path, size: uncompressed,
            read: async () => new Uint8Array(await new Response(await stream()).arrayBuffer()),
            head: async () => {
                const reader = (await stream()).getReader();
                const chunks = [];
                let total = 0;
                while (total < HEAD) {
                    const {done, value} = await reader.read();
                    if (done) {
                        break;
                    }
                    chunks.push(value);
                    total += value.length;
                }
                reader.cancel().catch(() => {});
                const head = new Uint8Array(total);
                let at = 0;
                for (const c of chunks) {
                    head.set(c, at);
                    at += c.length;
                }
                return head.subarray(0, HEAD);
            },
        };
    }

    /** The files of a FileList from an input (with a folder's relative paths) as entries, zips opened. */
    async function fromFileList(list) {
        const entries = [];
        for (const file of Array.from(list)) {
            entries.push(...await entriesOf(file.webkitRelativePath || file.name, file));
        }
        return entries;
    }

    /** Dropped files and folders (DataTransferItem.webkitGetAsEntry), folders read recursively. */
    async function fromDrop(items) {
        const roots = Array.from(items).map(i => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(e => e);
        const entries = [];
        const walk = async (entry) => {
            if (entry.isFile) {
                const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
                entries.push(...await entriesOf(entry.fullPath.replace(/^\//, ''), file));
                return;
            }
            const reader = entry.createReader();
            for (;;) {
                // readEntries gives at most 100 entries at a time; empty when the folder is done
                const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
                if (batch.length === 0) {
                    break;
                }
                for (const child of batch) {
                    await walk(child);
                }
            }
        };
        for (const root of roots) {
            await walk(root);
        }
        return entries;
    }

    global.FerryFiles = {fromFileList, fromDrop};
})(globalThis);
