#!/usr/bin/env python3
"""Helpers of bench/replicate.sh, against Orthanc's REST API (standard library only, one kept-alive connection).

  orthanc-replicate.py upload URL FILE...     POSTs each file to URL/instances
  orthanc-replicate.py naive SRC DST          the naive replication of Orthanc's sample script: list the source's
                                              instances, GET each file and POST it to the destination, one at a time
  orthanc-replicate.py peer SRC PEER          Orthanc's own transfer: POST SRC/peers/PEER/store with every instance
  orthanc-replicate.py count URL              prints how many instances URL holds
"""
import http.client
import json
import sys
import urllib.parse


def connect(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)


def call(connection, method, path, body=None, content_type="application/octet-stream"):
    headers = {"Content-Type": content_type} if body is not None else {}
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    data = answer.read()
    if answer.status >= 300:
        raise SystemExit(f"{method} {path}: HTTP {answer.status} {data[:200]!r}")
    return data


def main():
    what, url = sys.argv[1], sys.argv[2]
    if what == "upload":
        connection = connect(url)
        for name in sys.argv[3:]:
            with open(name, "rb") as file:
                call(connection, "POST", "/instances", file.read())
    elif what == "naive":
        source, destination = connect(url), connect(sys.argv[3])
        for instance in json.loads(call(source, "GET", "/instances")):
            call(destination, "POST", "/instances", call(source, "GET", f"/instances/{instance}/file"))
    elif what == "peer":
        source = connect(url)
        instances = json.loads(call(source, "GET", "/instances"))
        call(source, "POST", f"/peers/{sys.argv[3]}/store", json.dumps(instances), "application/json")
    elif what == "count":
        print(json.loads(call(connect(url), "GET", "/statistics"))["CountInstances"])
    else:
        raise SystemExit(f"unknown command {what}")


if __name__ == "__main__":
    main()
