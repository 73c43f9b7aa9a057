#!/usr/bin/python3
"""A real HTTP server for the plugin repository tests: serves a directory on loopback with
single-range support (Range: bytes=N-), logs every request's path and Range header, and can
break a download off once: a marker file <name>.cut holding N makes the next full GET of
<name> announce the whole length but send only N bytes and close the connection.

usage: range_http_server.py DIRECTORY PORT LOGFILE
"""
import http.server
import os
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        with open(LOG, "a") as log:
            log.write("%s %s range=%s\n" % (self.command, self.path, self.headers.get("Range", "-")))

    def do_GET(self):
        name = os.path.normpath(self.path.split("?", 1)[0]).lstrip("/")
        path = os.path.join(ROOT, name)
        if name.startswith("..") or not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            data = f.read()
        start = 0
        status = 200
        ranged = self.headers.get("Range")
        if ranged and ranged.startswith("bytes=") and ranged.endswith("-"):
            start = int(ranged[len("bytes="):-1])
            if start >= len(data):
                self.send_error(416)
                return
            status = 206
        body = data[start:]
        cut_marker = path + ".cut"
        cut = None
        if status == 200 and os.path.exists(cut_marker):
            with open(cut_marker) as m:
                cut = int(m.read().strip())
            os.remove(cut_marker)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        self.end_headers()
        if cut is not None:
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body)


ROOT, PORT, LOG = sys.argv[1], int(sys.argv[2]), sys.argv[3]
http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
