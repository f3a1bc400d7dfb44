"""`archive serve`: an edit under the content folder is seen at once (the system's file
notifications), rebuilt once (reading the content is not a change), and served."""

from __future__ import annotations

import re
import socket
import time
import urllib.request

from build_processes import ended_after, start, wait_for


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except OSError:
        return ""


def test_an_edit_is_rebuilt_once_and_served(make_archive, tmp_path):
    archive = make_archive()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/documents/nichols-2023/"
    log = tmp_path / "serve.log"
    with open(log, "wb") as errors, ended_after(start(
            ["-m", "builder", "serve", "--config", str(archive.config), "--content", str(archive.content),
             "--dev-addr", f"127.0.0.1:{port}"], errors)) as server:
        wait_for(lambda: "<h1" in _page(url), server, what="the first build served")
        # A browser that closes a page while the server writes to it must not end the server:
        # the server keeps Python's own handling of SIGPIPE (ignored; see builder.cli.LONG_RUNNING).
        ignored = int(re.search(r"^SigIgn:\s*([0-9a-f]+)$", open(f"/proc/{server.pid}/status").read(), re.M).group(1), 16)
        assert ignored & (1 << (13 - 1)), "SIGPIPE is not ignored by `archive serve`"
        (archive.content / "sources" / "nichols-2023.yml").write_text(
            "date: 2023-08-14\ntitle: A corrected title for the report\n", encoding="utf-8")
        saved = time.monotonic()
        wait_for(lambda: "A corrected title for the report" in _page(url), server, timeout=60,
                 what="the edit served")
        seen = time.monotonic() - saved
        time.sleep(2.0)  # long enough for a needless rebuild to start
        built = re.findall(r"Documentation built in", log.read_text(encoding="utf-8", errors="replace"))
    assert len(built) == 2, log.read_text(encoding="utf-8", errors="replace")  # the first build and one rebuild
    assert seen < 30  # a hang bound only; bench/serve_timing.py measures it
