"""What the search benchmark measures inside the page, the same way for every engine.

An init script (``HOOK``) installed before the page's own scripts records, with
``performance.now()``:

* long tasks (PerformanceObserver 'longtask', 50 ms and more) and, while search opens, every
  animation frame (a requestAnimationFrame loop): a frame gap is how long the page could not paint;
* each keystroke: the first of keydown / beforeinput / input (Playwright types real keys);
* each change of the result list (a MutationObserver on the whole document, kept when the change
  is inside the engine's result container): when, how many result items it then holds, and the
  end of the next animation frame (about when it is painted);
* what the engine loads: Material's search worker messages (SETUP, READY, QUERY, RESULT, through a
  wrapper around ``Worker``, also the iframe-worker shim's), the archive index's
  ``archiveSearchLoad`` calls and the ``search-index/`` scripts still loading.

An engine (``bench.search_engines``) says which selectors to watch, when the first query can run
and when nothing is pending. Playwright's round trips are never part of a measured time.
"""

from __future__ import annotations

import json

HOOK = r"""
(() => {
  if (window !== window.top || window.__sb) return;
  const cfg = window.__sbConfig;
  const now = () => performance.now();
  const sb = window.__sb = {longtasks: [], frames: null, marks: [], lastMark: 0, key: null, lastKey: 0,
                            loads: [], lastLoad: 0, pending: 0, focus: null,
                            created: null, setup: null, ready: null, sent: 0, recv: 0};
  try { performance.setResourceTimingBufferSize(100000); } catch (e) {}
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) sb.longtasks.push([e.startTime, e.duration]);
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { sb.longtasks = null; }
  const afterFrame = cb => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = cb;
    channel.port2.postMessage(0);
  });
  for (const type of ['keydown', 'beforeinput', 'input']) {
    document.addEventListener(type, () => { if (sb.key === null) sb.key = sb.lastKey = now(); }, true);
  }
  // The archive index: each archiveSearchLoad call, and its scripts while they load.
  let loader;
  Object.defineProperty(window, 'archiveSearchLoad', {configurable: true, get: () => loader, set: fn => {
    loader = typeof fn !== 'function' ? fn : function (path) {
      const t = now();
      sb.loads.push([String(path), t]);
      sb.lastLoad = t;
      return fn.apply(this, arguments);
    };
  }});
  const watchScript = node => {
    if (node.nodeName !== 'SCRIPT' || !/search-index\//.test(node.getAttribute('src') || '')) return;
    sb.pending++;
    const done = () => { sb.pending--; sb.lastLoad = now(); };
    node.addEventListener('load', done, {once: true});
    node.addEventListener('error', done, {once: true});
  };
  new MutationObserver(records => {
    const t = now();
    let inResults = false;
    for (const r of records) {
      for (const node of r.addedNodes) watchScript(node);
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (cfg.container && el && el.closest && el.closest(cfg.container)) inResults = true;
    }
    if (!inResults) return;
    const input = document.querySelector(cfg.input);
    const mark = {t, items: document.querySelectorAll(cfg.item).length, value: input ? input.value : null};
    sb.marks.push(mark);
    sb.lastMark = t;
    afterFrame(() => { mark.frame = now(); });
  }).observe(document, {childList: true, subtree: true, characterData: true});
  // Material's search worker: 0 SETUP, 1 READY, 2 QUERY, 3 RESULT (answered in order).
  const onMessage = ev => {
    const m = ev.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 1 && sb.ready === null) sb.ready = now();
    if (m.type === 3) sb.recv++;
  };
  const wrap = Base => {
    if (typeof Base !== 'function' || Base.__sbWrapped) return Base;
    const Wrapped = class extends Base {
      constructor(...args) {
        super(...args);
        sb.created = now();
        this.addEventListener('message', onMessage);
      }
      postMessage(m, ...rest) {
        if (m && m.type === 0) sb.setup = now();
        if (m && m.type === 2) sb.sent++;
        return super.postMessage(m, ...rest);
      }
    };
    Wrapped.__sbWrapped = true;
    return Wrapped;
  };
  let current = wrap(window.Worker);
  Object.defineProperty(window, 'Worker', {configurable: true, get: () => current, set: v => { current = wrap(v); }});
})();
"""

# Start the frame probe, let three frames pass, then focus the search box; returns when it was focused.
OPEN = """() => new Promise((resolve, reject) => {
  const sb = window.__sb, frames = sb.frames = [];
  setTimeout(() => reject(new Error('no animation frames, or no search box, within 30 s')), 30000);
  const loop = () => { if (sb.frames !== frames) return; frames.push(performance.now()); requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  const start = () => {
    if (frames.length < 3) return requestAnimationFrame(start);
    const el = document.querySelector(window.__sbConfig.input);
    if (!el) return reject(new Error('no search box: ' + window.__sbConfig.input));
    sb.focus = performance.now();
    el.focus();
    el.click();
    resolve(sb.focus);
  };
  requestAnimationFrame(start);
})"""

# After the engine is ready and two more frames: the longest long task and frame gap since focus.
OPENED = """(ready) => new Promise(resolve => {
  const sb = window.__sb;
  let n = 0;
  const next = () => {
    if (++n < 3) return requestAnimationFrame(next);
    const frames = sb.frames, focus = sb.focus;
    sb.frames = null;
    let gap = 0;
    for (let i = 1; i < frames.length; i++) {
      if (frames[i] >= focus && frames[i - 1] <= Math.max(ready, focus)) gap = Math.max(gap, frames[i] - frames[i - 1]);
    }
    const tasks = sb.longtasks === null ? null
      : sb.longtasks.filter(([t, d]) => t + d >= focus && t <= Math.max(ready, focus)).map(([t, d]) => d);
    resolve({gap, task: tasks === null ? null : Math.max(0, ...tasks)});
  };
  requestAnimationFrame(next);
})"""

def shown(idle: str, quiet_ms: float) -> str:
    """A page function of the keystroke's time t0: the first change of the result list after it
    that shows results; or, once nothing is pending (``idle``) and the list and loads stayed quiet
    for ``quiet_ms``, its last change since t0 (no results), or {t: null} (nothing changed)."""
    return """(t0) => {
  const sb = window.__sb;
  const after = sb.marks.filter(m => m.t >= t0);
  const hit = after.find(m => m.items > 0);
  if (hit) return hit.frame === undefined ? null : hit;
  if (!(%s)()) return null;
  const last = after[after.length - 1];
  return last ? (last.frame === undefined ? null : last) : {t: null, items: 0};
}""" % settled(idle, quiet_ms)


def settled(idle: str, quiet_ms: float) -> str:
    """A page function: nothing pending and the result list and loads quiet for ``quiet_ms``."""
    return (f"() => performance.now() - Math.max(__sb.lastMark, __sb.lastLoad, __sb.lastKey) > {quiet_ms} "
            f"&& ({idle})")


def config_script(input_selector: str, container: str, item: str) -> str:
    return "window.__sbConfig = " + json.dumps({"input": input_selector, "container": container, "item": item}) + ";"


def resource_bytes(page, since: float) -> dict:
    """Resource Timing since ``since`` (page entries only: a worker's own fetches are not in it)."""
    return page.evaluate("""(since) => {
      let transfer = 0, body = 0, count = 0;
      for (const e of performance.getEntriesByType('resource')) {
        if (e.startTime < since) continue;
        transfer += e.transferSize || 0; body += e.encodedBodySize || 0; count++;
      }
      return {transfer, body, count};
    }""", since)
