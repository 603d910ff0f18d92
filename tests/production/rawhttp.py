"""HTTP/1.1 over a raw socket: chunked bodies as an attacker sends them, and what came back."""

from __future__ import annotations

import json
import select
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

CHUNK = 64 * 1024


@dataclass
class RawAnswer:
    """The status, headers and body the server sent, and how much of our body it took."""

    status: int
    headers: dict[str, str]
    body: bytes
    sent: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)


def send_chunked(
    url: str,
    path: str,
    total: int,
    headers: dict[str, str] | None = None,
    first: bytes = b"",
    finish: bool = True,
    wait: float = 10.0,
) -> RawAnswer:
    """POST ``first`` then zero bytes up to ``total`` bytes as a chunked body; stop once answered.

    The server may answer before the body is over (as it should for a body over its limit);
    then the rest is never sent. With ``finish=False`` the body is left open after ``first``,
    so only a server that answers without reading the body answers at all.
    """
    parts = urlsplit(url)
    lines = [f"POST {path} HTTP/1.1", f"Host: {parts.netloc}", "Transfer-Encoding: chunked"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=wait) as sock:
        sock.sendall(head)
        sent = 0
        answered = False
        try:
            if first:
                sock.sendall(b"%x\r\n%s\r\n" % (len(first), first))
                sent += len(first)
            if not finish:
                answered = bool(select.select([sock], [], [], wait)[0])
            else:
                filler = b"%x\r\n%s\r\n" % (CHUNK, b"0" * CHUNK)
                while sent < total:
                    if select.select([sock], [], [], 0)[0]:
                        answered = True
                        break
                    sock.sendall(filler)
                    sent += CHUNK
                if not answered:
                    sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            answered = True
        if not finish and not answered:
            raise TimeoutError(f"no answer within {wait}s while the body was still open")
        return read_answer(sock, sent)


def read_answer(sock: socket.socket, sent: int) -> RawAnswer:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            raise ConnectionError(f"the server closed the connection without an answer: {data!r}")
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        piece = sock.recv(65536)
        if not piece:
            break
        body += piece
    return RawAnswer(int(status_line.split()[1]), headers, body[:length], sent)
