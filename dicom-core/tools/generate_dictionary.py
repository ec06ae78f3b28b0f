#!/usr/bin/python3
"""Generates Ferry's DICOM data dictionary and UID registry from the tables installed on this machine.

Sources (read only, nothing is imported from them):
  /usr/share/libdcmtk17/dicom.dic                          dcmtk's dictionary (Debian package libdcmtk17)
  /usr/lib/python3/dist-packages/pydicom/_dicom_dict.py    pydicom's DicomDictionary and RepeatersDictionary
  /usr/lib/python3/dist-packages/pydicom/_uid_dict.py      pydicom's UID_dictionary (Debian package python3-pydicom)

Outputs (checked in, relative to the dicom-core module):
  src/main/java/ferry/core/tag/DictionaryText.java  the dictionary as tab-separated lines:
                                                     tag, VRs, VM, keyword, name, retired
  src/main/java/ferry/core/tag/UidText.java         the UID registry as tab-separated lines:
                                                     uid, keyword, name, type, retired
  src/main/java/ferry/core/tag/Tags.java             an int constant per keyword
  src/main/java/ferry/core/tag/Uids.java             a String constant per UID keyword

Merge rules:
  * dcmtk lines whose version starts with "DICOM" are kept (DICOM, DICOM/retired, DICOM/DICONDE, DICOM/DICOS:
    all are in PS3.6); dcmtk's synthetic GENERIC/PRIVATE/ILLEGAL lines are dropped (StandardDictionary makes
    group length and private creator entries itself).
  * dcmtk ranges such as (6000-60FF,3000) become masked tags (60xx3000); dcmtk's pseudo VRs are expanded:
    ox and px -> OB|OW, xs -> US|SS, lt -> US|SS|OW, up -> UL; na (items and delimiters) is skipped.
  * VR and VM come from dcmtk when it has the entry; pydicom's alternatives (e.g. "US or OW") are appended, and
    where dcmtk only gives a pseudo VR, pydicom's narrower list is used when it is part of the expansion.
  * Names and retired flags come from pydicom when it has the entry; entries only dcmtk knows get a name
    derived from the keyword. dcmtk's "RETIRED_" keyword prefix is removed.
  * A dcmtk single tag that is one instance of a pydicom repeater with the same keyword (e.g. (0028,0410) and
    002804x0 RowsForNthOrderCoefficients) is merged into the masked entry.
  * The Java constant of a masked entry is its representative: the lowest tag matching the mask that is not a
    group length, not in a private (odd) group and not an exact entry itself (60xx3000 -> 0x60003000,
    002804x0 -> 0x00280410). StandardDictionary computes the same tag at run time.

Usage (from the repository root):
  /usr/bin/python3 dicom-core/tools/generate_dictionary.py           rewrite the four files
  /usr/bin/python3 dicom-core/tools/generate_dictionary.py --check   compare only; exit 1 when any file differs
"""

import argparse
import ast
import difflib
import os
import re
import sys

DCMTK_DIC = "/usr/share/libdcmtk17/dicom.dic"
PYDICOM_DIR = "/usr/lib/python3/dist-packages/pydicom"
PYDICOM_DICT = PYDICOM_DIR + "/_dicom_dict.py"
PYDICOM_UIDS = PYDICOM_DIR + "/_uid_dict.py"
PYDICOM_VERSION = PYDICOM_DIR + "/_version.py"

COMMAND = "/usr/bin/python3 dicom-core/tools/generate_dictionary.py"

MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DICTIONARY_TEXT_JAVA = "src/main/java/ferry/core/tag/DictionaryText.java"
UID_TEXT_JAVA = "src/main/java/ferry/core/tag/UidText.java"
# Characters per String constant of those classes (a class file constant holds at most 65,535 bytes).
TEXT_PART_CHARS = 16000
TAGS_JAVA = "src/main/java/ferry/core/tag/Tags.java"
UIDS_JAVA = "src/main/java/ferry/core/tag/Uids.java"

# The VRs of PS3.5 section 6.2, as in ferry.core.tag.Vr.
VRS = {
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
    "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
}

# dcmtk's pseudo VRs (dcmdata/dcvr.h) and the real VRs they stand for; None means "not a data element".
PSEUDO_VRS = {
    "ox": ["OB", "OW"],
    "px": ["OB", "OW"],
    "xs": ["US", "SS"],
    "lt": ["US", "SS", "OW"],
    "up": ["UL"],
    "na": None,
}

JAVA_RESERVED = {
    "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
    "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
    "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
    "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
    "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var", "yield",
    "record", "sealed", "permits", "_",
}

SMALL_WORDS = {"Of", "The", "In", "For", "And", "To", "On", "By", "At", "With", "From", "Or", "A", "An"}


class Entry:
    """One dictionary entry; tag is 8 characters of upper-case hex with lower-case x for masked nibbles."""

    def __init__(self, tag, vrs, vm, keyword, name, retired):
        self.tag = tag
        self.vrs = vrs
        self.vm = vm
        self.keyword = keyword
        self.name = name
        self.retired = retired

    def masked(self):
        return "x" in self.tag

    def pattern(self):
        return int(self.tag.replace("x", "0"), 16)

    def mask(self):
        return int("".join("0" if c == "x" else "F" for c in self.tag), 16)


def fail(message):
    sys.exit("generate_dictionary.py: " + message)


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror} (install dcmtk and python3-pydicom)")


def literal(path, name):
    """The value of the dict literal assigned to `name` in a Python source file, without importing it."""
    tree = ast.parse(read_text(path), filename=path)
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return ast.literal_eval(node.value)
    fail(f"{path} has no assignment to {name}")


def pydicom_version():
    text = read_text(PYDICOM_VERSION)
    version = re.search(r"__version__\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", text)
    standard = re.search(r"__dicom_version__\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", text)
    return (version.group(1) if version else "unknown"), (standard.group(1) if standard else "unknown")


def dcmtk_edition(text):
    found = re.search(r"Generated automatically from (DICOM PS ?3\.6-\w+(?: and PS ?3\.7-\w+)?)", text)
    return found.group(1) if found else "unknown edition"


def range_to_nibbles(text, where):
    """'6000-60FF' -> '60xx'; '0010' -> '0010'. Only even ranges (dcmtk's default notation) are accepted."""
    if "-" not in text:
        return text.upper()
    parts = text.split("-")
    if len(parts) != 2:
        fail(f"{where}: only plain even ranges are supported, not '{text}'")
    low, high = parts[0].upper(), parts[1].upper()
    out = ""
    free = False
    for lo, hi in zip(low, high):
        if lo == hi and not free:
            out += lo
        elif lo == "0" and hi == "F":
            free = True
            out += "x"
        else:
            fail(f"{where}: range '{text}' is not expressible as a nibble mask")
    return out


def parse_dcmtk(text):
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{DCMTK_DIC}:{number}"
        if len(fields) != 5:
            fail(f"{where}: expected 5 tab-separated fields, got {len(fields)}")
        tag, vr, keyword, vm, version = fields
        if not version.startswith("DICOM"):
            continue  # GENERIC, PRIVATE, ILLEGAL: synthetic entries, built by StandardDictionary instead
        found = re.fullmatch(r"\(([0-9A-Fa-f-]+),([0-9A-Fa-f-]+)\)", tag)
        if not found:
            fail(f"{where}: cannot read tag {tag}")
        hex_tag = range_to_nibbles(found.group(1), where) + range_to_nibbles(found.group(2), where)
        if vr in PSEUDO_VRS:
            vrs = PSEUDO_VRS[vr]
            if vrs is None:
                continue  # item and delimitation items: no VR, not data elements
            vrs = list(vrs)
            pseudo = True
        elif vr in VRS:
            vrs = [vr]
            pseudo = False
        else:
            fail(f"{where}: unknown VR {vr}")
        retired = "retired" in version
        entries.append((hex_tag, vrs, pseudo, vm, keyword.removeprefix("RETIRED_"), retired))
    return entries


def pydicom_vrs(text):
    return [v.strip() for v in text.split(" or ")]


def name_from_keyword(keyword):
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", keyword).split(" ")
    return " ".join(w.lower() if i > 0 and w in SMALL_WORDS else w for i, w in enumerate(words))


def matches(hex_pattern, tag_hex):
    return all(p == "x" or p == t for p, t in zip(hex_pattern, tag_hex))


def merge(dcmtk_entries, pydicom_dict, pydicom_repeaters, notes):
    pydicom = {}
    for tag, value in pydicom_dict.items():
        pydicom[f"{tag:08X}"] = value
    for mask, value in pydicom_repeaters.items():
        key = "".join("x" if c in "xX" else c.upper() for c in mask)
        pydicom[key] = value
    pydicom_masks = [k for k in pydicom if "x" in k]

    dcmtk = {}
    for hex_tag, vrs, pseudo, vm, keyword, retired in dcmtk_entries:
        if "x" not in hex_tag:
            for pattern in pydicom_masks:
                if matches(pattern, hex_tag) and pydicom[pattern][4] == keyword:
                    notes.append(f"dcmtk ({hex_tag[:4]},{hex_tag[4:]}) {keyword} merged into repeater {pattern}")
                    hex_tag = pattern
                    break
        if hex_tag in dcmtk:
            fail(f"dcmtk has {hex_tag} twice")
        dcmtk[hex_tag] = (vrs, pseudo, vm, keyword, retired)

    entries = []
    for key in sorted(set(dcmtk) | set(pydicom)):
        d = dcmtk.get(key)
        p = pydicom.get(key)
        if p is not None and p[0] == "NONE":
            continue  # items and delimitation items
        p_vrs = pydicom_vrs(p[0]) if p else []
        for v in p_vrs:
            if v not in VRS:
                fail(f"pydicom {key}: unknown VR {v}")
        if d is not None:
            vrs, pseudo, vm, keyword, retired = d
            if p is not None:
                if pseudo and set(p_vrs) <= set(vrs):
                    vrs = p_vrs
                else:
                    vrs = vrs + [v for v in p_vrs if v not in vrs]
                if p[4] and p[4] != keyword:
                    notes.append(f"{key}: keyword {keyword} (dcmtk) vs {p[4]} (pydicom); pydicom's used")
                    keyword = p[4]
                if p[1] != vm:
                    notes.append(f"{key}: VM {vm} (dcmtk) vs {p[1]} (pydicom); dcmtk's used")
                if (p[3] == "Retired") != retired:
                    notes.append(f"{key} {keyword}: retired {retired} (dcmtk) vs {p[3] == 'Retired'} (pydicom);"
                                 " pydicom's used")
                retired = p[3] == "Retired"
                name = p[2]
                if not pseudo and p_vrs and p_vrs != [vrs[0]]:
                    notes.append(f"{key} {keyword}: VR {vrs[0]} (dcmtk) vs {p[0]} (pydicom)")
            else:
                name = name_from_keyword(keyword)
                notes.append(f"{key} {keyword}: only in dcmtk; name derived from keyword: {name}")
        else:
            vrs, vm, name, keyword, retired = p_vrs, p[1], p[2], p[4], p[3] == "Retired"
            notes.append(f"{key} {keyword or '(no keyword)'} '{name}': only in pydicom")
        for field in (vm, keyword, name):
            if "\t" in field or "\n" in field:
                fail(f"{key}: tab or newline in {field!r}")
        entries.append(Entry(key, vrs, vm, keyword, name, retired))
    entries.sort(key=lambda e: (e.pattern(), e.mask()))
    return entries


def representative(entry, exact):
    """Lowest tag matching a masked entry that is no group length, not private and not an exact entry."""
    free = [i for i, c in enumerate(entry.tag) if c == "x"]
    for n in range(16 ** len(free)):
        digits = list(entry.tag)
        for position, shift in zip(free, range(len(free) - 1, -1, -1)):
            digits[position] = "%X" % ((n >> (4 * shift)) & 0xF)
        tag = int("".join(digits), 16)
        group = tag >> 16
        private = group & 1 == 1 and group > 0x0008 and group != 0xFFFF
        if tag & 0xFFFF != 0 and not private and tag not in exact:
            return tag
    fail(f"{entry.tag} has no representative tag")


def check(entries, uids):
    keywords = {}
    for e in entries:
        if e.keyword:
            if e.keyword in keywords:
                fail(f"keyword {e.keyword} used by {keywords[e.keyword]} and {e.tag}")
            keywords[e.keyword] = e.tag
    masked = [e for e in entries if e.masked()]
    for i, a in enumerate(masked):
        for b in masked[i + 1:]:
            both = a.mask() & b.mask()
            if a.pattern() & both == b.pattern() & both:
                fail(f"repeating entries {a.tag} and {b.tag} overlap")
    uid_keywords = {}
    for uid, (name, kind, info, retired, keyword) in uids.items():
        if keyword and keyword in uid_keywords:
            fail(f"UID keyword {keyword} used by {uid_keywords[keyword]} and {uid}")
        uid_keywords[keyword] = uid
        for field in (uid, name, kind, keyword):
            if "\t" in field or "\n" in field:
                fail(f"UID {uid}: tab or newline in {field!r}")


def java_identifier(name):
    return re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", name) is not None and name not in JAVA_RESERVED


def uid_sort_key(uid):
    return [int(part) for part in uid.split(".")]


def generate():
    dcmtk_text = read_text(DCMTK_DIC)
    pydicom_dict = literal(PYDICOM_DICT, "DicomDictionary")
    pydicom_repeaters = literal(PYDICOM_DICT, "RepeatersDictionary")
    pydicom_uids = literal(PYDICOM_UIDS, "UID_dictionary")
    version, standard = pydicom_version()
    notes = []
    entries = merge(parse_dcmtk(dcmtk_text), pydicom_dict, pydicom_repeaters, notes)
    check(entries, pydicom_uids)

    origin = (f"{DCMTK_DIC} (dcmtk, {dcmtk_edition(dcmtk_text)}) and {PYDICOM_DICT} (pydicom {version},"
              f" DICOM {standard})")
    uid_origin = f"{PYDICOM_UIDS} (pydicom {version}, DICOM {standard})"
    regenerate = f"do not edit; regenerate with: {COMMAND}"

    files = {}
    lines = [f"# Generated by dicom-core/tools/generate_dictionary.py from {origin}; {regenerate}",
             "# tag\tvrs\tvm\tkeyword\tname\tretired"]
    for e in entries:
        lines.append("\t".join([e.tag, "|".join(e.vrs), e.vm, e.keyword, e.name, "Y" if e.retired else "N"]))
    files[DICTIONARY_TEXT_JAVA] = text_class("DictionaryText", "The data dictionary (PS3.6 and the command elements of"
                                             " PS3.7)", origin, regenerate, "\n".join(lines) + "\n")

    uid_items = sorted(pydicom_uids.items(), key=lambda item: uid_sort_key(item[0]))
    lines = [f"# Generated by dicom-core/tools/generate_dictionary.py from {uid_origin}; {regenerate}",
             "# uid\tkeyword\tname\ttype\tretired"]
    for uid, (name, kind, info, retired, keyword) in uid_items:
        lines.append("\t".join([uid, keyword, name, kind, "Y" if retired == "Retired" else "N"]))
    files[UID_TEXT_JAVA] = text_class("UidText", "The UID registry (PS3.6 Annex A)", uid_origin, regenerate,
                                      "\n".join(lines) + "\n")

    exact = {e.pattern() for e in entries if not e.masked()}
    lines = [f"// Generated by dicom-core/tools/generate_dictionary.py from {origin}; {regenerate}",
             "package ferry.core.tag;",
             "",
             "/**",
             " * The tag of every keyword in the standard data dictionary (PS3.6 data elements, PS3.6 file meta",
             " * elements, PS3.7 Annex E command elements), generated from dcmtk's and pydicom's tables; see",
             " * {@code dicom-core/tools/generate_dictionary.py}. Regenerate with",
             f" * {{@code {COMMAND}}}.",
             " *",
             " * <p>For repeating-group entries such as OverlayData (60xx,3000) the constant is the first tag of the",
             " * pattern that is no group length and no other entry (0x60003000); {@link StandardDictionary} resolves",
             " * every tag of the pattern.",
             " */",
             "public final class Tags {",
             "    private Tags() {",
             "    }",
             ""]
    skipped = []
    for e in entries:
        if not e.keyword:
            continue
        if not java_identifier(e.keyword):
            skipped.append(e.keyword)
            continue
        tag = representative(e, exact) if e.masked() else e.pattern()
        lines.append(f"    public static final int {e.keyword} = 0x{tag:08X};")
    lines.append("}")
    files[TAGS_JAVA] = "\n".join(lines) + "\n"
    if skipped:
        notes.append("keywords that are no Java identifier, left out of Tags: " + ", ".join(skipped))

    lines = [f"// Generated by dicom-core/tools/generate_dictionary.py from {uid_origin}; {regenerate}",
             "package ferry.core.tag;",
             "",
             "/**",
             " * Every registered DICOM UID (PS3.6 Annex A) that has a keyword, generated from pydicom's table; see",
             " * {@code dicom-core/tools/generate_dictionary.py}. Regenerate with",
             f" * {{@code {COMMAND}}}. Names and types are in {{@link UidRegistry}}.",
             " */",
             "public final class Uids {",
             "    private Uids() {",
             "    }",
             ""]
    for uid, (name, kind, info, retired, keyword) in uid_items:
        if keyword and java_identifier(keyword):
            lines.append(f"    public static final String {keyword} = \"{uid}\";")
    lines.append("}")
    files[UIDS_JAVA] = "\n".join(lines) + "\n"
    return files, entries, uid_items, notes


def java_literal(text):
    """A Java string literal of ASCII text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


def text_class(name, what, origin, regenerate, text):
    """A Java class whose text() returns {@code text} (ASCII) as bytes, from String constants of at most
    TEXT_PART_CHARS characters, one source line per line of text."""
    if not text.isascii():
        raise SystemExit(f"{name}: the table is not ASCII")
    parts, current, size = [], [], 0
    for line in text.splitlines(keepends=True):
        if current and size + len(line) > TEXT_PART_CHARS:
            parts.append(current)
            current, size = [], 0
        current.append(line)
        size += len(line)
    if current:
        parts.append(current)
    lines = [f"// Generated by dicom-core/tools/generate_dictionary.py from {origin}; {regenerate}",
             "package ferry.core.tag;",
             "",
             "/**",
             f" * {what} as tab-separated lines.",
             " *",
             " * <p>Kept in the class itself rather than in a resource: the class comes from the class-data archive with",
             " * the others, where a resource is read from the jar (opening it, inflating, the URL machinery: about 25 ms",
             " * of a short command's start).",
             " */",
             f"final class {name} {{",
             f"    private {name}() {{",
             "    }",
             "",
             "    /** The lines, each ending with a newline, in US-ASCII. */",
             "    static byte[] text() {",
             "        return TableText.ascii(PARTS);",
             "    }",
             "",
             "    private static final String[] PARTS = {"]
    for part in parts:
        for i, line in enumerate(part):
            lines.append("        " + java_literal(line) + (" +" if i < len(part) - 1 else ","))
    lines.append("    };")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description="Generate Ferry's DICOM dictionary and UID registry.")
    parser.add_argument("--check", action="store_true",
                        help="regenerate in memory and exit 1 when a checked-in file differs")
    parser.add_argument("--notes", action="store_true",
                        help="print how the two sources were reconciled")
    args = parser.parse_args()
    files, entries, uids, notes = generate()
    if args.notes:
        for note in notes:
            print(note)
    if args.check:
        stale = []
        for relative, content in files.items():
            path = os.path.join(MODULE_DIR, relative)
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    current = f.read()
            except OSError:
                current = None
            if current != content:
                stale.append(relative)
                if current is not None:
                    diff = difflib.unified_diff(current.splitlines(), content.splitlines(),
                                                "checked-in/" + relative, "generated/" + relative, lineterm="", n=0)
                    for line in list(diff)[:20]:
                        print(line)
        if stale:
            print("out of date: " + ", ".join(stale) + f"; regenerate with: {COMMAND}")
            return 1
        print(f"up to date: {len(entries)} dictionary entries, {len(uids)} UIDs")
        return 0
    for relative, content in files.items():
        path = os.path.join(MODULE_DIR, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
    print(f"wrote {len(entries)} dictionary entries, {len(uids)} UIDs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
