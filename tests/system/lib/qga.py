#!/usr/bin/python3
"""qga.py SOCKET TIMEOUT_S PROGRAM [ARG...]: runs PROGRAM inside a qemu guest through the qemu
guest agent (guest-exec over the virtio-serial port whose host end is the Unix socket SOCKET),
prints its standard output and error, and exits with its exit code. Exit 124 when the agent does
not answer or the program does not finish within TIMEOUT_S; 125 on a protocol error.
"""
import base64
import json
import random
import socket
import sys
import time


class Agent:
    """One connection to the guest agent; every reply is read within the overall deadline."""

    def __init__(self, path, deadline):
        self.deadline = deadline
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(max(0.1, deadline - time.monotonic()))
        self.sock.connect(path)
        self.buffer = b""

    def _line(self):
        while b"\n" not in self.buffer:
            self.sock.settimeout(max(0.1, self.deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("guest agent closed the connection")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line

    def call(self, command, **arguments):
        message = {"execute": command}
        if arguments:
            message["arguments"] = arguments
        self.sock.sendall(json.dumps(message).encode() + b"\n")
        while True:
            line = self._line().strip().lstrip(b"\xff")
            if not line:
                continue
            reply = json.loads(line)
            if "error" in reply:
                raise RuntimeError(f"{command}: {reply['error']}")
            return reply.get("return")

    def sync(self):
        """guest-sync-delimited: discards whatever an earlier client left unread."""
        token = random.randrange(1, 2**31)
        self.sock.sendall(b"\xff" + json.dumps({"execute": "guest-sync-delimited", "arguments": {"id": token}}).encode() + b"\n")
        while True:
            line = self._line().strip().lstrip(b"\xff")
            if line and json.loads(line).get("return") == token:
                return


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    path, timeout, program, args = argv[1], float(argv[2]), argv[3], argv[4:]
    deadline = time.monotonic() + timeout
    try:
        agent = Agent(path, deadline)
        agent.sync()
        pid = agent.call("guest-exec", path=program, arg=args, **{"capture-output": True})["pid"]
        while True:
            status = agent.call("guest-exec-status", pid=pid)
            if status.get("exited"):
                break
            if time.monotonic() > deadline:
                return 124
            time.sleep(0.5)
    except (OSError, socket.timeout, ConnectionError) as e:
        print(f"qga.py: {e}", file=sys.stderr)
        return 124
    except (RuntimeError, ValueError, KeyError) as e:
        print(f"qga.py: {e}", file=sys.stderr)
        return 125
    sys.stdout.write(base64.b64decode(status.get("out-data", "")).decode(errors="replace"))
    sys.stderr.write(base64.b64decode(status.get("err-data", "")).decode(errors="replace"))
    return status.get("exitcode", 125)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
