#!/usr/bin/python3
"""A Splunk HTTP Event Collector stand-in for bench/tag-export.sh: counts events, nothing more.

    bench/hec-sink.py serve PORT COUNT RESULT [BODIES]
        Answers POST /services/collector/event with HEC's success; counts events (one per line, as Ferry sends
        them); once COUNT have arrived writes "first_ns last_ns events requests" to RESULT (monotonic clock, from
        the answer to the first request to the answer that completed COUNT) and keeps serving. With BODIES, keeps
        every request body there, one file each, for a replay. While the file RESULT.gate exists, requests are
        held without an answer (taken, not counted): the sender's queue fills without failures, and the first
        answer comes when the gate is removed.
    bench/hec-sink.py replay URL BODIES
        POSTs the bodies BODIES holds to URL, in order, one request at a time per worker (2 workers, as Ferry's
        default max-parallel), and prints "seconds events".
"""
import http.server
import os
import socket
import sys
import threading
import time
import urllib.request

SUCCESS = b'{"text":"Success","code":0}'


def serve(port, count, result, bodies):
    lock = threading.Lock()
    state = {"events": 0, "requests": 0, "first": None, "done": False}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            while os.path.exists(result + ".gate"):
                time.sleep(0.005)
            events = body.count(b"\n")
            # the whole answer in one write, Nagle off: as a HEC answers (two writes would wait for a delayed ACK)
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + str(len(SUCCESS)).encode() + b"\r\n\r\n" + SUCCESS)
            now = time.monotonic_ns()
            with lock:
                state["requests"] += 1
                if bodies:
                    with open(os.path.join(bodies, "%08d.json" % state["requests"]), "wb") as out:
                        out.write(body)
                if state["first"] is None:
                    state["first"] = now
                state["events"] += events
                if state["events"] >= count and not state["done"]:
                    state["done"] = True
                    with open(result, "w") as out:
                        out.write("%d %d %d %d\n" % (state["first"], now, state["events"], state["requests"]))

        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        def get_request(self):
            connection, address = super().get_request()
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return connection, address

    server = Server(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


def replay(url, bodies):
    names = sorted(os.listdir(bodies))
    events = 0
    parts = [names[0::2], names[1::2]]
    counts = [0, 0]

    def post(index):
        for name in parts[index]:
            with open(os.path.join(bodies, name), "rb") as body:
                data = body.read()
            counts[index] += data.count(b"\n")
            request = urllib.request.Request(url, data=data, method="POST",
                                             headers={"Authorization": "Splunk bench",
                                                      "Content-Type": "application/json"})
            with urllib.request.urlopen(request) as answer:
                answer.read()

    start = time.monotonic()
    workers = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    events = sum(counts)
    print("%.3f %d" % (time.monotonic() - start, events))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
    else:
        replay(sys.argv[2], sys.argv[3])
