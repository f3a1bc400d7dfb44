/* Display only. Filters the annotations table by kind and author. Without JavaScript the
   form stays hidden and the full table is shown. */
(function () {
  function setUp(form) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var kind = form.elements.kind.value, author = form.elements.author.value, shown = 0;
      rows.forEach(function (row) {
        var ok = (!kind || row.getAttribute("data-kind") === kind) &&
                 (!author || row.getAttribute("data-author") === author);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      form.elements.count.value = shown + " of " + rows.length + " shown";
    }
    form.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }
  function init() {
    document.querySelectorAll("form[data-filter-table]").forEach(setUp);
    /* Material's search dialog has no accessible name of its own. */
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search the archive");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
