// kg graph page: filters (date range, contact type, person), a name finder, tooltips listing each
// contact with its source headlines, a monthly timeline of the selected person or pair, and physics
// that stops once the layout is stable. Reads the `nodes`, `edges` and `network` pyvis made; every text
// from articles is put in the page with textContent, never as HTML.
(function () {
  "use strict";
  var allNodes = nodes.get();
  var allEdges = edges.get();
  var byId = {};
  allNodes.forEach(function (n) { byId[n.id] = n; });
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }

  function contactsShown(edge) {
    var from = $("kg-from").value, to = $("kg-to").value;
    var types = {};
    document.querySelectorAll(".kg-type").forEach(function (c) { types[c.value] = c.checked; });
    return edge.contacts.filter(function (c) {
      var d = c.date || "";
      if (!types[c.type]) return false;
      if (from && (!d || d.slice(0, from.length) < from)) return false;
      if (to && (!d || d.slice(0, to.length) > to)) return false;
      return true;
    });
  }

  function edgeTitle(edge, shown) {
    var box = el("div", null, {"class": "kg-tip"});
    box.appendChild(el("b", byId[edge.from].label + " – " + byId[edge.to].label));
    shown.forEach(function (c) {
      var line = el("div", (c.date || "????") + " " + c.type + (c.status === "planned" ? " (planned)" : ""));
      c.sources.forEach(function (s) {
        var url = safeUrl(s.url);
        var a = url ? el("a", s.title || url, {href: url, target: "_blank", rel: "noopener noreferrer"}) : el("span", s.title);
        var item = el("div", null, {"class": "kg-src"});
        item.appendChild(a);
        line.appendChild(item);
      });
      box.appendChild(line);
    });
    return box;
  }
  window.kgEdgeTitle = function (id) { var e = allEdges.find(function (x) { return x.id === id; }); return edgeTitle(e, contactsShown(e)); };

  function apply() {
    var person = $("kg-person").value.trim();
    var degree = {};
    var edgeUpdates = allEdges.map(function (e) {
      var shown = contactsShown(e);
      var touches = !person || byId[e.from].label === person || byId[e.to].label === person;
      var visible = shown.length > 0 && touches;
      if (visible) { degree[e.from] = (degree[e.from] || 0) + shown.length; degree[e.to] = (degree[e.to] || 0) + shown.length; }
      return {id: e.id, hidden: !visible, value: shown.length, title: edgeTitle(e, shown)};
    });
    edges.update(edgeUpdates);
    nodes.update(allNodes.map(function (n) { return {id: n.id, hidden: !degree[n.id], value: degree[n.id] || 1}; }));
    var shownEdges = edgeUpdates.filter(function (u) { return !u.hidden; }).length;
    $("kg-count").textContent = Object.keys(degree).length + " persons, " + shownEdges + " pairs shown";
  }

  function timeline(title, contacts) {
    var box = $("kg-timeline");
    box.textContent = "";
    box.appendChild(el("div", title, {"class": "kg-tl-title"}));
    var months = {};
    contacts.forEach(function (c) { if (c.date && c.date.length >= 7) { var m = c.date.slice(0, 7); months[m] = (months[m] || 0) + 1; } });
    var keys = Object.keys(months).sort();
    if (!keys.length) { box.appendChild(el("div", "no dated contacts")); return; }
    var max = Math.max.apply(null, keys.map(function (k) { return months[k]; }));
    var bars = el("div", null, {"class": "kg-bars"});
    keys.forEach(function (k) {
      var col = el("div", null, {"class": "kg-bar", title: k + ": " + months[k]});
      var fill = el("div", null, {"class": "kg-fill"});
      fill.style.height = Math.round(60 * months[k] / max) + "px";
      col.appendChild(fill);
      col.appendChild(el("div", k, {"class": "kg-month"}));
      bars.appendChild(col);
    });
    box.appendChild(bars);
  }

  network.on("selectNode", function (p) {
    var id = p.nodes[0];
    var cs = [];
    allEdges.forEach(function (e) { if (e.from === id || e.to === id) cs = cs.concat(contactsShown(e)); });
    timeline(byId[id].label + ": contacts per month", cs);
  });
  network.on("selectEdge", function (p) {
    if (p.nodes.length) return;
    var e = allEdges.find(function (x) { return x.id === p.edges[0]; });
    timeline(byId[e.from].label + " – " + byId[e.to].label + ": contacts per month", contactsShown(e));
  });

  var names = allNodes.map(function (n) { return n.label; }).sort();
  var list = $("kg-names");
  names.forEach(function (n) { list.appendChild(el("option", null, {value: n})); });
  $("kg-find").addEventListener("change", function () {
    var n = allNodes.find(function (x) { return x.label === this.value.trim(); }, this);
    if (n) { network.selectNodes([n.id]); network.focus(n.id, {scale: 1.2, animation: true}); network.emit("selectNode", {nodes: [n.id], edges: []}); }
  });
  ["kg-from", "kg-to", "kg-person"].forEach(function (id) { $(id).addEventListener("change", apply); });
  document.querySelectorAll(".kg-type").forEach(function (c) { c.addEventListener("change", apply); });
  $("kg-reset").addEventListener("click", function () {
    $("kg-from").value = ""; $("kg-to").value = ""; $("kg-person").value = "";
    document.querySelectorAll(".kg-type").forEach(function (c) { c.checked = true; });
    apply();
  });

  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    document.body.setAttribute("data-kg-settled", String(Math.round(performance.now())));
  });
  apply();
  document.body.setAttribute("data-kg-ready", "1");
})();
