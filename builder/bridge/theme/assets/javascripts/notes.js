/* Display only: what a document page and the annotations index do in the reader's browser.
   Every page works without it: the notes follow their paragraphs, the citation formats are
   shown as text, the annotations list is whole.

   - Margin notes: on a screen at least 1200 px wide, with room beside the text, each editor's
     note moves into the margin beside the passage it is on (the first highlighted piece),
     pushed down only as far as the note above it needs. Narrower, in print and without this
     script, each note stays after its paragraph. A note and its passage light up together.
   - "Copy link" on each paragraph (shown on hover and keyboard focus): copies the paragraph's
     address (page#p12); where the clipboard is not allowed, the address bar shows it.
   - The cite box: "Accessed <today>" (the reader's date: the page is the same for everyone),
     added to the plain citation and to each format; Copy and Download for each.
   - The annotations index: its filter by kind and author.

   Text from the page is only ever set as text (textContent, data), never as HTML. */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  var WIDE = "screen and (min-width: 1200px)";
  var NOTE_ROOM = 240;  /* px beside the text a note needs, at least */
  var GAP = 12;  /* px between two notes in the margin */

  function two(n) { return (n < 10 ? "0" : "") + n; }

  /* --- margin notes -------------------------------------------------------------------------- */

  function marginNotes(body) {
    var notes = Array.prototype.slice.call(body.querySelectorAll(":scope > aside.archive-note[data-note]"));
    if (!notes.length) return;
    var wide = window.matchMedia ? window.matchMedia(WIDE) : null;
    var pending = false;

    function passageOf(note) {
      return body.querySelector('mark.archive-annotated[data-note="' + note.getAttribute("data-note") + '"]');
    }

    function place() {
      pending = false;
      var text = body.querySelector(":scope > p");
      body.classList.remove("archive-body--margin");
      var room = text ? body.clientWidth - text.getBoundingClientRect().width : 0;
      if (!wide || !wide.matches || room < NOTE_ROOM) {
        body.style.removeProperty("--archive-notes-end");
        return;
      }
      body.classList.add("archive-body--margin");  /* the notes leave the flow: the passages move */
      var top = body.getBoundingClientRect().top, end = 0;
      notes.forEach(function (note) {
        var passage = passageOf(note);
        var at = passage ? passage.getBoundingClientRect().top - top : end;
        at = Math.max(Math.round(at), end);
        note.style.setProperty("--archive-note-top", at + "px");
        end = at + note.getBoundingClientRect().height + GAP;
      });
      body.style.setProperty("--archive-notes-end", end + "px");
    }

    function later() {
      if (!pending) { pending = true; window.requestAnimationFrame(place); }
    }

    notes.forEach(function (note) {
      var number = note.getAttribute("data-note");
      var marks = body.querySelectorAll('mark.archive-annotated[data-note="' + number + '"], ' +
                                        'sup.archive-note-ref a[data-note="' + number + '"]');
      function light(on) {
        note.classList.toggle("archive-note--lit", on);
        Array.prototype.forEach.call(marks, function (m) { m.classList.toggle("archive-annotated--lit", on); });
      }
      [note].concat(Array.prototype.slice.call(marks)).forEach(function (el) {
        el.addEventListener("mouseenter", function () { light(true); });
        el.addEventListener("mouseleave", function () { light(false); });
        el.addEventListener("focusin", function () { light(true); });
        el.addEventListener("focusout", function () { light(false); });
      });
    });
    place();
    window.addEventListener("resize", later);
    window.addEventListener("load", later);
    if (wide && wide.addEventListener) wide.addEventListener("change", later);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(later);
    /* Before printing, the notes go back after their paragraphs (the print style has no margin). */
    window.addEventListener("beforeprint", function () { body.classList.remove("archive-body--margin"); });
    window.addEventListener("afterprint", later);
  }

  /* --- copy link ------------------------------------------------------------------------------- */

  function status() {
    var live = document.getElementById("archive-status");
    if (!live) {
      live = document.createElement("p");
      live.id = "archive-status";
      live.className = "archive-visually-hidden";
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    return live;
  }

  function say(control, label, message) {
    control.setAttribute("data-label", label);
    status().textContent = message;
    window.setTimeout(function () { control.setAttribute("data-label", control.getAttribute("data-rest")); }, 2000);
  }

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
    return Promise.reject(new Error("no clipboard"));
  }

  function copyLinks(body) {
    /* Every paragraph of the text: in a quotation (blockquote > p) and a line read as a heading
       (h2) too; not the notes' own. */
    body.querySelectorAll(".archive-p[id], .archive-caption[id]").forEach(function (p) {
      if (!/^p[0-9]+$/.test(p.id) || p.closest("aside.archive-note")) return;
      var n = p.id.replace(/^p/, "");
      var a = document.createElement("a");
      a.className = "archive-copy-link";
      a.href = "#" + p.id;
      a.setAttribute("aria-label", "Copy link to paragraph " + n);
      a.setAttribute("data-label", "Copy link");
      a.setAttribute("data-rest", "Copy link");
      a.addEventListener("click", function (event) {
        event.preventDefault();
        var url = location.href.split("#")[0] + "#" + p.id;
        copyText(url).then(function () {
          say(a, "Link copied", "Link to paragraph " + n + " copied");
        }, function () {
          history.replaceState(null, "", "#" + p.id);  /* the address bar holds the link */
          say(a, "Link in the address bar", "The address bar shows the link to paragraph " + n);
        });
      });
      p.appendChild(a);
    });
  }

  /* --- the cite box ---------------------------------------------------------------------------- */

  var ACCESSED = {
    "bibtex": function (text, d) { return text.replace(/\n\}$/, "\n  urldate = {" + d.iso + "},\n}"); },
    "ris": function (text, d) { return text.replace(/\nER {2}- ?$/, "\nY2  - " + d.ris + "\nER  - "); },
    "csl-json": function (text, d) {
      return text.replace(/\n {2}\}\n\]$/, ',\n    "accessed": {"date-parts": [[' + d.y + ", " + d.m + ", " + d.d + "]]}\n  }\n]");
    }
  };
  var TYPES = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems", "json": "application/vnd.citationstyles.csl+json"};

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "archive-cite-button";
    b.textContent = label;
    b.setAttribute("data-rest", label);
    b.addEventListener("click", function () { action(b); });
    return b;
  }

  function done(b, label) {
    b.textContent = label;
    status().textContent = label;
    window.setTimeout(function () { b.textContent = b.getAttribute("data-rest"); }, 2000);
  }

  function tools() {
    var div = document.createElement("div");
    div.className = "archive-cite-tools";
    return div;
  }

  function citeBox(box) {
    var now = new Date();
    var d = {y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate()};
    d.iso = d.y + "-" + two(d.m) + "-" + two(d.d);
    d.ris = d.y + "/" + two(d.m) + "/" + two(d.d) + "/";
    var plain = box.querySelector(".archive-cite-plain");
    if (plain && !plain.querySelector(".archive-cite-accessed")) {
      var accessed = document.createElement("span");
      accessed.className = "archive-cite-accessed";
      accessed.textContent = " Accessed " + d.d + " " + MONTHS[d.m - 1] + " " + d.y + ".";
      plain.appendChild(accessed);
      var plainTools = tools();
      plainTools.appendChild(button("Copy", function (b) {
        copyText(plain.textContent).then(function () { done(b, "Copied"); }, function () { done(b, "Select the text to copy it"); });
      }));
      plain.insertAdjacentElement("afterend", plainTools);
    }
    var key = box.getAttribute("data-cite-key") || "citation";
    box.querySelectorAll(".archive-cite-format[data-format]").forEach(function (format) {
      var code = format.querySelector("pre code");
      var add = ACCESSED[format.getAttribute("data-format")];
      if (!code || !add || format.hasAttribute("data-accessed")) return;
      code.textContent = add(code.textContent, d);
      format.setAttribute("data-accessed", d.iso);
      var extension = format.getAttribute("data-extension");
      var formatTools = tools();
      formatTools.appendChild(button("Copy", function (b) {
        copyText(code.textContent).then(function () { done(b, "Copied"); }, function () { done(b, "Select the text to copy it"); });
      }));
      formatTools.appendChild(button("Download ." + extension, function (b) {
        var blob = new Blob([code.textContent + "\n"], {type: (TYPES[extension] || "text/plain") + ";charset=utf-8"});
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = key + "." + extension;
        document.body.appendChild(link);
        link.click();
        link.remove();
        window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
        done(b, "Downloaded " + key + "." + extension);
      }));
      code.parentNode.insertAdjacentElement("afterend", formatTools);
    });
  }

  /* --- the annotations index's filter -------------------------------------------------------- */

  function filterList(form) {
    var list = document.getElementById(form.getAttribute("data-filter-list"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    function apply() {
      var kind = form.elements.kind.value, author = form.elements.author.value, shown = 0;
      items.forEach(function (item) {
        var ok = (!kind || item.getAttribute("data-kind") === kind) &&
                 (!author || item.getAttribute("data-author") === author);
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      form.elements.count.value = shown + " of " + items.length + " shown";
    }
    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function init() {
    document.querySelectorAll(".archive-body").forEach(function (body) {
      copyLinks(body);
      marginNotes(body);
    });
    document.querySelectorAll("details.archive-cite").forEach(citeBox);
    document.querySelectorAll("form[data-filter-list]").forEach(filterList);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
