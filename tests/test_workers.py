"""Work handed to forked children while the build goes on with something else (``workers.Started``):
the PDFs are laid out this way while the web pages render."""

from __future__ import annotations

import os
import select
import time

import pytest

from explainer.workers import Started


def test_started_shares_run_in_children_while_this_process_goes_on():
    """Each share waits for a signal that this process sends only once ``Started`` has returned:
    had the work been done before returning, it would have waited in vain."""
    go_read, go_write = os.pipe()

    def share(n: int) -> tuple[int, int, bool]:
        ready, _, _ = select.select([go_read], [], [], 10)
        return n, os.getpid(), bool(ready)

    try:
        with Started(share, [1, 2]) as started:
            os.write(go_write, b"go")  # the other work this process does meanwhile
            results = started.results()
    finally:
        os.close(go_read)
        os.close(go_write)
    assert [n for n, _, _ in results] == [1, 2], "results come back in the order of the shares"
    assert all(signalled for _, _, signalled in results)
    assert os.getpid() not in {pid for _, pid, _ in results}
    assert len({pid for _, pid, _ in results}) == 2, "one child per share"


def test_a_share_whose_child_dies_is_done_again_in_this_process():
    parent = os.getpid()

    def share(n: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # the child ends without a result, as one killed by the OOM killer would
        return n * 10

    with Started(share, [1, 2]) as started:
        assert started.results() == [10, 20]


@pytest.mark.slow
def test_leaving_the_block_stops_the_children_still_running():
    """A build that fails while the PDFs are laid out leaves no child working on."""
    pids_read, pids_write = os.pipe()

    def share(n: int) -> None:
        os.write(pids_write, f"{os.getpid()}\n".encode())
        time.sleep(60)

    try:
        with Started(share, [1]):
            pid = int(os.read(pids_read, 32))
    finally:
        os.close(pids_read)
        os.close(pids_write)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped
