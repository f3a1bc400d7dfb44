/* Archive search, its files: loads the parts of the sharded index (search-index/, written by
   builder/search/index.py) as classic scripts, each once, so that it works from file:// as over
   HTTP; and reads postings. Used by engine.js. */
(function () {
  "use strict";
  var AS = window.ArchiveSearch = window.ArchiveSearch || {};
  var VALUE = new Uint8Array(128), DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  for (var v = 0; v < 64; v++) VALUE[DIGITS.charCodeAt(v)] = v;
  var has = Object.prototype.hasOwnProperty, waiting = {};

  // Each index file calls archiveSearchLoad(path, payload) once; it settles the load waiting for it.
  window.archiveSearchLoad = function (path, payload) {
    var list = has.call(waiting, path) ? waiting[path] : [], script = document.currentScript;
    var at = list.findIndex(function (entry) { return !script || entry.script === script; });
    if (at >= 0) list.splice(at, 1)[0].resolve(payload);
    if (!list.length) delete waiting[path];
  };

  function loader(index) { // load(path): a promise of the file's payload; each file is loaded once
    var cache = {};
    function load(path) {
      if (has.call(cache, path)) return cache[path];
      var promise = cache[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script"), entry = {script: script, resolve: resolve};
        (waiting[path] = has.call(waiting, path) ? waiting[path] : []).push(entry);
        function settle(problem) { // after the script ran, or failed to load
          var list = waiting[path] || [], at = list.indexOf(entry);
          script.remove();
          if (at >= 0 && list.splice(at, 1)) reject(new Error("search index: " + problem + " " + index + path));
          if (!list.length) delete waiting[path];
        }
        script.onload = function () { settle("no data for its path in"); };
        script.onerror = function () { settle("could not load"); };
        script.src = index + path;
        document.head.appendChild(script);
      });
      promise.catch(function () { load.forget(path, promise); }); // tried again later
      return promise;
    }
    load.forget = function (path, promise) { if (cache[path] === promise) delete cache[path]; };
    return load;
  }

  function decode(s) { // postings: (gap, impact) numbers, 5 bits a character, 32 flags all but the last
    var ids = new Int32Array(s.length >> 1), imp = new Uint8Array(s.length >> 1), k = 0, n = 0, id = 0, gap = true;
    for (var i = 0; i < s.length; i++) {
      var c = VALUE[s.charCodeAt(i) & 127];
      if (c >= 32) { n = (n << 5) | (c - 32); continue; }
      n = (n << 5) | c;
      if (gap) ids[k] = id += n; else imp[k++] = n;
      gap = !gap; n = 0;
    }
    return {ids: ids.subarray(0, k), imp: imp.subarray(0, k)};
  }
  function union(lists, n) { // one list, the best impact per record
    if (lists.length === 1) return lists[0];
    var best = new Uint8Array(n), count = 0, k = 0;
    lists.forEach(function (l) {
      for (var j = 0, id; j < l.ids.length; j++) if (l.imp[j] > best[id = l.ids[j]]) { count += !best[id]; best[id] = l.imp[j]; }
    });
    var ids = new Int32Array(count), imp = new Uint8Array(count);
    for (var id = 0; k < count; id++) if (best[id]) { ids[k] = id; imp[k++] = best[id]; }
    return {ids: ids, imp: imp};
  }

  AS.files = {loader: loader, decode: decode, union: union};
})();
