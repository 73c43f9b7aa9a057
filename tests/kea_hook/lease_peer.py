#!/usr/bin/env python3
"""A tiny stand-in for provd's lease listener, for the hook's load tests: listens on a Unix
socket, appends every event line it receives to a file (flushed at once) and acks it."""
import json
import os
import socket
import sys


def serve(path, out_path):
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(8)
    with open(out_path, "a", buffering=1) as out:
        while True:
            connection, _ = listener.accept()
            buffered = b""
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                buffered += chunk
                while b"\n" in buffered:
                    line, buffered = buffered.split(b"\n", 1)
                    out.write(line.decode() + "\n")
                    seq = json.loads(line)["seq"]
                    connection.sendall(b'{"ack":%d}\n' % seq)
            connection.close()


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
