"""How long `archive serve` takes to show an edit in the browser: a benchmark, not a test.

    .venv/bin/python -m bench.serve_timing FOLDER [--edits 3] [--document ID]

FOLDER holds an archive: its ``mkdocs.yml`` and its content folder (``content/`` beside it;
the demo is the project's own folder, a synthetic archive one that ``make bench`` generated).
`archive serve` is started on a free port of 127.0.0.1 and left to build the site; a
document page is opened in headless Chromium (Debian's /usr/bin/chromium, through Playwright;
Playwright's own browser is never used). Then, ``--edits`` times, the document's first
annotation (a new one if it has none) gets a new word in its note, and the time is taken from
the moment the file is saved to the moment the page, reloaded by MkDocs' live reload, shows
that word: what an editor waits for. The server's own log says when the rebuild started and
ended. Numbers are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise SystemExit(f"archive serve ended (exit {server.returncode}) before it served {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"archive serve did not serve {url} within {timeout:.0f} s")


def _note_file(content: Path, document: str) -> Path:
    """The annotation to edit: the document's first, or a new one on its first sentence."""
    folder = content / "annotations" / document
    existing = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    if existing:
        return existing[0]
    raise SystemExit(f"{document} has no annotation in {folder}; pick one with --document")


def _edit(note: Path, word: str) -> None:
    text = note.read_text(encoding="utf-8")
    text, found = re.subn(r"^(body: )(.*)$", lambda m: f"{m.group(1)}{word} {m.group(2)}", text, count=1, flags=re.M)
    if not found:
        raise SystemExit(f"{note} has no one-line 'body:' to edit")
    note.write_text(text, encoding="utf-8")


def measure(folder: Path, document: str | None, edits: int) -> dict:
    from playwright.sync_api import sync_playwright

    config, content = folder / "mkdocs.yml", folder / "content"
    if document is None:
        document = sorted(p.name for p in (content / "annotations").iterdir() if p.is_dir())[0]
    note = _note_file(content, document)
    original = note.read_bytes()
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="archive-serve-", suffix=".log", delete=False)
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "archive"), "serve", "--config", str(config),
                               "--content", str(content), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/documents/{document}/"
    times: list[float] = []
    try:
        first = _wait_for(url, server, timeout=1800)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            for attempt in range(10):  # (a browser has been refused a connection once the server answered)
                try:
                    page.goto(url)
                    break
                except Exception as refused:
                    if attempt == 9 or "ERR_CONNECTION_REFUSED" not in str(refused) or server.poll() is not None:
                        raise
                    print(f"refused ({attempt + 1}); the server is running: asked again", file=sys.stderr)
                    time.sleep(1.0)
            for number in range(edits):
                word = f"Edited{number}x{os.getpid()}"
                time.sleep(1.0)  # the watcher settles after the previous rebuild
                saved = time.perf_counter()
                _edit(note, word)
                page.wait_for_function("w => document.body && document.body.innerText.includes(w)", arg=word,
                                       timeout=600_000, polling=50)
                times.append(time.perf_counter() - saved)
            browser.close()
    finally:
        note.write_bytes(original)
        # Interrupted as at a terminal: MkDocs' serve then removes its temporary site folder (a
        # gigabyte at 10,000 documents), which a terminated server leaves in /tmp.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        served = Path(log.name).read_text(errors="replace")
        os.unlink(log.name)
        if len(times) < edits:  # failed: what the server said, to see why
            print(served[-4000:], file=sys.stderr)
    builds = re.findall(r"Documentation built in ([0-9.]+) seconds", served)
    return {"first build s": first, "edit to page shown s": times, "rebuilds": [float(b) for b in builds[1:]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--document")
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    found = measure(args.folder.resolve(), args.document, args.edits)
    shown, rebuilds = found["edit to page shown s"], found["rebuilds"]
    print(f"archive serve {args.folder}: first build {found['first build s']:.1f} s; "
          f"save to page shown: median {statistics.median(shown):.2f} s "
          f"({', '.join(f'{t:.2f}' for t in shown)}); rebuilds per the server: "
          f"{', '.join(f'{t:.2f}' for t in rebuilds)}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
