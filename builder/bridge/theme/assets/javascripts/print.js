/* Display only: the page's address at the foot of the printed page (print.css shows it in
   print alone). It is the page's published address (its canonical link, when the archive has a
   site_url), else the address it was opened from. Set as text, never as HTML. Without this
   script the printout has no address line; where the archive has a site_url, the citation
   printed above it carries the address too. */
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
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
