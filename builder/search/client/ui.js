/* The archive's search box and its results: ArchiveSearch.mount(element) wires the header partial
 * builder/bridge/templates/partials/search.html (Material's CSS classes, none of Material's search
 * JavaScript). Every [data-archive-search-index] is mounted once the page is read.
 *
 * - The engine (engine.js, ArchiveSearch.createEngine) is made and opened on the first focus or
 *   key, so a page that is only read costs nothing.
 * - Material's `#__search` checkbox opens and closes the search: Material's CSS shows the
 *   overlay, the results and, at phone width, the full-screen search from it.
 * - Keys: `/` or `s` (not while typing) focus the box; arrows move through the result links;
 *   Enter in the box opens the first result; Escape closes and gives focus back.
 * - Everything a result shows comes from the sources: it is put in with textContent only, and
 *   a link is made only of a relative URL (never `javascript:` or any other scheme).
 */
(function () {
  "use strict";

  var api = window.ArchiveSearch = window.ArchiveSearch || {};
  var PAGE = 10;
  var MAX_SNIPPETS = 3;
  var KINDS = {document: "Document", entity: "Entity", topic: "Topic", annotation: "Annotation", page: "Page"};
  var SCHEME = /^[\u0000-\u0020]*[a-z][a-z0-9+.\-]*:/i;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* The href a URL from the engine may become, or null: relative, and on this site. */
  function safeHref(url) {
    if (typeof url !== "string" || !url) return null;
    var bare = url.replace(/[\t\n\r]/g, "");  // what the browser itself leaves out of a URL
    if (SCHEME.test(bare) || /^[\u0000-\u0020]*[\/\\]{2}/.test(bare)) return null;
    var resolved;
    try { resolved = new URL(bare, document.baseURI); } catch (error) { return null; }
    if (resolved.protocol !== location.protocol || resolved.host !== location.host) return null;
    return bare;
  }

  /* A result's link, or a plain block when the URL is not one a link may have. */
  function link(url, className) {
    var href = safeHref(url);
    var node = element(href ? "a" : "div", className);
    if (href) node.setAttribute("href", href);
    return node;
  }

  function typing(target) {
    return !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function resultItem(result) {
    var item = element("li", "md-search-result__item archive-search__item");
    var kind = Object.prototype.hasOwnProperty.call(KINDS, result.kind) ? result.kind : "other";
    var article = item.appendChild(link(result.url, "md-search-result__link"))
      .appendChild(element("div", "md-search-result__article md-typeset"));
    var title = element("div", "archive-search__title");
    title.append(element("span", "archive-search__kind archive-search__kind--" + kind, KINDS[kind] || "Result"),
                 element("span", "archive-search__name", String(result.title || "")));
    article.append(element("div", "md-search-result__icon md-icon"), title);
    if (result.meta) article.appendChild(element("div", "archive-search__meta", String(result.meta)));
    (result.snippets || []).slice(0, MAX_SNIPPETS).forEach(function (snippet) {
      var text = item.appendChild(link(snippet.url, "md-search-result__link archive-search__snippet-link"))
        .appendChild(element("div", "md-search-result__article md-typeset"))
        .appendChild(element("p", "archive-search__snippet"));
      (snippet.parts || []).forEach(function (part) {
        var words = String(part.text || "");
        text.appendChild(part.hit ? element("mark", "", words) : document.createTextNode(words));
      });
    });
    return item;
  }

  api.mount = function (root) {
    if (root.hasAttribute("data-archive-search-mounted")) return;
    root.setAttribute("data-archive-search-mounted", "");
    var form = root.querySelector(".md-search__form");
    var input = root.querySelector(".md-search__input");
    var output = root.querySelector(".md-search__output");
    var scrollwrap = root.querySelector(".md-search__scrollwrap");
    var status = root.querySelector(".md-search-result__meta");
    var list = root.querySelector(".md-search-result__list");
    var more = root.querySelector(".archive-search__more");
    var toggle = document.getElementById("__search");
    var words = {
      empty: root.getAttribute("data-archive-search-empty") || "Type to start searching",
      none: root.getAttribute("data-archive-search-none") || "No matching documents",
      loading: root.getAttribute("data-archive-search-loading") || "Initializing search",
      failed: "Search could not be loaded",
      notYet: "Nothing found yet: press More results to look further"
    };
    var engine = null, ready = null, loaded = false;  // the engine; its open(), once asked for; and done
    var seq = 0;            // the newest query; answers to older ones are dropped
    var shown = {query: "", count: 0, more: false, loading: 0, answered: 0};
    var firstWanted = 0;    // Enter was pressed in the box before query `firstWanted` was answered
    var returnFocus = null;

    function opened() {
      if (!ready) {
        try {
          engine = api.createEngine({index: root.getAttribute("data-archive-search-index"),
                                     root: root.getAttribute("data-archive-search-root")});
          ready = Promise.resolve(engine.open());
        } catch (error) {
          ready = Promise.reject(error);
        }
        ready.then(function () { loaded = true; }, function () {});
      }
      return ready;
    }

    function isOpen() { return toggle ? toggle.checked : input.getAttribute("aria-expanded") === "true"; }

    /* Closed, the results are out of sight, of the Tab order and of the accessibility tree. */
    function reflect(value) {
      input.setAttribute("aria-expanded", String(value));
      output.inert = !value;
    }

    function setOpen(value) {
      // A click, not .checked: Material listens for the change (its scroll lock at phone width).
      if (toggle && toggle.checked !== value) toggle.click();
      reflect(value);
    }

    function open() {
      opened();
      setOpen(true);
      if (input.value !== shown.query) run();
    }

    function close(giveBack) {
      setOpen(false);
      var back = returnFocus;
      returnFocus = null;
      if (giveBack && back && back.isConnected && back !== document.body && !root.contains(back)) back.focus();
      else if (root.contains(document.activeElement)) document.activeElement.blur();
    }

    function stops() {
      var all = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a[href]")));
      if (!more.hidden) all.push(more);
      return all;
    }

    function failed(error) {
      status.textContent = words.failed;
      if (window.console) console.error("archive search:", error);
    }

    function count(answer) {
      var total = Number(answer.total) || 0;
      if (!total) return answer.more && shown.count === 0 ? words.notYet : words.none;
      var number = total.toLocaleString(document.documentElement.lang || undefined);
      var text = number + (total === 1 ? " result" : " results");
      return answer.exact === false ? "About " + text : text;
    }

    function show(answer, append) {
      var results = answer.results || [];
      var first = null;
      if (!append) {  // a new query: from the top
        list.textContent = "";
        scrollwrap.scrollTop = 0;
        shown.count = 0;
      }
      results.forEach(function (result) {
        var item = resultItem(result);
        first = first || item;
        list.appendChild(item);
      });
      shown.count += results.length;
      shown.more = !!answer.more;  // the engine says whether there may be more
      more.hidden = !shown.more;
      status.textContent = count(answer);
      return first;
    }

    function search(query, offset) {
      return opened().then(function () { return engine.search(query, {offset: offset, limit: PAGE}); });
    }

    function run() {
      var query = input.value;
      var mine = ++seq;
      shown.query = query;
      shown.loading = 0;
      if (!query.trim()) {
        show({total: 0, results: []}, false);
        status.textContent = words.empty;
        return;
      }
      if (!loaded) status.textContent = words.loading;
      search(query, 0).then(function (answer) {
        if (mine !== seq) return;
        show(answer, false);
        list.setAttribute("data-query", query);  // what the list answers (for tests and benchmarks)
        shown.answered = mine;
        if (firstWanted === mine) openFirst();
      }, function (error) { if (mine === seq) failed(error); });
    }

    /* The next results, when the "More results" button is pressed or scrolled into view; if it
     * has the focus then, the focus goes on to the first new result. */
    function loadMore() {
      if (!shown.more || shown.loading === seq) return;
      var mine = shown.loading = seq;
      search(shown.query, shown.count).then(function (answer) {
        if (mine !== seq) return;
        shown.loading = 0;
        var focused = document.activeElement === more;  // before show() may hide the button
        var first = show(answer, true);
        var target = first && first.querySelector("a[href]");
        if (target && focused) target.focus();
      }, function (error) { if (mine === seq) failed(error); });
    }

    function openFirst() {
      firstWanted = 0;
      var first = list.querySelector("a[href]");
      if (first) first.click();
    }

    function followed(event) {
      var target = event.target.closest ? event.target.closest("a[href]") : null;
      if (!target || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      var samePage = target.pathname === location.pathname && target.search === location.search && target.hash;
      var locked = document.body.hasAttribute("data-md-scrolllock");
      close(false);
      if (!samePage || !locked) return;
      // At phone width Material locks the page while the search is open and, 100 ms after it
      // closes, scrolls back to where the reader was: go to the paragraph once that is done.
      event.preventDefault();
      window.setTimeout(function () {
        if (location.hash !== target.hash) { location.hash = target.hash; return; }
        var paragraph = document.getElementById(decodeURIComponent(target.hash.slice(1)));
        if (paragraph) paragraph.scrollIntoView();
      }, 250);
    }

    reflect(isOpen());
    input.addEventListener("focus", open);
    input.addEventListener("click", open);
    input.addEventListener("input", function () { firstWanted = 0; run(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(function () { run(); input.focus(); }, 0); });
    list.addEventListener("click", followed);
    more.addEventListener("click", loadMore);
    if (toggle) {
      toggle.addEventListener("change", function () {
        reflect(toggle.checked);
        if (toggle.checked && !root.contains(document.activeElement)) input.focus();
      });
    }
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) loadMore();
      }, {root: scrollwrap, rootMargin: "0px 0px 120px 0px"}).observe(more);
    }

    root.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !root.contains(event.relatedTarget)) setOpen(false);
    });
    root.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      var all = stops();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var next = all[Math.max(0, Math.min(all.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))];
        event.preventDefault();
        if (next && next !== document.activeElement) next.focus();
      } else if (event.key === "Enter" && event.target === input) {
        event.preventDefault();
        if (shown.answered === seq) openFirst(); else firstWanted = seq;
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.key === "Escape" && (isOpen() || root.contains(document.activeElement))) {
        event.preventDefault();
        close(true);
        return;
      }
      if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target) || typing(document.activeElement)) return;
      event.preventDefault();
      returnFocus = document.activeElement;
      input.focus();
      input.select();
    });
  };

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-archive-search-index]"), api.mount);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
