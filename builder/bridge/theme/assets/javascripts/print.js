/* Display only: the page's address at the foot of the printed page (print.css shows it in
   print alone). It is the page's published address (its canonical link, when the archive has a
   site_url), else the address it was opened from. Set as text, never as HTML. Without this
   script the printout has no address line; where the archive has a site_url, the citation
   printed above it carries the address too.
   While printing, a closed citation box is opened (print.css opens it where the browser knows
   ::details-content), and closed again after. */
(function () {
  "use strict";

  function init() {
    var article = document.querySelector("article.md-content__inner");
    if (!article || article.querySelector(".archive-print-url")) return;
    var canonical = document.querySelector("link[rel='canonical']");
    var line = document.createElement("p");
    line.className = "archive-print-url";
    line.textContent = "This page: " + (canonical && canonical.href ? canonical.href : window.location.href);
    article.appendChild(line);
    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = Array.prototype.filter.call(document.querySelectorAll("details.archive-cite"), function (box) {
        return !box.open;
      });
      opened.forEach(function (box) { box.open = true; });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (box) { box.open = false; });
      opened = [];
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
