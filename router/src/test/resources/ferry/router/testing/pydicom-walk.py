"""Every element of a DICOM file as pydicom reads it, as JSON, for PeerReadback (router tests of ferry make).

    python3 pydicom-walk.py FILE

{"elements": {PATH: [VR, VALUES]}, "warnings": [...], "syntax": UID}: PATH is the tag (GGGGEEEE), under a sequence
SEQ/ITEM/TAG; VALUES are the text values, numbers as floats, tags as ints, a sequence's item count, or for binary
values (pixel data included) the SHA-256 of their bytes. pydicom's warnings while reading are listed.
"""
import hashlib, json, sys, warnings
import pydicom
from pydicom.multival import MultiValue
TEXT = {'AE','AS','CS','DA','DS','DT','IS','LO','LT','PN','SH','ST','TM','UC','UI','UR','UT'}
NUMS = {'US','SS','UL','SL','FL','FD','UV','SV'}
def many(v):
    return list(v) if isinstance(v, (MultiValue, list, tuple)) else [v]
def values(e):
    v = e.value
    if e.VR in TEXT:
        return [] if v is None or v == '' else [str(x) for x in many(v)]
    if e.VR in NUMS:
        return [] if v is None or v == '' else [float(x) for x in many(v)]
    if e.VR == 'AT':
        return [] if v is None else [int(x) for x in many(v)]
    return hashlib.sha256(v or b'').hexdigest()
def walk(ds, prefix, out):
    for e in ds:
        path = prefix + '%08X' % int(e.tag)
        if e.VR == 'SQ':
            out[path] = ['SQ', len(e.value)]
            for i, item in enumerate(e.value):
                walk(item, path + '/' + str(i) + '/', out)
        else:
            out[path] = [e.VR, values(e)]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    ds = pydicom.dcmread(sys.argv[1])
    elements = {}
    walk(ds, '', elements)
    print(json.dumps({'elements': elements, 'warnings': [str(w.message) for w in caught],
                      'syntax': str(ds.file_meta.TransferSyntaxUID)}))
