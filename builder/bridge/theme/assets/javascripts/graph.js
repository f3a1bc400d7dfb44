/* Display only: the filters of the connections graph (builder/emit/connections_page.py). The
   graph is drawn at build time as SVG; each node is an <a class="archive-graph-node"> with its
   number (data-i, by documents, most first) and type (data-type); each connection a <line>
   with its two nodes (data-a, data-b) and its shared paragraphs (data-w). This script shows
   the form, and on each change gives the class "is-off" (graph.css hides it) to the nodes
   whose type is unticked or whose number is past the count chosen, and to the connections
   below the floor or at a node not shown; then says what is shown, with textContent. Without
   JavaScript the form stays hidden and the graph shows the core the build chose. */
(function () {
  "use strict";

  // "1,200 connections", as the page says it at first (emit.markdown.counted).
  function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }

  function setUp(figure) {
    var form = figure.querySelector("form.archive-graph-filter");
    var svg = figure.querySelector("svg.archive-graph-svg");
    if (!form || !svg) return;
    var controls = form.querySelector(".archive-graph-controls");
    var status = form.querySelector(".archive-graph-status");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=type]"));
    var count = form.querySelector("select[name=count]");
    var weight = form.querySelector("input[name=weight]");
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".archive-graph-node[data-i]"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll("line[data-w]"));
    if (!controls || !status || !count || !weight) return;

    function update() {
      var ticked = {};
      boxes.forEach(function (box) { ticked[box.value] = box.checked; });
      var limit = parseInt(count.value, 10) || 0;
      var floor = Math.max(1, parseInt(weight.value, 10) || 1);
      var shown = [], entities = 0, connections = 0;
      nodes.forEach(function (node) {
        var i = parseInt(node.getAttribute("data-i"), 10);
        var on = i < limit && ticked[node.getAttribute("data-type")] === true;
        node.classList.toggle("is-off", !on);
        shown[i] = on;
        if (on) entities += 1;
      });
      edges.forEach(function (edge) {
        var on = shown[parseInt(edge.getAttribute("data-a"), 10)] === true &&
          shown[parseInt(edge.getAttribute("data-b"), 10)] === true &&
          parseInt(edge.getAttribute("data-w"), 10) >= floor;
        edge.classList.toggle("is-off", !on);
        if (on) connections += 1;
      });
      status.textContent = "Showing " + entities + " of " + nodes.length + " entities and " +
        plural(connections, "connection") + " of at least " + plural(floor, "shared paragraph") + ".";
    }

    boxes.forEach(function (box) { box.disabled = false; });
    controls.hidden = false;
    form.addEventListener("change", update);
    weight.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function init() {
    document.querySelectorAll("figure.archive-graph").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
