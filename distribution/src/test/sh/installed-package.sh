#!/usr/bin/env bash
# Installs the Debian package built by `mvn verify` on this machine and tries it as an administrator would
# (docs/operations.md): dpkg -i, the service started the way its systemd unit starts it (as the "ferry" user, with
# /etc/ferry/ferry.yaml), a study sent with storescu and read back byte for byte, `ferry status`, a stop, then
# `dpkg -r` (data kept) and `dpkg -P` (data, log, configuration and user gone).
# Needs root (or sudo), dcmtk and python3-pydicom; .ci/run calls it after the test suite. It changes the machine:
# do not run it where a Ferry package is installed for real.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../../.."

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
fail() { echo "installed-package: FAILED: $*" >&2; exit 1; }

deb=$(ls distribution/target/ferry_*_all.deb)
[[ -f $deb ]] || fail "no distribution/target/ferry_*_all.deb: run mvn verify first"
if dpkg-query -W -f='${Status}' ferry 2>/dev/null | grep -q "ok installed"; then
  fail "a ferry package is installed already; this check would replace it"
fi

echo "--- dpkg -i $deb"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive dpkg -i "$deb"
getent passwd ferry >/dev/null || fail "no ferry user after installation"
for dir in /var/lib/ferry /var/log/ferry; do
  [[ $(stat -c %U "$dir") == ferry ]] || fail "$dir is not owned by ferry"
done
[[ -x /usr/bin/ferry ]] || fail "no /usr/bin/ferry"
/usr/bin/ferry --version

echo "--- ferry check and run as the unit does (user ferry, /etc/ferry/ferry.yaml, its /run/ferry)"
"${sudo[@]}" install -d -o ferry -g ferry -m 755 /run/ferry   # systemd's RuntimeDirectory=ferry
"${sudo[@]}" runuser -u ferry -- /usr/bin/ferry check --config /etc/ferry/ferry.yaml
"${sudo[@]}" bash -c 'cd /var/lib/ferry && exec runuser -u ferry -- /usr/bin/ferry run --config /etc/ferry/ferry.yaml' \
  >/tmp/ferry-installed.out 2>&1 &
runner=$!
cleanup() { "${sudo[@]}" pkill -TERM -u ferry java 2>/dev/null || true; wait "$runner" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  grep -q "ferry: running" /tmp/ferry-installed.out && break
  kill -0 "$runner" 2>/dev/null || { cat /tmp/ferry-installed.out; fail "ferry run exited"; }
  sleep 0.5
done
grep -q "ferry: running" /tmp/ferry-installed.out || { cat /tmp/ferry-installed.out; fail "ferry run did not start"; }

study=$(mktemp -d)
/usr/bin/python3 - "$study" <<'PY'
import sys, copy, pathlib
import pydicom
from pydicom.uid import generate_uid
out = pathlib.Path(sys.argv[1])
template = pydicom.dcmread(pydicom.data.get_testdata_file("MR_small.dcm"))
study = generate_uid()
series = generate_uid()
for i in range(1, 21):
    ds = copy.deepcopy(template)
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = series
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.InstanceNumber = i
    ds.PatientID = "INSTALLED"
    if 0xFFFCFFFC in ds:
        del ds[0xFFFCFFFC]  # storescu drops Data Set Trailing Padding when it sends
    ds.save_as(out / f"{i:03d}.dcm", write_like_original=False)
PY
echo "--- storescu of 20 MR slices"
TCP_NODELAY=1 storescu -aec FERRY +sd 127.0.0.1 11112 "$study"

/usr/bin/python3 - "$study" /var/lib/ferry/store <<'PY'
import sys, pathlib, time
import pydicom
sent = {}
for f in pathlib.Path(sys.argv[1]).glob("*.dcm"):
    ds = pydicom.dcmread(f)
    sent[ds.SOPInstanceUID] = ds
deadline = time.time() + 30
while True:
    stored = {}
    for f in pathlib.Path(sys.argv[2]).rglob("*.dcm"):
        ds = pydicom.dcmread(f)
        stored[ds.SOPInstanceUID] = ds
    if len(stored) >= len(sent) or time.time() > deadline:
        break
    time.sleep(0.5)
assert stored.keys() == sent.keys(), f"stored {len(stored)} of {len(sent)}"
for uid, ds in sent.items():
    got = stored[uid]
    assert got.PixelData == ds.PixelData, uid
    assert [e for e in got] == [e for e in ds], uid
print(f"installed-package: {len(stored)} objects stored intact under /var/lib/ferry/store")
PY
rm -rf "$study"

echo "--- ferry status (as root, configuration from FERRY_CONFIG=/etc/ferry/ferry.yaml)"
"${sudo[@]}" /usr/bin/ferry status
echo "--- ferry status after data-directory was edited: the record in /run/ferry still leads to the service"
"${sudo[@]}" cp /etc/ferry/ferry.yaml /tmp/ferry.yaml.orig
"${sudo[@]}" sed -i 's|^data-directory: .*|data-directory: /var/lib/ferry-elsewhere|' /etc/ferry/ferry.yaml
"${sudo[@]}" /usr/bin/ferry status | grep -q "running, pid" || fail "ferry status lost the service after an edit"
"${sudo[@]}" cp /tmp/ferry.yaml.orig /etc/ferry/ferry.yaml
"${sudo[@]}" /usr/bin/ferry stop
wait "$runner" || true
trap - EXIT
[[ -s /var/log/ferry/ferry.log ]] || fail "nothing in /var/log/ferry/ferry.log"
grep -q "stored\|received\|association" /var/log/ferry/ferry.log || true

echo "--- dpkg -r ferry: data, log and configuration stay"
"${sudo[@]}" dpkg -r ferry
[[ ! -e /usr/bin/ferry ]] || fail "/usr/bin/ferry still there after dpkg -r"
[[ -d /var/lib/ferry/store ]] || fail "dpkg -r removed the stored objects"
[[ -f /etc/ferry/ferry.yaml ]] || fail "dpkg -r removed the configuration"

echo "--- dpkg -P ferry: everything goes"
"${sudo[@]}" dpkg -P ferry
for gone in /var/lib/ferry /var/log/ferry /etc/ferry; do
  [[ ! -e $gone ]] || fail "$gone still there after purge"
done
! getent passwd ferry >/dev/null || fail "the ferry user is still there after purge"
echo "installed-package: OK"
