"""Pagefind beside our search, on the same site: a benchmark only, never a dependency of the project.

``ensure_pagefind()`` installs the npm package ``pagefind`` (pinned, with its linux-x64 binary from
the npm registry) into ``build/bench-tools/`` when it is missing. ``index_site()`` indexes a copy
of a built site (hard links, so it costs little disk; Pagefind only adds its ``pagefind/`` folder)
and writes a test page, ``pagefind-bench.html``, at its root: a search box that imports Pagefind's
JS API when it gets focus and, on every input event, shows the first 10 results' titles and
excerpts (Pagefind's own UI shows 5 and waits 300 ms after the last key). Pagefind loads an ES
module and WebAssembly, so from file:// it fails: the benchmark records how.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "build" / "bench-tools"
VERSION = "1.6.0"
PAGE = "pagefind-bench.html"

TEST_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagefind benchmark</title><link rel="icon" href="data:,">
<style>body{font:16px/1.5 sans-serif;margin:2em auto;max-width:50em}input{font:inherit;width:100%}
mark{background:#ff0}li{margin:.5em 0}</style></head>
<body>
<input id="pf-query" type="search" autocomplete="off" aria-label="Search" placeholder="Search">
<div id="pf-output"><p id="pf-status"></p><ol id="pf-results"></ol></div>
<script>
(() => {
  const pf = window.__pf = {ready: null, error: null, pending: 0};
  const input = document.getElementById('pf-query');
  const list = document.getElementById('pf-results'), status = document.getElementById('pf-status');
  let loading = null, latest = 0;
  const open = () => loading || (loading = import('./pagefind/pagefind.js').then(async api => {
    await api.options({excerptLength: 30});
    await api.init();
    pf.ready = performance.now();
    return api;
  }, error => { pf.error = String(error); pf.ready = performance.now(); throw error; }));
  const excerpt = html => {  // Pagefind's excerpt: escaped text with <mark> around hits
    const p = document.createElement('p');
    html.split(/(<mark>.*?<\\/mark>)/).forEach((part, i) => {
      const text = new DOMParser().parseFromString(part.replace(/<\\/?mark>/g, ''), 'text/html').body.textContent;
      if (i % 2) { const m = document.createElement('mark'); m.textContent = text; p.append(m); } else p.append(text);
    });
    return p;
  };
  input.addEventListener('focus', () => { open().catch(() => {}); });
  input.addEventListener('input', async () => {
    const query = input.value, mine = ++latest;
    pf.pending++;
    try {
      if (!query.trim()) { list.replaceChildren(); status.textContent = ''; return; }
      const api = await open();
      const search = await api.search(query);
      if (mine !== latest || !search) return;
      const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
      if (mine !== latest) return;
      status.textContent = search.results.length + ' results';
      list.replaceChildren(...data.map(d => {
        const li = document.createElement('li'), a = document.createElement('a');
        a.href = d.url;
        a.textContent = (d.meta && d.meta.title) || d.url;
        li.append(a, excerpt(d.excerpt || ''));
        return li;
      }));
    } catch (error) {
      pf.error = String(error);
    } finally {
      pf.pending--;
    }
  });
})();
</script>
</body>
</html>
"""


def ensure_pagefind(progress=None) -> Path:
    """The pagefind command, installed into build/bench-tools/ when it is not there yet."""
    command = TOOLS / "node_modules" / ".bin" / "pagefind"
    installed = TOOLS / "node_modules" / "pagefind" / "package.json"
    if not (command.exists() and installed.is_file() and f'"version": "{VERSION}"' in installed.read_text()):
        if progress:
            progress(f"installing pagefind {VERSION} into {TOOLS}")
        subprocess.run(["npm", "install", "--prefix", str(TOOLS), f"pagefind@{VERSION}"], check=True,
                       stdout=subprocess.DEVNULL)
    return command


def link_copy(source: Path, target: Path) -> None:
    """``target``: ``source`` copied as hard links (real copies where linking fails)."""
    def copy(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, copy_function=copy)


def _limit_memory(gigabytes: float):
    def limit():  # in the child, before Pagefind starts: fail cleanly instead of the kernel killing a process
        size = int(gigabytes * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return limit


def index_site(site: Path, target: Path, root_selector: str | None, progress=None, memory_gb: float = 8) -> float:
    """``target``: a copy of ``site`` with Pagefind's index and the test page, made when missing or
    older than ``site``; returns the seconds Pagefind took to index it."""
    seconds_file = target / "pagefind" / "bench-seconds.txt"
    if seconds_file.is_file() and seconds_file.stat().st_mtime >= (site / "index.html").stat().st_mtime:
        return float(seconds_file.read_text())
    command = ensure_pagefind(progress)
    if target.exists():
        shutil.rmtree(target)
    if progress:
        progress(f"pagefind: indexing a copy of {site} in {target}")
    link_copy(site, target)
    args = [str(command), "--site", str(target), "--output-subdir", "pagefind", "--quiet"]
    if root_selector:
        args += ["--root-selector", root_selector]
    started = time.perf_counter()
    subprocess.run(args, check=True, preexec_fn=_limit_memory(memory_gb))
    seconds = time.perf_counter() - started
    (target / PAGE).write_text(TEST_PAGE, encoding="utf-8")
    seconds_file.write_text(f"{seconds:.1f}\n", encoding="utf-8")
    return seconds
