/* Archive search, the query engine: loads the parts of the sharded index (search-index/, written
   by builder/search/index.py) that a query needs, as classic scripts, so that it works from file://
   as over HTTP; ranks the matching records and cuts their snippets. Needs ArchiveSearch.text. */
(function () {
  "use strict";
  var AS = window.ArchiveSearch = window.ArchiveSearch || {};
  var HEAD = 200, PREFIX_TERMS = 32, MAX_WORDS = 16, ID = 4194304; // ID: 2^22 local ids per segment
  var REJECTS = 100, SPEND = 100, UNTIL_NONE = 2000, BEFORE = 10, WINDOW = 30; // fill(); snippets
  var has = Object.prototype.hasOwnProperty, stems = new Map();
  var loader = AS.files.loader, decode = AS.files.decode, union = AS.files.union;
  var ENDINGS = ("s es ies ied ed ing ly y ity ities ation ational ion ions ment ness al ally ance ence ent er ic ical " +
                 "able ible ism ist ive ous ize ise ization isation ful ate ator").split(" ");

  function stem(t) { // remembered: a page's words come back
    if (stems.size > 50000) stems.clear();
    if (!stems.has(t)) stems.set(t, AS.text.stem(t));
    return stems.get(t);
  }
  function starts(s, p) { return s.lastIndexOf(p, 0) === 0; }
  function bisect(n, below) { // the first i in 0..n for which below(i) is false
    var lo = 0, hi = n;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (below(mid)) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function lower(rows, term) { return bisect(rows.length, function (i) { return rows[i][0] < term; }); }
  function shardOf(seg, term) { return bisect(seg.shards.length, function (i) { return seg.shards[i] <= term; }) - 1; }
  function starting(rows, p) { // the rows of terms beginning with p, commonest first
    for (var found = [], at = lower(rows, p); at < rows.length && starts(rows[at][0], p); at++) found.push(rows[at]);
    return found.sort(function (a, b) { return b[1] - a[1]; });
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
  function analyse(text, eng, words) { // a text's tokens, each with the query words it matches as bits
    var spans = AS.text.spans(text), masks = new Int32Array(spans.length), all = 0;
    for (var i = 0; i < spans.length; all |= masks[i++]) {
      for (var j = 0; j < words.length; j++) if (matches(spans[i].token, eng, words[j])) masks[i] |= words[j].bit;
    }
    return {text: text, spans: spans, masks: masks, all: all};
  }
  function hasPhrase(a, phrase, words) { // the phrase's words on consecutive tokens
    return a.masks.some(function (m, i) { return phrase.every(function (w, j) { return a.masks[i + j] & words[w].bit; }); });
  }
  function snippet(a, url, hits) { // about WINDOW words from a little before the first hit
    var sp = a.spans, first = 0, parts = [];
    while (hits && first < sp.length && !a.masks[first]) first++;
    var start = Math.max(0, Math.min(first - BEFORE, sp.length - WINDOW)), end = Math.min(sp.length, start + WINDOW);
    var at = start > 0 ? sp[start].start : 0, to = end < sp.length ? sp[end - 1].end : a.text.length;
    function add(text, hit) {
      var last = parts[parts.length - 1];
      if (text && last && last.hit === hit) last.text += text; else if (text) parts.push({text: text, hit: hit});
    }
    add(start > 0 ? "…" : "", false);
    for (var k = start; k < end && hits; k++) {
      if (a.masks[k]) { add(a.text.slice(at, sp[k].start), false); add(a.text.slice(sp[k].start, at = sp[k].end), true); }
    }
    add(a.text.slice(at, to) + (end < sp.length ? "…" : ""), false);
    return {url: url, parts: parts};
  }
  function safe(u) { // a relative URL: no scheme, not absolute, nothing a browser would strip
    return typeof u === "string" && u !== "" && !/[\x00-\x1f\x7f\\]/.test(u) && !/^[\s\/]/.test(u) && !/^[^\/?#]*:/.test(u);
  }
  function bits(m) { for (var b = 0; m; m &= m - 1) b++; return b; }

  AS.createEngine = function (options) {
    var index = options.index, root = options.root, load = loader(index), opened = null, last = null;
    var decoded = new Map(), held = 0; // decoded postings, and how many, kept up to about 4 million

    function open() { // root.js, once it is found and of this format
      if (opened) return opened;
      var file = load("root.js");
      opened = file.then(function (r) {
        if (r && r.format === 1 && Array.isArray(r.segments)) return r;
        load.forget("root.js", file);
        throw new Error("search index: not format 1: " + index);
      });
      opened.catch(function () { opened = null; });
      return opened;
    }
    function postings(seg, key, path, text) { // decoded once, kept while the reader types
      var got = decoded.get(seg.name + key);
      return got ? Promise.resolve(got) : (path ? load(path) : Promise.resolve(text)).then(function (s) {
        if ((held += (got = decode(s)).ids.length) > 4e6) { decoded.clear(); held = got.ids.length; }
        decoded.set(seg.name + key, got);
        return got;
      });
    }
    function row(seg, term) { // a term's [term, df, postings, big], or null
      return load(seg.name + "/t/" + shardOf(seg, term) + ".js").then(function (rows) {
        var i = lower(rows, term);
        return i < rows.length && rows[i][0] === term ? rows[i] : null;
      });
    }

    // What a segment holds for a word: the rows of its terms (and a hot prefix's list), its df,
    // whether the postings at hand are all of them (partial) and could be made so (completable).
    function resolve(seg, w, need) {
      var exact = Promise.all(w.exact.map(function (t) { return row(seg, t); })), i = shardOf(seg, w.tok);
      var hot = w.prefix && has.call(seg.hot, w.tok) ? load(seg.name + "/h/" + seg.hot[w.tok] + ".js") : null;
      if (hot && need > HEAD) { // paging past a hot prefix's best records: its terms' own rows, to be completed
        exact = Promise.all([exact, hot.then(function (h) { return Promise.all(h.terms.map(function (t) { return row(seg, t[0]); })); })])
          .then(function (both) { return both[0].concat(both[1]); });
        hot = null;
      }
      if (w.prefix && !hot && i + 1 < seg.shards.length && starts(seg.shards[i + 1], w.tok)) i++; // not hot: one shard
      var shard = w.prefix && !hot ? load(seg.name + "/t/" + i + ".js") : null;
      var list = hot && hot.then(function (h) { return postings(seg, "\nh" + w.tok, null, h.postings); });
      return Promise.all([exact, hot, shard, list]).then(function (got) {
        var h = got[1], terms = got[2] ? starting(got[2], w.tok) : [], df = 0;
        var rows = got[0].filter(Boolean).concat(terms.slice(0, PREFIX_TERMS)), big = rows.some(function (r) { return r[3]; });
        rows.concat(h ? h.terms : []).forEach(function (r) { df = w.prefix ? Math.max(df, r[1]) : df + r[1]; });
        var cut = terms.length > PREFIX_TERMS || (h && (h.terms.length >= PREFIX_TERMS || got[3].ids.length >= HEAD));
        return {w: w, rows: rows, list: got[3], df: Math.min(df, seg.records), partial: !!cut || big, big: big,
                completable: big && (!w.prefix || need > HEAD), exact: !w.prefix && rows.length === 1};
      });
    }
    // One segment's candidates, ranked: the records in the postings of every driving word. A word
    // whose postings at hand are partial and cannot (or, in most records, should not) be completed
    // does not drive when another word can: it is checked in the text of the records shown.
    function evaluate(seg, q, need) {
      return Promise.all(q.words.map(function (w) { return resolve(seg, w, need); })).then(function (info) {
        if (info.some(function (x) { return !x.df; })) return null;
        var n = seg.records, drivers = info.filter(function (x) { return !x.partial || (x.completable && 2 * x.df <= n); });
        if (info.length === 1 || !drivers.length) drivers = [info.reduce(function (a, b) { return b.df < a.df ? b : a; })];
        // A single word's head holds its best HEAD records; but when other words or a phrase are
        // checked in the text, the records holding them may lie anywhere in the driver's list.
        var full = drivers.length > 1 || need > HEAD || info.length > 1 || q.phrases.length > 0;
        return Promise.all(info.map(function (x) {
          var whole = full && x.completable && drivers.indexOf(x) >= 0, lists = x.rows.map(function (r) {
            var b = whole && r[3] ? seg.name + "/b/" + r[3] + ".js" : null;
            return postings(seg, (b ? "\nb" : "\nt") + r[0], b, r[2]);
          });
          return Promise.all(x.list ? lists.concat(x.list) : lists).then(function (ls) { return union(ls, n); });
        })).then(function (lists) { return rank(seg, info, lists, drivers, full); });
      });
    }
    function rank(seg, info, lists, drivers, full) { // keys: title matches, score, then lower id first
      var n = seg.records, hits = new Uint8Array(n), title = new Uint8Array(n), score = new Float64Array(n);
      var all = drivers.length, count = 0, verify = 0, ids = lists[info.indexOf(drivers[0])].ids, j, id;
      drivers.forEach(function (x, d) {
        for (var l = lists[info.indexOf(x)].ids, j = 0; j < l.length; j++) if (hits[l[j]] === d) hits[l[j]] = d + 1;
      });
      info.forEach(function (x, i) {
        var l = lists[i], weight = Math.log(1 + (n - x.df + 0.5) / (x.df + 0.5)); // idf
        if (drivers.indexOf(x) < 0) verify |= x.w.bit;
        for (var j = 0, id; j < l.ids.length; j++) {
          if (hits[id = l.ids[j]] === all) { title[id] += l.imp[j] >= 16; score[id] += weight * (l.imp[j] & 15); }
        }
      });
      var keys = new Float64Array(ids.length);
      for (j = 0; j < ids.length; j++) {
        if (hits[id = ids[j]] === all) keys[count++] = (title[id] * 1e8 + Math.round(score[id] * 1e4)) * ID + (ID - 1 - id);
      }
      var one = drivers[0], head = all === 1 && one.partial && !(full && one.completable); // counted from df
      // cut: more records lie beyond the candidates (a head counted short of its df, or a big list not loaded whole)
      return {seg: seg, keys: keys.subarray(0, count).sort(), at: count - 1, verify: verify,
              estimate: head ? Math.max(count, one.df) : count, exact: !head || one.exact,
              cut: (head && one.df > count) || drivers.some(function (x) { return x.big && !(full && x.completable); })};
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
      var eng = AS.text.isEnglish(f.l || ""), paragraphs = Array.isArray(f.p) ? f.p : [], words = q.words, found = 0;
      function read(t) { return analyse(String(t || ""), eng, words); }
      var head = [f.t, f.m].concat(Array.isArray(f.n) ? f.n : []).map(read);
      var body = paragraphs.map(function (p) { return read(p[1]); }), every = head.concat(body);
      every.forEach(function (a) { found |= a.all; });
      if ((found & c.s.verify) !== c.s.verify || !q.phrases.every(function (ph) {
        return every.some(function (a) { return hasPhrase(a, ph, words); });
      })) return null;
      var url = root + f.u, page = root + f.u.split("#")[0];
      var order = body.map(function (a, i) { return i; }).filter(function (i) { return body[i].all; });
      order.sort(function (a, b) { return bits(body[b].all) - bits(body[a].all) || a - b; });
      function link(i) { return paragraphs[i][0] ? page + "#" + paragraphs[i][0] : url; }
      var snippets = order.length ? order.slice(0, 3).map(function (i) { return snippet(body[i], link(i), true); })
        : body.length ? [snippet(body[0], link(0), false)] : [];
      var named = [f.t].concat(Array.isArray(f.n) ? f.n : []).some(function (t) { // the query is its name
        return AS.text.tokens(String(t || "")).join(" ") === words.map(function (w) { return w.tok; }).join(" ");
      });
      var r = {id: c.id, kind: String(f.k || ""), title: head[0].text, url: url, meta: head[1].text, snippets: snippets};
      return Object.defineProperty(r, "named", {value: named}); // not the reader's to see
    }
    // Pull candidates in rank order until the page is full. Verifying may drop many: one call drops
    // at most REJECTS, and stops after SPEND ms once the page has a result (the next call goes on).
    function fill(state, need, first, budget, until) {
      var wanted = need - state.accepted.length, batch = [], size = state.verify ? Math.min(50, Math.max(10, 2 * wanted)) : wanted;
      var some = state.accepted.length > first; // the page has a result: the budgets apply
      if (state.segs.every(function (s) { return s.at < 0; })) { state.done = true; return Promise.resolve(); }
      if (wanted <= 0 || (some && (budget <= 0 || Date.now() > until)) || Date.now() > until + UNTIL_NONE) {
        return Promise.resolve();
      }
      for (var c; batch.length < size && (c = next(state));) {
        if (!state.seen[c.id]) { state.seen[c.id] = true; batch.push(c); } // (a query set up again: not checked twice)
      }
      return Promise.all(batch.map(function (c) {
        return load("r/" + Math.floor(c.id / 1000) + "/" + c.id + ".js");
      })).then(function (fragments) {
        fragments.forEach(function (f, i) {
          var r = result(f, batch[i], state.q);
          state.checked++;
          if (r) state.accepted.push(r); else { budget -= state.accepted.length > first; state.skipped += !state.verify; }
        });
        return fill(state, need, first, budget, until);
      });
    }
    function total(state) { // counted, or estimated from the share of checked candidates that matched
      var est = 0, cands = 0, exact = true, got = state.accepted.length;
      state.segs.forEach(function (s) { est += s.estimate; cands += s.keys.length; exact = exact && s.exact; });
      if (!state.verify) return {total: est - state.skipped, exact: exact};
      var rest = Math.max(0, (state.done ? est - cands : est - state.checked) * (state.checked ? got / state.checked : 1));
      return {total: Math.round(got + rest), exact: exact && state.done && est === cands};
    }

    function beyond(state) { // every candidate taken, but they were a word's best HEAD records and more of it lie beyond
      return state.done && state.need <= HEAD && state.segs.some(function (s) { return s.cut; });
    }

    function search(query, options) {
      query = String(query == null ? "" : query), options = options || {};
      var offset = Math.max(0, options.offset | 0), need = offset + Math.max(0, options.limit == null ? 10 : options.limit | 0);
      return open().then(function (r) {
        var q = parse(query);
        if (!q.words.length) return {query: query, total: 0, exact: true, results: []};
        var again = last && last.query === query, past = again && beyond(last) && last.accepted.length < need;
        if (again && !past && (need <= HEAD || last.need > HEAD)) return page(last);
        // Set up again with the whole lists (a page past HEAD, or past a word's best records), once
        // the last call on the query is done: the results shown kept first (the whole lists may
        // rank them otherwise, and another segment's best records come after), none checked again.
        var setup = again ? Math.max(need, HEAD + 1) : need, before = again ? last : null;
        return (before ? before.chain : Promise.resolve()).then(function () {
          return Promise.all(r.segments.map(function (seg) { return evaluate(seg, q, setup); }));
        }).then(function (segs) {
          var seen = {};
          if (before) for (var id in before.seen) seen[id] = true;
          segs = segs.filter(Boolean);
          var verify = q.phrases.length > 0 || segs.some(function (s) { return s.verify; });
          return page(last = {query: query, need: setup, q: q, segs: segs, verify: verify, done: false,
                              seen: seen, skipped: before ? before.skipped : 0,
                              accepted: before ? before.accepted.slice() : [], checked: before ? before.checked : 0,
                              chain: Promise.resolve()});
        });
      });
      function page(state) { // one call at a time pulls from a query's candidates
        var run = state.chain.then(function () { return fill(state, need, offset, REJECTS, Date.now() + SPEND); });
        state.chain = run.catch(function () { if (last === state) last = null; });
        return run.then(function () {
          if (last === state && beyond(state) && state.accepted.length < need) return search(query, options); // (now, not on the next call)
          var t = total(state), results = state.accepted.slice(offset, need);
          if (offset === 0) { // what the query names leads the first page
            results = results.filter(function (r) { return r.named; }).concat(results.filter(function (r) { return !r.named; }));
          }
          return {query: query, total: t.total, exact: t.exact, results: results,
                  more: !state.done || state.accepted.length > need || beyond(state)};
        });
      }
    }
    return {open: function () { return open().then(function () {}); }, search: search};
  };
})();
