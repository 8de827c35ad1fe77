/* kg view: the vis-network graph plus search, filters, neighbourhood highlight, tooltips and details.
 * Globals as in pyvis's page: network, nodes, edges (vis DataSets). Text from the data is only ever
 * inserted with textContent or new Option(), never parsed as HTML. */
"use strict";
var kgTimings = {start: performance.now()};
var KG = JSON.parse(document.getElementById("kg-data").textContent);
var nodes = new vis.DataSet(KG.nodes);
var edges = new vis.DataSet(KG.edges);
var network = null;
kgTimings.parsed = performance.now();

(function () {
  const VEIL = "rgba(255, 255, 255, 0.86)";
  const TIP_ARTICLES = 4;
  const TIP_TEXT = 220;
  const ARTS = KG.articles;
  const TYPES = KG.types;
  // Vis items stay lean (the DataSets copy items on every update); the rest sits beside them.
  const NODE = new Map(KG.nodes.map((n, i) => [n.id, Object.assign({}, KG.nodeInfo[i], n)]));
  for (const n of NODE.values()) n.name = n.en || n.zh || n.py || n.id.split("/").pop();
  const EDGE = new Map(KG.edges.map((e, i) => [e.id, Object.assign({}, KG.edgeInfo[i], e)]));
  const YEARS = [...new Set(ARTS.map((a) => a.year).filter((y) => y !== null))].sort((a, b) => a - b);
  const $ = (id) => document.getElementById(id);
  const hidden = {nodes: new Set(), edges: new Set()};
  let highlighted = null;
  let searchKeys = null;
  let results = [];
  let active = 0;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function fold(s) {
    return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[\s\-'\u2019\u00b7.]/g, "");
  }
  function nameOf(id) {
    const n = NODE.get(id);
    return n ? n.name : String(id);
  }
  function clip(s, max) {
    return max && s.length > max ? s.slice(0, max - 1) + "…" : s;
  }
  function artTitle(i) {
    const a = ARTS[i];
    return [a.en, a.zh].filter(Boolean).join(" / ") || a.curie;
  }
  function articleItem(i, sentence, max) {
    const li = el("li");
    li.append(el("span", "date", ARTS[i].date || "undated"), document.createTextNode(artTitle(i)));
    if (sentence) li.append(el("q", null, clip(sentence, max)));
    return li;
  }

  /* ---- tooltips and details: built from the data with textContent only ---- */
  function sentencesOf(id) {
    const byArt = new Map();
    for (const eid of network.getConnectedEdges(id)) {
      for (const [i, text] of EDGE.get(eid).ev) {
        if (i >= 0 && text && !byArt.has(i)) byArt.set(i, text);
      }
    }
    return byArt;
  }
  function nodeInfo(id, full) {
    const n = NODE.get(id);
    const box = el("div", "info");
    const name = el("div", "name", n.en || n.zh || n.py || n.curie);
    if (n.en && n.zh) name.append(el("span", "zh", n.zh));
    box.append(name);
    if (n.py) box.append(el("div", "pinyin", n.py));
    const meta = el("div", "meta");
    const swatch = el("span", "swatch");
    swatch.style.background = TYPES[n.group].colour;
    const links = `${n.degree} connection${n.degree === 1 ? "" : "s"}`;
    meta.append(swatch, document.createTextNode(`${TYPES[n.group].label} · ${links}`));
    box.append(meta);
    if (n.aliases.length) box.append(el("div", "aliases", "Also: " + n.aliases.join("; ")));
    if (n.posts.length) {  // the person's timeline: posts by the first date attesting them (issue 14)
      const dated = n.posts.some((p) => p[2] || p[3]);
      box.append(el("h3", null, dated ? "Timeline" : "Posts"));
      const ul = el("ul", dated ? "timeline" : null);
      const order = [...n.posts].sort((a, b) => (a[2] || a[3] || "9").localeCompare(b[2] || b[3] || "9"));
      for (const [title, body, from, to] of order) {
        const when = from && to && from !== to ? `${from} – ${to}` : (from || (to ? `until ${to}` : ""));
        const what = body ? `${title} — ${nameOf(body)}` : title;
        ul.append(el("li", null, when ? `${when}  ${what}` : what));
      }
      box.append(ul);
    }
    if (n.arts.length) {
      box.append(el("h3", null, `Articles (${n.arts.length})`));
      const said = sentencesOf(id);
      const ul = el("ul");
      const shown = full ? n.arts : n.arts.slice(0, TIP_ARTICLES);
      for (const i of shown) ul.append(articleItem(i, said.get(i), full ? 0 : TIP_TEXT));
      if (shown.length < n.arts.length) ul.append(el("li", "more", `… ${n.arts.length - shown.length} more (click)`));
      box.append(ul);
    }
    box.append(el("div", "iri", n.curie === n.id ? n.id : `${n.curie}  ${n.id}`));
    return box;
  }
  function edgeInfo(id, full) {
    const e = EDGE.get(id);
    const box = el("div", "info");
    box.append(el("div", "name", `${nameOf(e.from)} → ${nameOf(e.to)}`));
    const what = e.rel === "holds" ? `holds the post “${e.label}”` : e.rel;
    box.append(el("div", "meta", `Relation: ${what}`));
    if (e.rel === "withinDivision") box.append(el("div", "meta", "From the gazetteer of administrative divisions."));
    if (e.rel === "broader") box.append(el("div", "meta", "From the policy-mechanism scheme (skos:broader)."));
    if (e.ev.length) {
      box.append(el("h3", null, `Evidence (${e.ev.length})`));
      const ul = el("ul");
      const shown = full ? e.ev : e.ev.slice(0, 3);
      for (const [i, text] of shown) {
        if (i >= 0) ul.append(articleItem(i, text, full ? 0 : TIP_TEXT));
        else ul.append(el("li", null, clip(text, full ? 0 : TIP_TEXT)));
      }
      if (shown.length < e.ev.length) ul.append(el("li", "more", `… ${e.ev.length - shown.length} more (click)`));
      box.append(ul);
    }
    return box;
  }
  function showTip(content, pointer) {
    const tip = $("tooltip");
    tip.replaceChildren(content);
    tip.hidden = false;
    const box = $("mynetwork").getBoundingClientRect();
    const x = Math.min(pointer.x + 14, box.width - tip.offsetWidth - 8);
    const y = pointer.y + 14 + tip.offsetHeight > box.height ? pointer.y - tip.offsetHeight - 10 : pointer.y + 14;
    tip.style.left = Math.max(4, x) + "px";
    tip.style.top = Math.max(4, y) + "px";
  }
  function hideTip() {
    $("tooltip").hidden = true;
  }
  function showDetails(content) {
    $("details-body").replaceChildren(content);
    $("details").hidden = false;
  }
  function hideDetails() {
    $("details").hidden = true;
  }

  /* ---- neighbourhood highlight: veil the drawing, then draw the neighbourhood again on top.
   * O(neighbourhood) per frame whatever the graph size, where updating every item's colour through the
   * DataSets takes seconds at 20,000 nodes. Uses vis-network 9's body.nodes/edges draw methods. ---- */
  let keepNodes = [], keepEdges = [];
  function drawHighlight(ctx) {
    if (highlighted === null) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = VEIL;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    const body = network.body, labels = [];
    for (const id of keepEdges) {
      const e = body.edges[id];
      if (e && e.connected && !e.options.hidden && !e.from.options.hidden && !e.to.options.hidden) {
        e.draw(ctx);
        e.drawArrows(ctx);
      }
    }
    for (const id of keepNodes) {
      const n = body.nodes[id];
      if (n && !n.options.hidden) {
        const drawn = n.draw(ctx);
        if (drawn && drawn.drawExternalLabel) labels.push(drawn.drawExternalLabel);
      }
    }
    for (const draw of labels) draw();
  }
  function highlight(id) {
    keepNodes = [id, ...network.getConnectedNodes(id)];
    keepEdges = network.getConnectedEdges(id);
    highlighted = id;
    network.body.emitter.emit("_requestRedraw");  // one frame for highlight + select + focus
  }
  function unhighlight() {
    if (highlighted === null) return;
    highlighted = null;
    keepNodes = [];
    keepEdges = [];
    network.body.emitter.emit("_requestRedraw");
  }

  /* ---- filters: entity type (legend), article, year range ---- */
  function typeBoxes() {
    return [...document.querySelectorAll("#legend input[data-type]")];
  }
  function applyFilters() {
    const on = new Set(typeBoxes().filter((c) => c.checked).map((c) => c.dataset.type));
    const art = $("article").value === "" ? -1 : Number($("article").value);
    let y0 = Number($("year-from").value), y1 = Number($("year-to").value);
    if (y0 > y1) [y0, y1] = [y1, y0];
    const years = YEARS.length > 0 && (y0 !== YEARS[0] || y1 !== YEARS[YEARS.length - 1]);
    const inScope = (arts) => (art < 0 || arts.includes(art)) &&
      (!years || arts.some((i) => ARTS[i].year !== null && ARTS[i].year >= y0 && ARTS[i].year <= y1));
    const nodeUpdates = [], edgeUpdates = [];
    for (const n of NODE.values()) {
      const hide = !(on.has(n.group) && inScope(n.arts));
      if (hide !== hidden.nodes.has(n.id)) {
        hide ? hidden.nodes.add(n.id) : hidden.nodes.delete(n.id);
        nodeUpdates.push({id: n.id, hidden: hide});
      }
    }
    for (const e of EDGE.values()) {
      const hide = hidden.nodes.has(e.from) || hidden.nodes.has(e.to) || (e.arts.length > 0 && !inScope(e.arts));
      if (hide !== hidden.edges.has(e.id)) {
        hide ? hidden.edges.add(e.id) : hidden.edges.delete(e.id);
        edgeUpdates.push({id: e.id, hidden: hide});
      }
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    if (highlighted !== null && hidden.nodes.has(highlighted)) unhighlight();
    const shownNodes = KG.nodes.length - hidden.nodes.size, shownEdges = KG.edges.length - hidden.edges.size;
    $("status").textContent = hidden.nodes.size || hidden.edges.size
      ? `Showing ${shownNodes} of ${KG.nodes.length} entities, ${shownEdges} of ${KG.edges.length} relations.` : "";
  }
  function clearFilters() {
    for (const box of typeBoxes()) box.checked = true;
    $("article").value = "";
    if (YEARS.length) {
      $("year-from").value = String(YEARS[0]);
      $("year-to").value = String(YEARS[YEARS.length - 1]);
    }
    applyFilters();
  }
  function fillSelects() {
    const counts = new Map();
    for (const n of NODE.values()) for (const i of n.arts) counts.set(i, (counts.get(i) || 0) + 1);
    ARTS.forEach((a, i) => {
      const text = `${a.date || "undated"} · ${clip(artTitle(i), 60)} (${counts.get(i) || 0})`;
      $("article").append(new Option(text, String(i)));
    });
    for (const id of ["year-from", "year-to"]) {
      for (const y of YEARS) $(id).append(new Option(String(y), String(y)));
      $(id).disabled = YEARS.length === 0;
    }
    if (YEARS.length) $("year-to").value = String(YEARS[YEARS.length - 1]);
  }

  /* ---- node labels on the canvas: English, Chinese or both (kg.viz.node_label does the same) ---- */
  function labelFor(n, lang) {
    if (lang === "zh") return n.zh || n.name;
    if (lang === "both") return [...new Set([n.zh, n.en || n.py].filter(Boolean))].join("\n") || n.name;
    return n.name;
  }
  function setLabelLang(lang) {
    if (!["en", "zh", "both"].includes(lang)) return false;
    $("label-lang").value = lang;
    nodes.update([...NODE.values()].map((n) => ({id: n.id, label: labelFor(n, lang)})));
    return true;
  }

  /* ---- labels that would overprint: each frame, best-connected first, a label whose box meets one
     already placed is not drawn (as large-graph viewers do); zooming in gives room to more of them.
     Labels below the draw threshold (small nodes at a far zoom) are not drawn by vis-network at all. ---- */
  const culled = new Set();
  const LABEL_ORDER = [...NODE.values()].sort((a, b) => b.degree - a.degree || (a.id < b.id ? -1 : 1))
    .map((n) => n.id);
  const CELL = 120;  // px: grid cell for the box lookups
  function textWidth(line) {
    let w = 0;
    for (const ch of line) w += ch.codePointAt(0) >= 0x2e80 ? 1.05 : 0.6;
    return w;
  }
  function cullLabels() {
    culled.clear();
    const scale = network.getScale();
    const least = KG.options.nodes.scaling.label.drawThreshold - 1;
    const most = KG.options.nodes.scaling.label.maxVisible;
    const canvas = network.canvas.frame.canvas;
    const tl = network.DOMtoCanvas({x: 0, y: 0});
    const br = network.DOMtoCanvas({x: canvas.clientWidth, y: canvas.clientHeight});
    const grid = new Map();
    for (const id of LABEL_ORDER) {
      const n = network.body.nodes[id];
      if (!n || n.options.hidden || !n.options.label) continue;
      const font = Math.min(n.labelModule.fontOptions.size * scale, most);  // screen px
      if (font < least) continue;
      const lines = String(n.options.label).split("\n");
      // The label hangs below the shape: a box from the node's centre to below the text, a little wide.
      const w = Math.max(...lines.map(textWidth)) * font + 8;
      const h = n.options.size * scale + (lines.length + 1) * font * 1.25;
      const x = (n.x - tl.x) * scale - w / 2;
      const y = (n.y - tl.y) * scale;
      if (x > (br.x - tl.x) * scale || y > (br.y - tl.y) * scale || x + w < 0 || y + h < 0) continue;
      const cells = [];
      let free = true;
      for (let cx = Math.floor(x / CELL); cx <= Math.floor((x + w) / CELL); cx++) {
        for (let cy = Math.floor(y / CELL); cy <= Math.floor((y + h) / CELL); cy++) {
          const key = cx + "," + cy;
          cells.push(key);
          for (const b of grid.get(key) || []) {
            if (x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h) free = false;
          }
        }
      }
      if (!free) {
        culled.add(id);
        continue;
      }
      for (const key of cells) {
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push([x, y, w, h]);
      }
    }
  }
  function guardLabels() {
    for (const id of network.body.nodeIndices) {
      const label = network.body.nodes[id].labelModule;
      if (label.kgGuarded) continue;
      const draw = label.draw;
      label.draw = function (...args) {
        if (!culled.has(id)) draw.apply(this, args);
      };
      label.kgGuarded = true;
    }
  }

  /* ---- search: English, Chinese, pinyin or alias; substring, case- and diacritic-insensitive ---- */
  /* How well folded names ``keys`` match the folded query ``q``: 0 a name is it, 1 a name starts with it,
     2 a name contains it, 3 no match. */
  function matchRank(keys, q) {
    let best = 3;
    for (const k of keys) {
      const at = k.indexOf(q);
      if (at >= 0) best = Math.min(best, k === q ? 0 : at === 0 ? 1 : 2);
    }
    return best;
  }
  function search(query) {
    const q = fold(query);
    if (!q) return [];
    if (searchKeys === null) {
      searchKeys = [...NODE.values()].map((n) => [n.id, [n.en, n.zh, n.py, ...n.aliases].filter(Boolean).map(fold)]);
    }
    const found = [];
    for (const [id, keys] of searchKeys) {
      const best = matchRank(keys, q);
      if (best < 3) found.push([best, -NODE.get(id).degree, NODE.get(id).name, id]);
    }
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) ||
      (a[3] < b[3] ? -1 : 1));
    return found.map((f) => f[3]);
  }
  function focusNode(id) {
    if (!NODE.has(id)) return false;
    if (hidden.nodes.has(id)) clearFilters();
    network.selectNodes([id]);
    highlight(id);
    // vis animates frame by frame: with thousands of nodes each frame is slow, so jump instead
    const animation = KG.big ? false : {duration: 350, easingFunction: "easeInOutQuad"};
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: animation});
    showDetails(nodeInfo(id, true));
    return true;
  }
  function renderResults() {
    const list = $("search-results");
    const items = results.slice(0, 12).map((id, i) => {
      const n = NODE.get(id);
      const li = el("li", i === active ? "active" : "", n.name);
      const other = [n.zh && n.zh !== n.name ? n.zh : "", n.py && n.py !== n.name ? n.py : ""].filter(Boolean);
      li.append(el("span", "sub", [...other, TYPES[n.group].label].join(" · ")));
      li.setAttribute("role", "option");
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(id); });
      return li;
    });
    if (!items.length && $("search").value.trim()) items.push(el("li", "empty", "No match"));
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
  }
  function choose(id) {
    $("search-results").hidden = true;
    focusNode(id);
  }
  $("search").addEventListener("input", () => {
    results = search($("search").value);
    active = 0;
    renderResults();
  });
  $("search").addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      active = Math.max(0, Math.min(Math.min(results.length, 12) - 1, active + (ev.key === "ArrowDown" ? 1 : -1)));
      renderResults();
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      results = search($("search").value);
      if (results.length) choose(results[Math.min(active, results.length - 1)]);
    } else if (ev.key === "Escape") {
      $("search-results").hidden = true;
    }
  });
  $("search").addEventListener("blur", () => { $("search-results").hidden = true; });

  /* ---- wiring ---- */
  fillSelects();
  kgTimings.controls = performance.now();
  const container = $("mynetwork");
  const options = KG.options;
  options.nodes.scaling.customScalingFunction = (min, max, total, value) =>
    max === min ? 0.35 : Math.sqrt((value - min) / (max - min));
  network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  kgTimings.network = performance.now();
  network.once("afterDrawing", () => {
    kgTimings.drawn = performance.now();
    document.body.dataset.ready = "true";
  });
  guardLabels();
  network.on("beforeDrawing", cullLabels);
  network.on("afterDrawing", drawHighlight);
  network.on("hoverNode", (p) => showTip(nodeInfo(p.node, false), p.pointer.DOM));
  network.on("hoverEdge", (p) => showTip(edgeInfo(p.edge, false), p.pointer.DOM));
  for (const name of ["blurNode", "blurEdge", "dragStart", "zoom"]) network.on(name, hideTip);
  network.on("click", (p) => {
    hideTip();
    if (p.nodes.length) {
      highlight(p.nodes[0]);
      showDetails(nodeInfo(p.nodes[0], true));
    } else if (p.edges.length) {
      unhighlight();
      showDetails(edgeInfo(p.edges[0], true));
    } else {
      unhighlight();
      hideDetails();
    }
  });
  for (const box of typeBoxes()) box.addEventListener("change", applyFilters);
  for (const id of ["article", "year-from", "year-to"]) $(id).addEventListener("change", applyFilters);
  $("physics").addEventListener("change", () => network.setOptions({physics: {enabled: $("physics").checked}}));
  $("fit").addEventListener("click", () => network.fit({animation: {duration: 300}}));
  $("reset").addEventListener("click", () => {
    $("search").value = "";
    clearFilters();
    unhighlight();
    network.unselectAll();
    hideDetails();
    network.fit();
  });
  $("details-close").addEventListener("click", hideDetails);
  $("label-lang").value = KG.labelLang;
  $("label-lang").addEventListener("change", () => setLabelLang($("label-lang").value));
  window.kgView = {el: el, fold: fold, matchRank: matchRank, search: search, focusNode: focusNode, highlight: highlight, unhighlight: unhighlight,
                   highlighted: () => highlighted, neighbourhood: () => keepNodes.slice(),
                   applyFilters: applyFilters, clearFilters: clearFilters, setLabelLang: setLabelLang,
                   labelFor: (id, lang) => labelFor(NODE.get(id), lang),
                   culledLabels: () => [...culled].sort()};
  if (KG.focus && NODE.has(KG.focus)) {
    network.selectNodes([KG.focus]);
    showDetails(nodeInfo(KG.focus, true));
  }
})();
