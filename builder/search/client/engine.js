/* Archive search, the query engine: loads the parts of the sharded index (search-index/, written
   by builder/search/index.py) that a query needs, as classic scripts, so that it works from file://
   as over HTTP, ranks the matching records and cuts their snippets. Needs ArchiveSearch.text. */
(function () {
  "use strict";
  var AS = window.ArchiveSearch = window.ArchiveSearch || {};
  var HEAD = 200, PREFIX_TERMS = 32, MAX_WORDS = 16, ID = 4194304; // ID: 2^22 local ids per segment
  var REJECT_CAP = 300, BEFORE = 10, WINDOW = 30; // records one call may load and drop; snippet words
  var VALUE = new Uint8Array(128), DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  for (var v = 0; v < 64; v++) VALUE[DIGITS.charCodeAt(v)] = v;
  var has = Object.prototype.hasOwnProperty, waiting = {}, stems = new Map();
  var ENDINGS = "s es ies ied ed ing ly y ity ities ation ational ion ions ment ness al ally ance ence ent er ic ical able ible ism ist ive ous ize ise ization isation ful ate ator".split(" ");

  // Each index file calls archiveSearchLoad(path, payload) once; it settles the load waiting for it.
  window.archiveSearchLoad = function (path, payload) {
    var list = has.call(waiting, path) ? waiting[path] : [];
    for (var i = 0; i < list.length; i++) {
      if (document.currentScript && list[i].script !== document.currentScript) continue;
      var entry = list.splice(i, 1)[0];
      if (!list.length) delete waiting[path];
      return entry.resolve(payload);
    }
  };

  function loader(index) {
    var cache = {};
    function load(path) {
      if (has.call(cache, path)) return cache[path];
      var promise = cache[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script"), entry = {script: script, resolve: resolve};
        (waiting[path] = has.call(waiting, path) ? waiting[path] : []).push(entry);
        function settle(problem) {
          script.remove();
          var list = waiting[path] || [], at = list.indexOf(entry);
          if (at < 0) return; // its data came
          list.splice(at, 1);
          if (!list.length) delete waiting[path];
          reject(new Error("search index: " + problem + " " + index + path));
        }
        script.onload = function () { settle("no data for its path in"); };
        script.onerror = function () { settle("could not load"); };
        script.src = index + path;
        document.head.appendChild(script);
      });
      promise.catch(function () { forget(path, promise); }); // tried again later
      return promise;
    }
    function forget(path, promise) { if (cache[path] === promise) delete cache[path]; }
    load.forget = forget;
    return load;
  }

  // Postings: (gap, impact) numbers, 5 bits a character, high groups flagged with 32.
  function decode(s) {
    var ids = new Int32Array(s.length >> 1), imp = new Uint8Array(s.length >> 1);
    var k = 0, n = 0, id = 0, gap = true;
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
    var best = new Uint8Array(n), seen = [];
    lists.forEach(function (l) {
      for (var j = 0; j < l.ids.length; j++) {
        var id = l.ids[j];
        if (!best[id]) seen.push(id);
        if (l.imp[j] > best[id]) best[id] = l.imp[j];
      }
    });
    var ids = Int32Array.from(seen).sort(), imp = new Uint8Array(ids.length);
    for (var j = 0; j < ids.length; j++) imp[j] = best[ids[j]];
    return {ids: ids, imp: imp};
  }

  function stem(t) {
    var s = stems.get(t);
    if (s === undefined) { if (stems.size > 50000) stems.clear(); stems.set(t, s = AS.text.stem(t)); }
    return s;
  }
  function english(l) { l = String(l || "").toLowerCase(); return l === "" || l === "en" || l.slice(0, 3) === "en-"; }
  function starts(s, p) { return s.lastIndexOf(p, 0) === 0; }
  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }
  function lower(rows, term) { // the first row whose term is >= term
    var lo = 0, hi = rows.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (rows[mid][0] < term) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function shardOf(seg, term) {
    var s = seg.shards, lo = 0, hi = s.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (s[mid] <= term) lo = mid; else hi = mid - 1; }
    return lo;
  }

  // The query: words ANDed, "quoted phrases", the last word a prefix while it is being typed.
  function parse(query) {
    var words = [], phrases = [], at = 0;
    function word(tok, prefix) {
      for (var i = 0; i < words.length; i++) if (words[i].tok === tok && words[i].prefix === prefix) return i;
      if (words.length === MAX_WORDS) return -1;
      return words.push({tok: tok, prefix: prefix, bit: 1 << words.length, exact: exact(tok, prefix)}) - 1;
    }
    query.split('"').forEach(function (part, i) {
      var found = AS.text.spans(part).map(function (s) { return word(s.token, at + s.end === query.length); });
      if (i % 2 && found.length > 1 && found.indexOf(-1) < 0) phrases.push(found);
      at += part.length + 1;
    });
    return {words: words, phrases: phrases};
  }

  // The terms a word matches exactly: a complete word's token and stem; for a prefix, the stems
  // of English words it may begin that do not begin with it ("securi": "security" -> "secur").
  function exact(tok, prefix) {
    var found = [tok, stem(tok)];
    if (prefix && /^[a-z]{3,}$/.test(tok)) ENDINGS.forEach(function (e) {
      for (var k = 1; k < e.length; k++) if (tok.slice(-k) === e.slice(0, k)) found.push(stem(tok + e.slice(k)));
    });
    return found.filter(function (t, i) { return found.indexOf(t) === i && !(prefix && starts(t, tok)); });
  }
  function matches(x, eng, w) { // does text token x (of a record in English or not) match word w?
    if (w.prefix && starts(x, w.tok)) return true;
    var t = eng && x.charCodeAt(0) === w.tok.charCodeAt(0) ? stem(x) : x;
    return w.exact.indexOf(t) >= 0 || (w.prefix && starts(t, w.tok));
  }
  function analyse(text, eng, words) { // tokens with the query words each matches, as bits
    var spans = AS.text.spans(text), masks = new Int32Array(spans.length), all = 0;
    for (var i = 0; i < spans.length; i++) {
      for (var j = 0; j < words.length; j++) if (matches(spans[i].token, eng, words[j])) masks[i] |= words[j].bit;
      all |= masks[i];
    }
    return {text: text, spans: spans, masks: masks, all: all};
  }
  function hasPhrase(a, phrase, words) {
    for (var i = 0; i + phrase.length <= a.masks.length; i++) {
      for (var j = 0; j < phrase.length && a.masks[i + j] & words[phrase[j]].bit; j++);
      if (j === phrase.length) return true;
    }
    return false;
  }
  function snippet(a, url, hits) { // about WINDOW words from a little before the first hit
    var sp = a.spans, first = 0, parts = [];
    while (hits && first < sp.length && !a.masks[first]) first++;
    var start = Math.max(0, Math.min(first - BEFORE, sp.length - WINDOW)), end = Math.min(sp.length, start + WINDOW);
    var at = start > 0 ? sp[start].start : 0, to = end < sp.length ? sp[end - 1].end : a.text.length;
    function add(text, hit) {
      var last = parts[parts.length - 1];
      if (!text) return;
      if (last && last.hit === hit) last.text += text; else parts.push({text: text, hit: hit});
    }
    if (start > 0) add("…", false);
    for (var k = start; k < end && hits; k++) {
      if (!a.masks[k]) continue;
      add(a.text.slice(at, sp[k].start), false);
      add(a.text.slice(sp[k].start, at = sp[k].end), true);
    }
    add(a.text.slice(at, to) + (end < sp.length ? "…" : ""), false);
    return {url: url, parts: parts};
  }
  function safe(u) { // a relative URL: no scheme, not absolute, nothing a browser would strip
    return typeof u === "string" && u !== "" && !/[\x00-\x1f\x7f\\]/.test(u) && !/^[\s\/]/.test(u) && !/^[^\/?#]*:/.test(u);
  }

  AS.createEngine = function (options) {
    var index = options.index, root = options.root, load = loader(index), opened = null, decoded = new Map(), last = null;

    function open() {
      if (!opened) {
        var file = load("root.js");
        opened = file.then(function (r) {
          if (r && r.format === 1 && Array.isArray(r.segments)) return r;
          load.forget("root.js", file);
          throw new Error("search index: not format 1: " + index);
        });
        opened.catch(function () { opened = null; });
      }
      return opened;
    }
    function postings(seg, key, path, text) { // decoded once, kept while the reader types
      var got = decoded.get(seg.name + key);
      if (got) return Promise.resolve(got);
      return (path ? load(path) : Promise.resolve(text)).then(function (s) {
        if (decoded.size > 400) decoded.clear();
        decoded.set(seg.name + key, got = decode(s));
        return got;
      });
    }
    function row(seg, term) {
      return load(seg.name + "/t/" + shardOf(seg, term) + ".js").then(function (rows) {
        var i = lower(rows, term);
        return i < rows.length && rows[i][0] === term ? rows[i] : null;
      });
    }
    function rowList(seg, r, full) {
      return full && r[3] ? postings(seg, "\nb" + r[0], seg.name + "/b/" + r[3] + ".js") : postings(seg, "\nt" + r[0], null, r[2]);
    }

    // What the segment holds for a word: its terms' rows (or a hot prefix's list), df, and whether
    // the postings at hand are all of them (partial) or could be made so (complete words).
    function resolve(seg, w) {
      var exact = Promise.all(w.exact.map(function (t) { return row(seg, t); })).then(function (rows) {
        return rows.filter(Boolean);
      });
      if (!w.prefix) return exact.then(function (rows) { return word(seg, w, rows, null, 0, false); });
      if (has.call(seg.hot, w.tok)) {
        var path = seg.name + "/h/" + seg.hot[w.tok] + ".js";
        return Promise.all([load(path), exact]).then(function (got) {
          var h = got[0], df = Math.max.apply(null, h.terms.map(function (t) { return t[1]; }).concat(0));
          return postings(seg, "\nh" + w.tok, null, h.postings).then(function (list) {
            var whole = h.terms.length < PREFIX_TERMS && list.ids.length < HEAD;
            return word(seg, w, got[1], list, df, !whole);
          });
        });
      }
      var i = shardOf(seg, w.tok);
      if (i + 1 < seg.shards.length && starts(seg.shards[i + 1], w.tok)) i++; // not hot: all in one shard
      return Promise.all([load(seg.name + "/t/" + i + ".js"), exact]).then(function (got) {
        var rows = [], at = lower(got[0], w.tok);
        for (; at < got[0].length && starts(got[0][at][0], w.tok); at++) rows.push(got[0][at]);
        var cut = rows.length > PREFIX_TERMS;
        rows = rows.sort(function (a, b) { return b[1] - a[1]; }).slice(0, PREFIX_TERMS);
        return word(seg, w, rows.concat(got[1]), null, 0, cut);
      });
    }
    function word(seg, w, rows, list, df, cut) {
      rows.forEach(function (r) { df = w.prefix ? Math.max(df, r[1]) : df + r[1]; });
      var big = rows.some(function (r) { return r[3] > 0; });
      return {w: w, rows: rows, list: list, df: Math.min(df, seg.records), partial: cut || big,
              completable: !w.prefix && big, exact: !w.prefix && rows.length === 1};
    }

    // One segment: the candidates (records in every driving word's postings), ranked.
    function evaluate(seg, q, need) {
      return Promise.all(q.words.map(function (w) { return resolve(seg, w); })).then(function (info) {
        if (info.some(function (x) { return !x.df; })) return null;
        var n = seg.records, drivers = info.filter(function (x) { return !x.partial || (x.completable && 2 * x.df <= n); });
        if (info.length === 1 || !drivers.length) {
          drivers = [info.reduce(function (a, b) { return b.df < a.df ? b : a; })];
        }
        var full = drivers.length > 1 || need > HEAD;
        return Promise.all(info.map(function (x) {
          var whole = full && x.completable && drivers.indexOf(x) >= 0;
          var lists = x.rows.map(function (r) { return rowList(seg, r, whole); });
          return Promise.all(x.list ? lists.concat(x.list) : lists).then(function (ls) { return union(ls, n); });
        })).then(function (lists) { return rank(seg, q, info, lists, drivers, full); });
      });
    }
    function rank(seg, q, info, lists, drivers, full) {
      var n = seg.records, hits = new Uint8Array(n), title = new Uint8Array(n), score = new Float64Array(n);
      drivers.forEach(function (x, d) {
        var ids = lists[info.indexOf(x)].ids;
        for (var j = 0; j < ids.length; j++) if (hits[ids[j]] === d) hits[ids[j]] = d + 1;
      });
      var all = drivers.length, count = 0, verify = 0;
      info.forEach(function (x, i) {
        var l = lists[i], weight = idf(n, x.df);
        if (drivers.indexOf(x) < 0) verify |= x.w.bit;
        for (var j = 0; j < l.ids.length; j++) {
          var id = l.ids[j];
          if (hits[id] !== all) continue;
          if (l.imp[j] >= 16) title[id]++;
          score[id] += weight * (l.imp[j] & 15);
        }
      });
      var ids = lists[info.indexOf(drivers[0])].ids, keys = new Float64Array(ids.length);
      for (var j = 0; j < ids.length; j++) {
        var id = ids[j];
        if (hits[id] === all) keys[count++] = (title[id] * 1e8 + Math.round(score[id] * 1e4)) * ID + (ID - 1 - id);
      }
      keys = keys.subarray(0, count).sort();
      var one = drivers[0], head = all === 1 && one.partial && !(full && one.completable); // estimated from df
      return {seg: seg, keys: keys, at: count - 1, estimate: head ? Math.max(count, one.df) : count, verify: verify,
              exact: !head || one.exact};
    }

    function next(state) { // the best candidate left in any segment
      var best = null, bp = 0, bg = 0;
      state.segs.forEach(function (s) {
        if (s.at < 0) return;
        var key = s.keys[s.at], p = Math.floor(key / ID), g = s.seg.offset + ID - 1 - (key - p * ID);
        if (!best || p > bp || (p === bp && g < bg)) { best = s; bp = p; bg = g; }
      });
      if (best) best.at--;
      return best && {s: best, id: bg};
    }
    function result(f, c, q) { // the record as a result, or null when it does not match or has a bad URL
      if (!f || !safe(f.u)) return null;
      var eng = english(f.l), paragraphs = Array.isArray(f.p) ? f.p : [], words = q.words;
      var units = [String(f.t || ""), String(f.m || "")].concat(Array.isArray(f.n) ? f.n.map(String) : []);
      var head = units.map(function (t) { return analyse(t, eng, words); });
      var body = paragraphs.map(function (p) { return analyse(String(p[1] || ""), eng, words); });
      var every = head.concat(body), found = 0;
      every.forEach(function (a) { found |= a.all; });
      if ((found & c.s.verify) !== c.s.verify) return null;
      var phrased = q.phrases.every(function (ph) { return every.some(function (a) { return hasPhrase(a, ph, words); }); });
      if (!phrased) return null;
      var url = root + f.u, page = root + f.u.split("#")[0];
      var order = body.map(function (a, i) { return i; }).filter(function (i) { return body[i].all; });
      order.sort(function (a, b) { return bits(body[b].all) - bits(body[a].all) || a - b; });
      function link(i) { return paragraphs[i][0] ? page + "#" + paragraphs[i][0] : url; }
      var snippets = order.length ? order.slice(0, 3).map(function (i) { return snippet(body[i], link(i), true); })
        : body.length ? [snippet(body[0], link(0), false)] : [];
      return {id: c.id, kind: String(f.k || ""), title: units[0], url: url, meta: String(f.m || ""), snippets: snippets};
    }
    function bits(m) { var b = 0; for (; m; m &= m - 1) b++; return b; }

    function fill(state, need, budget) { // pull candidates in rank order until the page is full
      var wanted = need - state.accepted.length, batch = [];
      if (wanted <= 0 || budget <= 0) return Promise.resolve();
      var size = state.verify ? Math.min(50, Math.max(10, 2 * wanted)) : wanted;
      for (var c; batch.length < size && (c = next(state));) batch.push(c);
      if (!batch.length) { state.done = true; return Promise.resolve(); }
      return Promise.all(batch.map(function (c) {
        return load("r/" + Math.floor(c.id / 1000) + "/" + c.id + ".js");
      })).then(function (fragments) {
        fragments.forEach(function (f, i) {
          var r = result(f, batch[i], state.q);
          state.checked++;
          if (r) state.accepted.push(r); else budget--;
          if (!r && !state.verify) state.skipped++;
        });
        return fill(state, need, budget);
      });
    }
    function total(state) {
      var est = 0, cands = 0, exact = true;
      state.segs.forEach(function (s) { est += s.estimate; cands += s.keys.length; exact = exact && s.exact; });
      if (!state.verify) return {total: est - state.skipped, exact: exact};
      var rate = state.checked ? state.accepted.length / state.checked : 1, rest = state.done ? est - cands : est - state.checked;
      return {total: Math.round(state.accepted.length + rest * rate), exact: exact && state.done && est === cands};
    }

    function search(query, options) {
      query = String(query == null ? "" : query);
      var offset = Math.max(0, (options && options.offset) | 0), limit = Math.max(0, options && options.limit != null ? options.limit | 0 : 10);
      var need = offset + limit;
      return open().then(function (r) {
        var q = parse(query);
        if (!q.words.length) return {query: query, total: 0, exact: true, results: []};
        if (last && last.query === query && (need <= HEAD || last.need > HEAD)) return page(last);
        var state = {query: query, need: need, q: q, accepted: [], checked: 0, skipped: 0,
                     done: false, chain: Promise.resolve()};
        return Promise.all(r.segments.map(function (seg) { return evaluate(seg, q, need); })).then(function (segs) {
          state.segs = segs.filter(Boolean);
          state.verify = q.phrases.length > 0 || state.segs.some(function (s) { return s.verify; });
          return page(last = state);
        });
      });
      function page(state) {
        var run = state.chain.then(function () { return fill(state, need, REJECT_CAP); });
        state.chain = run.catch(function () { if (last === state) last = null; });
        return run.then(function () {
          var t = total(state);
          return {query: query, total: t.total, exact: t.exact, results: state.accepted.slice(offset, need)};
        });
      }
    }

    return {open: function () { return open().then(function () {}); }, search: search};
  };
})();
