/* Display only: the preview card of entity links (a.archive-entity[data-entity], made by
   builder/emit/links.py). The card shows the entity's name, type, the first sentence of its
   description and how many documents name it, loaded from entity-cards/<id>.js (a classic
   script calling archiveEntityCard, so it loads from file:// too) when first needed.

   - Mouse: the card shows on hover and stays while the pointer is on the link or the card.
   - Touch: the first tap shows the card, a second tap on the same link follows it; a tap
     elsewhere closes it.
   - Keyboard: the card shows while the link has focus; Escape closes it.
   The card sits below the line holding the link (above it when there is no room below), so
   it never covers the line being read. Every text is set with textContent. Without
   JavaScript the links keep their title (the browser's tooltip, and archive.css's card on
   focus). */
(function () {
  "use strict";
  var CARD_ID = "archive-entity-card";
  var own = document.currentScript && document.currentScript.src;
  var root = own && /assets\/javascripts\/entities\.js(?:[?#].*)?$/.test(own)
    ? own.replace(/assets\/javascripts\/entities\.js(?:[?#].*)?$/, "") : null;
  var cards = new Map(), waiting = new Map();  /* by entity id: Maps, as an id may be "constructor" */
  var card = null, fields = {}, current = null, pinned = false, showTimer = 0, hideTimer = 0, lastPointer = "";

  function siteRoot() {
    if (root !== null) return root;
    var config = document.getElementById("__config");
    try {
      var base = JSON.parse(config.textContent).base || ".";
      return base.replace(/\/?$/, "/");
    } catch (e) {
      return "./";
    }
  }

  window.archiveEntityCard = function (id, data) {
    if (typeof id !== "string" || !data || typeof data !== "object") return;
    cards.set(id, data);
    var done = waiting.get(id) || [];
    waiting.delete(id);
    done.forEach(function (callback) { callback(data); });
  };

  function load(id, callback) {
    if (cards.has(id)) { callback(cards.get(id)); return; }
    if (waiting.has(id)) { waiting.get(id).push(callback); return; }
    waiting.set(id, [callback]);
    var script = document.createElement("script");
    script.src = siteRoot() + "entity-cards/" + encodeURIComponent(id) + ".js";
    script.async = true;
    script.onerror = function () {
      var done = waiting.get(id) || [];
      waiting.delete(id);
      cards.set(id, null);
      done.forEach(function (callback) { callback(null); });
    };
    document.head.appendChild(script);
  }

  function linkOf(node) {
    var link = node && node.closest ? node.closest("a.archive-entity[data-entity]") : null;
    return link && link.getAttribute("href") ? link : null;
  }

  function make() {
    card = document.createElement("div");
    card.className = "archive-card";
    card.id = CARD_ID;
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    ["type", "name", "summary", "count", "hint"].forEach(function (name) {
      var p = document.createElement("p");
      p.className = "archive-card-" + name;
      card.appendChild(p);
      fields[name] = p;
    });
    document.body.appendChild(card);
  }

  function setText(name, text) {
    fields[name].textContent = text || "";
    fields[name].hidden = !text;
  }

  function fill(link, data) {
    /* Until the card's file is read (or if it cannot be), what the link's own title said. */
    var title = link.getAttribute("data-title") || "";
    var colon = title.indexOf(": ");
    setText("type", data ? data.type : (colon >= 0 ? title.slice(0, colon) : title));
    setText("name", data ? data.name : link.textContent);
    setText("summary", data ? data.summary : (colon >= 0 ? title.slice(colon + 2) : ""));
    setText("count", data ? data.count : "");
    setText("hint", pinned ? "Tap the link again to open its page." : "");
  }

  function place(link) {
    var rects = link.getClientRects();
    if (!rects.length) { hide(); return; }
    var first = rects[0], last = rects[rects.length - 1];
    var style = window.getComputedStyle(link.parentElement || link);
    var line = parseFloat(style.lineHeight);
    if (!(line > 0)) line = last.height * 1.5;
    var gap = Math.max(0, (line - last.height) / 2) + 4;
    card.style.left = "0px";
    card.style.top = "0px";
    card.hidden = false;
    var width = card.offsetWidth, height = card.offsetHeight;
    var viewWidth = document.documentElement.clientWidth, viewHeight = window.innerHeight;
    var below = last.bottom + gap, above = first.top - gap - height;
    var useBelow = below + height <= viewHeight || above < 0;
    var top = useBelow ? below : above;
    var left = Math.max(8, Math.min((useBelow ? last : first).left, viewWidth - width - 8));
    card.style.left = Math.round(left + window.scrollX) + "px";
    card.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(link, pin) {
    window.clearTimeout(showTimer);
    window.clearTimeout(hideTimer);
    if (!card) make();
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    pinned = pin;
    var id = link.getAttribute("data-entity");
    var known = cards.has(id);
    fill(link, known ? cards.get(id) : null);
    place(link);
    link.setAttribute("aria-describedby", CARD_ID);
    if (!known) {
      load(id, function (data) {
        if (current === link && !card.hidden) { fill(link, data); place(link); }
      });
    }
  }

  function hide() {
    window.clearTimeout(showTimer);
    window.clearTimeout(hideTimer);
    if (card) card.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    pinned = false;
  }

  function onCard(node) {
    return card && node && card.contains(node);
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
    if (card && !card.hidden && !onCard(event.target) && linkOf(event.target) !== current) hide();
  }, true);
  document.addEventListener("keydown", function (event) {
    lastPointer = "keyboard";
    if (event.key === "Escape" && card && !card.hidden) hide();
  }, true);

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;
    var link = linkOf(event.target);
    if (link) {
      window.clearTimeout(hideTimer);
      if (link !== current) {
        window.clearTimeout(showTimer);
        showTimer = window.setTimeout(function () { show(link, false); }, 120);
      }
    } else if (onCard(event.target)) {
      window.clearTimeout(hideTimer);
    }
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") return;
    var from = linkOf(event.target) || (onCard(event.target) ? card : null);
    if (!from) return;
    var to = event.relatedTarget;
    if (to && (from.contains(to) || onCard(to) || (current && current.contains(to)))) return;
    window.clearTimeout(showTimer);
    if (!pinned && current && document.activeElement !== current) {
      hideTimer = window.setTimeout(hide, 300);
    }
  });

  document.addEventListener("focusin", function (event) {
    var link = linkOf(event.target);
    if (link && link !== current) show(link, false);
    else if (!link && current && !onCard(event.target)) hide();
  });
  document.addEventListener("focusout", function (event) {
    var link = linkOf(event.target);
    if (link && link === current && !pinned && !(event.relatedTarget && onCard(event.relatedTarget))) {
      hideTimer = window.setTimeout(function () { if (document.activeElement !== link) hide(); }, 0);
    }
  });

  /* Touch: the first tap on a link shows its card; the second (card still open) follows it. */
  document.addEventListener("click", function (event) {
    var link = linkOf(event.target);
    if (!link || lastPointer !== "touch") return;
    if (current === link && pinned && card && !card.hidden) return;
    event.preventDefault();
    show(link, true);
  });

  window.addEventListener("resize", function () { if (card && !card.hidden && current) place(current); });

  function init() {
    /* The card replaces the browser's tooltip: one description, not two. */
    document.querySelectorAll("a.archive-entity[data-entity][title]").forEach(function (link) {
      link.setAttribute("data-title", link.getAttribute("title"));
      link.removeAttribute("title");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
