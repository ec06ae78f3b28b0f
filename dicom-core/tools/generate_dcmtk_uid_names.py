#!/usr/bin/python3
"""Generates the table of the names dcmtk gives registered UIDs (dcmdump's "=LittleEndianExplicit",
"=SecondaryCaptureImageStorage"), which Ferry's text listings accept in place of the UID (ferry make).

dcmtk's names are often not the DICOM keywords (LittleEndianExplicit, not ExplicitVRLittleEndian;
JPEGFullProgression:Non-hierarchical:Process10+12), and dcmtk installs no table of them; so they are asked of
the installed dcmtk itself: the script writes one small DICOM file holding every UID of pydicom's registry (and the
few private UIDs dcmtk also names) as items of a sequence, lists it with dcmdump once with names and once with
numbers, and pairs the two listings line by line. Nothing of dcmtk's or pydicom's code is copied.

Sources (read or run, nothing imported):
  /usr/lib/python3/dist-packages/pydicom/_uid_dict.py   pydicom's UID_dictionary (Debian package python3-pydicom)
  dcmdump                                             dcmtk (Debian package dcmtk)

Output (checked in, relative to the dicom-core module):
  src/main/java/ferry/core/text/DcmtkUidNames.java   the pairs "uid<TAB>name", one per line

Usage (from the repository root):
  /usr/bin/python3 dicom-core/tools/generate_dcmtk_uid_names.py           rewrite the file
  /usr/bin/python3 dicom-core/tools/generate_dcmtk_uid_names.py --check   compare only; exit 1 when it differs
"""

import argparse
import ast
import difflib
import os
import re
import struct
import subprocess
import sys
import tempfile

PYDICOM_UIDS = "/usr/lib/python3/dist-packages/pydicom/_uid_dict.py"
COMMAND = "/usr/bin/python3 dicom-core/tools/generate_dcmtk_uid_names.py"
MODULE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = "src/main/java/ferry/core/text/DcmtkUidNames.java"
# UIDs outside the DICOM registry that dcmtk 3.6.7 names (found in its libdcmdata by `strings`).
EXTRA_UIDS = ["1.2.840.113619.5.2"]


def fail(message):
    raise SystemExit("generate_dcmtk_uid_names.py: " + message)


def registry():
    try:
        with open(PYDICOM_UIDS, encoding="utf-8") as f:
            tree = ast.parse(f.read())
    except OSError as e:
        fail(f"cannot read {PYDICOM_UIDS}: {e.strerror} (install python3-pydicom)")
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "UID_dictionary" for t in node.targets):
            return ast.literal_eval(node.value)
    fail(f"no UID_dictionary in {PYDICOM_UIDS}")


def element(group, elem, vr, value):
    """One explicit VR little endian element with a short (16-bit) length."""
    return struct.pack("<HH2sH", group, elem, vr.encode("ascii"), len(value)) + value


def dicom_file(uids):
    """A Part 10 file: (0008,1199) ReferencedSOPSequence with one item per UID holding (0008,1150)."""
    items = b""
    for uid in uids:
        value = uid.encode("ascii")
        if len(value) % 2:
            value += b"\0"
        body = element(0x0008, 0x1150, "UI", value)
        items += struct.pack("<HHI", 0xFFFE, 0xE000, len(body)) + body
    sequence = struct.pack("<HH2sHI", 0x0008, 0x1199, b"SQ", 0, len(items)) + items
    syntax = b"1.2.840.10008.1.2.1\0"
    meta = struct.pack("<HH2sHI", 0x0002, 0x0001, b"OB", 0, 2) + b"\0\1"
    meta += element(0x0002, 0x0010, "UI", syntax)
    group_length = element(0x0002, 0x0000, "UL", struct.pack("<I", len(meta)))
    return b"\0" * 128 + b"DICM" + group_length + meta + sequence


def dcmdump(path, *options):
    try:
        run = subprocess.run(["dcmdump", "-q", *options, path], capture_output=True)
    except OSError as e:
        fail(f"cannot run dcmdump: {e.strerror} (install dcmtk)")
    if run.returncode != 0:
        fail(f"dcmdump {' '.join(options)} {path} failed: {run.stderr.decode(errors='replace')}")
    return run.stdout.decode("ascii").splitlines()


def dcmtk_version():
    run = subprocess.run(["dcmdump", "--version"], capture_output=True, text=True)
    match = re.search(r"dcmdump v(\S+)", run.stdout)
    return match.group(1) if match else "unknown version"


def generate():
    uids = sorted(set(registry()) | set(EXTRA_UIDS), key=lambda uid: [int(p) for p in uid.split(".")])
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "uids.dcm")
        with open(path, "wb") as f:
            f.write(dicom_file(uids))
        named = [line for line in dcmdump(path) if "(0008,1150)" in line]
        numbered = [line for line in dcmdump(path, "-Un") if "(0008,1150)" in line]
    if len(named) != len(uids) or len(numbered) != len(uids):
        fail(f"dcmdump listed {len(named)} and {len(numbered)} UIDs of {len(uids)}")
    pairs = []
    names = {}
    for uid, with_name, with_number in zip(uids, named, numbered):
        number = re.search(r"UI \[([^\]]*)\]", with_number)
        if number is None or number.group(1) != uid:
            fail(f"dcmdump -Un listed {with_number!r} for {uid}")
        name = re.search(r"UI =(\S+)", with_name)
        if name is None:
            continue  # a UID dcmtk does not name
        if name.group(1) in names:
            fail(f"dcmtk name {name.group(1)} for both {names[name.group(1)]} and {uid}")
        names[name.group(1)] = uid
        pairs.append((uid, name.group(1)))
    origin = f"dcmdump {dcmtk_version()} over the UIDs of {PYDICOM_UIDS}"
    lines = [f"// Generated by dicom-core/tools/generate_dcmtk_uid_names.py from {origin}; do not edit;"
             f" regenerate with: {COMMAND}",
             "package ferry.core.text;",
             "",
             "import java.util.HashMap;",
             "import java.util.Map;",
             "import java.util.Optional;",
             "",
             "/**",
             " * The names dcmtk's dcmdump prints for registered UIDs ({@code =LittleEndianExplicit}), which are often not",
             " * the DICOM keywords; generated by {@code dicom-core/tools/generate_dcmtk_uid_names.py}, which asks the",
             " * installed dcmtk. Regenerate with",
             f" * {{@code {COMMAND}}}.",
             " */",
             "final class DcmtkUidNames {",
             "    private DcmtkUidNames() {",
             "    }",
             "",
             "    /** The UID dcmtk calls {@code name}, or empty. */",
             "    static Optional<String> uid(String name) {",
             "        return Optional.ofNullable(Table.BY_NAME.get(name));",
             "    }",
             "",
             "    /** Every name dcmtk gives a UID. */",
             "    static Iterable<String> names() {",
             "        return Table.BY_NAME.keySet();",
             "    }",
             "",
             "    /** The table, built on first use. */",
             "    private static final class Table {",
             "        static final Map<String, String> BY_NAME = build();",
             "",
             "        private static Map<String, String> build() {",
             "            Map<String, String> map = new HashMap<>(PAIRS.length);",
             "            for (int i = 0; i < PAIRS.length; i += 2) {",
             "                map.put(PAIRS[i + 1], PAIRS[i]);",
             "            }",
             "            return map;",
             "        }",
             "    }",
             "",
             "    /** UID, name, UID, name, … */",
             "    private static final String[] PAIRS = {"]
    for uid, name in pairs:
        lines.append(f'        "{uid}", "{name}",')
    lines.append("    };")
    lines.append("}")
    return "\n".join(lines) + "\n", len(pairs)


def main():
    parser = argparse.ArgumentParser(description="Generate the table of dcmtk's UID names.")
    parser.add_argument("--check", action="store_true", help="exit 1 when the checked-in file differs")
    args = parser.parse_args()
    content, count = generate()
    path = os.path.join(MODULE_DIR, OUTPUT)
    if args.check:
        try:
            with open(path, encoding="utf-8", newline="") as f:
                current = f.read()
        except OSError:
            current = None
        if current != content:
            if current is not None:
                diff = difflib.unified_diff(current.splitlines(), content.splitlines(), "checked-in/" + OUTPUT,
                                            "generated/" + OUTPUT, lineterm="", n=0)
                for line in list(diff)[:20]:
                    print(line)
            print(f"out of date: {OUTPUT}; regenerate with: {COMMAND}")
            return 1
        print(f"up to date: {count} dcmtk UID names")
        return 0
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(content)
    print(f"wrote {count} dcmtk UID names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
