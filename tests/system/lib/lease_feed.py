"""A real client of provd's lease socket for system tests: it writes NDJSON lease events the
way the Kea hook does and reads provd's {"ack": SEQ} answers."""
import json
import socket
import time


def event(boot, seq, kind, mac="", ip="", **extra):
    doc = {"v": 1, "boot": boot, "seq": seq, "event": kind, "ts": int(time.time())}
    if kind != "gap":
        doc["mac"] = mac
        doc["ip"] = ip
    doc.update(extra)
    return doc


def commit(boot, seq, mac, ip, lifetime=3600, **extra):
    return event(boot, seq, "commit", mac, ip, valid_lft=lifetime, expires=int(time.time()) + lifetime, **extra)


def mac_of(n):
    return "02:00:%02x:%02x:%02x:%02x" % ((n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255)


def ip_of(n):
    return "10.%d.%d.%d" % ((n >> 16) & 255, (n >> 8) & 255, n & 255)


class Feed:
    def __init__(self, path, timeout=60.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.pending = b""
        self.last_ack = 0

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, *docs):
        self.sock.sendall(b"".join(json.dumps(d).encode() + b"\n" for d in docs))

    def read_ack(self):
        """The next ack, or None at EOF. Raises socket.timeout when none comes in time."""
        while b"\n" not in self.pending:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        self.last_ack = json.loads(line)["ack"]
        return self.last_ack

    def wait_ack(self, seq):
        """Reads acks until one covers seq; returns it."""
        while self.last_ack < seq:
            if self.read_ack() is None:
                raise EOFError("provd closed the connection before acking %d (last ack %d)" % (seq, self.last_ack))
        return self.last_ack

    def close(self):
        self.sock.close()


def kea_command(path, command, arguments=None, timeout=10.0):
    """One command on Kea's Unix control socket (one command per connection, read to EOF)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    doc = {"command": command}
    if arguments is not None:
        doc["arguments"] = arguments
    s.sendall(json.dumps(doc).encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return json.loads(data)


def kea_leases(path):
    """mac -> ip of every lease Kea reports through lease4-get-all."""
    answer = kea_command(path, "lease4-get-all")
    if answer["result"] == 3:
        return {}
    assert answer["result"] == 0, answer
    return {l["hw-address"]: l["ip-address"] for l in answer["arguments"]["leases"] if l.get("state", 0) == 0}
