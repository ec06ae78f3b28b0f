# Sourced by the bench scripts that start a Ferry on a synthetic index (qr.sh, dicomweb.sh, web.sh). Needs $root.
#
#   free_port                      prints a free TCP port of 127.0.0.1
#   ferry_on_index WORK HTTP [QR]  writes WORK/ferry.yaml (data in WORK/data; a listener on a free port, in
#                                  $dicom_port, AE title FERRY, query-retrieve QR (default off); http: HTTP, e.g. off or
#                                  "{port: 18080}"), starts Ferry, stops it when the script exits, and when the web
#                                  server is on waits until it answers
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ferry_on_index() {
  local work=$1 http=$2 qr=${3:-off}
  dicom_port=$(free_port)
  cat >"$work/ferry.yaml" <<YAML
data-directory: data
min-free-disk: 0
http: $http
listeners:
  - port: $dicom_port
    ae-titles: [FERRY]
    query-retrieve: $qr
YAML
  "$root/ferry" start --config "$work/ferry.yaml" >/dev/null
  trap '"$root/ferry" stop --config "'"$work"'/ferry.yaml" >/dev/null 2>&1 || true' EXIT
  if [[ $http =~ port:\ *([0-9]+) ]]; then
    for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:${BASH_REMATCH[1]}/" && break; sleep 0.5; done
  fi
}
