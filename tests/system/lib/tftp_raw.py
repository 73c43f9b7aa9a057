"""Raw-UDP TFTP probes for the system tests: malformed packets, wrong TIDs, duplicate ACKs,
amplification and vanished clients. Each sub-command asserts and exits non-zero on failure."""
import socket
import struct
import sys
import time

HOST = "127.0.0.1"


def rrq(name, mode="octet", opts=(), op=1):
    body = struct.pack("!H", op) + name.encode() + b"\0" + mode.encode() + b"\0"
    for k, v in opts:
        body += k.encode() + b"\0" + v.encode() + b"\0"
    return body


def sock(timeout=2.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, 0))
    s.settimeout(timeout)
    return s


def recv(s):
    try:
        return s.recvfrom(70000)
    except socket.timeout:
        return None, None


def expect_error(port, packet, code, what):
    s = sock()
    s.sendto(packet, (HOST, port))
    data, _ = recv(s)
    assert data is not None, f"{what}: no answer"
    op, got = struct.unpack("!HH", data[:4])
    assert op == 5 and got == code, f"{what}: expected error {code}, got op={op} code={got} {data!r}"
    s.close()


def expect_silence(port, packet, what, wait=0.5):
    s = sock(wait)
    s.sendto(packet, (HOST, port))
    data, _ = recv(s)
    assert data is None, f"{what}: expected no answer, got {data!r}"
    s.close()


def malformed(port):
    expect_silence(port, b"\x00", "one byte")
    expect_silence(port, b"\x00\x01", "two bytes")
    expect_error(port, b"\x00\x09" + b"x" * 30, 4, "bad opcode")
    expect_error(port, b"\x00\x01" + b"file-without-nul-and-more-bytes", 4, "no NUL")
    expect_error(port, rrq("small.bin", "mail"), 4, "mail mode")
    expect_error(port, rrq("small.bin", "binary!"), 4, "bad mode")
    expect_error(port, rrq("small.bin", opts=[("blksize", "9" * 200)]), 4, "huge option")
    expect_error(port, rrq("small.bin", opts=[(f"o{i}", "1") for i in range(40)]), 4, "too many options")
    expect_error(port, rrq("x" * 600), 4, "filename too long")
    expect_error(port, rrq("small.bin", opts=[("blksize", "7")]), 8, "blksize below 8")
    expect_error(port, rrq("small.bin", opts=[("timeout", "0")]), 8, "timeout 0")
    expect_error(port, rrq("small.bin", opts=[("windowsize", "abc")]), 8, "windowsize not a number")
    expect_error(port, rrq("small.bin", op=2), 2, "write request")
    expect_error(port, struct.pack("!HH", 4, 1) + b"\0" * 20, 4, "ACK to the listening port")
    expect_error(port, struct.pack("!HH", 3, 1) + b"d" * 20, 4, "DATA to the listening port")
    expect_silence(port, struct.pack("!HH", 5, 0) + b"oops\0", "ERROR to the listening port")
    big = b"\x00\x01" + b"a" * 5000
    expect_error(port, big, 4, "datagram larger than the limit")
    expect_error(port, rrq("no/such/file"), 1, "not found")
    for path in ["../secret.txt", "../../../../etc/passwd", "sub/../../secret.txt", "/../secret.txt"]:
        s = sock()
        s.sendto(rrq(path), (HOST, port))
        data, _ = recv(s)
        assert data is not None and data[:2] == b"\x00\x05", f"traversal {path}: {data!r}"
        assert struct.unpack("!H", data[2:4])[0] in (1, 2), f"traversal {path}: {data!r}"
        s.close()
    s = sock()
    s.sendto(rrq("/etc/passwd"), (HOST, port))
    data, _ = recv(s)
    assert data is not None and data[:2] == b"\x00\x05", f"absolute path served: {data!r}"


def fetch_plain(port, name, sock_=None, pace=0.0):
    """Fetches `name` without options, one ACK per block, each `pace` seconds after its DATA;
    returns (content, server_tid)."""
    s = sock_ or sock()
    s.sendto(rrq(name), (HOST, port))
    out = b""
    expected = 1
    tid = None
    while True:
        data, addr = recv(s)
        assert data is not None, f"no DATA {expected}"
        op, block = struct.unpack("!HH", data[:4])
        assert op == 3, f"expected DATA, got {data[:40]!r}"
        tid = tid or addr
        if block == expected & 0xFFFF:
            out += data[4:]
            time.sleep(pace)
            s.sendto(struct.pack("!HH", 4, block), addr)
            expected += 1
            if len(data) - 4 < 512:
                return out, tid


def wrong_tid_and_duplicate_ack(port, name, want):
    a = sock()
    a.sendto(rrq(name), (HOST, port))
    data, tid = recv(a)
    assert data and data[:4] == b"\x00\x03\x00\x01", f"DATA 1 first: {data!r}"
    content = data[4:]
    # A stranger's ACK gets error 5 and does not move the transfer.
    b = sock()
    b.sendto(struct.pack("!HH", 4, 1), tid)
    err, _ = recv(b)
    assert err and struct.unpack("!HH", err[:4]) == (5, 5), f"wrong TID answered with error 5: {err!r}"
    a.settimeout(0.4)
    extra, _ = recv(a)
    assert extra is None, f"a stranger's ACK moved the transfer: {extra!r}"
    a.settimeout(2)
    # The real ACK, twice: exactly one DATA 2 comes back before the retransmission timeout.
    a.sendto(struct.pack("!HH", 4, 1), tid)
    a.sendto(struct.pack("!HH", 4, 1), tid)
    data, _ = recv(a)
    assert data and data[:4] == b"\x00\x03\x00\x02", f"DATA 2: {data!r}"
    a.settimeout(0.5)
    dup, _ = recv(a)
    assert dup is None, f"duplicate ACK caused duplicate DATA: {dup!r}"
    a.settimeout(2)
    content += data[4:]
    block = 2
    while len(data) - 4 == 512:
        a.sendto(struct.pack("!HH", 4, block), tid)
        data, _ = recv(a)
        block += 1
        assert data and struct.unpack("!HH", data[:4]) == (3, block & 0xFFFF), f"DATA {block}: {data!r}"
        content += data[4:]
    a.sendto(struct.pack("!HH", 4, block), tid)
    assert content == open(want, "rb").read(), "content after a wrong TID and a duplicate ACK"


def amplification(port, name, factor, seconds):
    """Never-acknowledging clients: bytes received stay within the documented bounds."""
    req = rrq(name, opts=[("blksize", "1468"), ("tsize", "0"), ("windowsize", "16")])
    s = sock(0.2)
    s.sendto(req, (HOST, port))
    got = 0
    packets = []
    end = time.time() + seconds
    while time.time() < end:
        data, _ = recv(s)
        if data:
            got += len(data)
            packets.append(data[:2])
    assert packets and all(p == b"\x00\x06" for p in packets), f"only OACKs before an ACK: {packets}"
    assert got <= factor * len(req), f"{got} bytes sent to an unproven address for a {len(req)}-byte RRQ"
    plain = rrq(name)
    p = sock(0.2)
    p.sendto(plain, (HOST, port))
    datas = 0
    end = time.time() + seconds
    while time.time() < end:
        data, _ = recv(p)
        if data:
            datas += 1
    assert datas == 1, f"a plain RRQ got {datas} DATA packets before any ACK (want exactly 1)"
    print(f"unproven: option RRQ {len(req)} B -> {got} B in {len(packets)} OACKs; plain RRQ -> 1 DATA")


def vanish(port, name, count):
    """Sends `count` RRQs from distinct ports and never answers; returns at once."""
    socks = []
    for _ in range(count):
        s = sock()
        s.sendto(rrq(name), (HOST, port))
        socks.append(s)
    for s in socks:
        data, _ = recv(s)
        assert data and data[:2] == b"\x00\x03", f"first DATA for a vanishing client: {data!r}"


def per_ip_limit(port, name, limit):
    socks = []
    for _ in range(limit):
        s = sock()
        s.sendto(rrq(name), (HOST, port))
        data, _ = recv(s)
        assert data and data[:2] == b"\x00\x03", f"transfer within the limit: {data!r}"
        socks.append(s)
    expect_error(port, rrq(name), 0, "one transfer over the per-address limit")


def main():
    cmd, port = sys.argv[1], int(sys.argv[2])
    args = sys.argv[3:]
    if cmd == "malformed":
        malformed(port)
    elif cmd == "wrong_tid":
        wrong_tid_and_duplicate_ack(port, args[0], args[1])
    elif cmd == "amplification":
        amplification(port, args[0], int(args[1]), float(args[2]))
    elif cmd == "vanish":
        vanish(port, args[0], int(args[1]))
    elif cmd == "per_ip_limit":
        per_ip_limit(port, args[0], int(args[1]))
    elif cmd == "fetch":
        content, _ = fetch_plain(port, args[0], pace=float(args[2]) if len(args) > 2 else 0.0)
        open(args[1], "wb").write(content)
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
