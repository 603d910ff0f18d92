"""Request ids are unique across threads and processes, with no system call per request."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor

from consultbot.web.request_ids import RequestIds


def test_ids_are_32_hex_digits_and_never_repeat_across_threads() -> None:
    ids = RequestIds()
    with ThreadPoolExecutor(8) as pool:
        batches = list(pool.map(lambda _: [ids.next() for _ in range(2000)], range(8)))
    every = [one for batch in batches for one in batch]
    assert len(set(every)) == len(every) == 16_000
    assert all(re.fullmatch(r"[0-9a-f]{32}", one) for one in every)


def test_a_forked_process_never_repeats_its_parents_ids() -> None:
    ids = RequestIds()
    before = ids.next()
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the child, as a gunicorn worker forked from a master that made ids
        os.write(writing, ids.next().encode())
        os._exit(0)
    os.close(writing)
    os.waitpid(child, 0)
    in_child = os.read(reading, 64).decode()
    os.close(reading)
    after = ids.next()
    assert len({before, in_child, after}) == 3
    assert in_child[:20] != before[:20] == after[:20]
