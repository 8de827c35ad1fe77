/* kg view, when it draws only part of the graph (kg/view_limit.py): Find also lists the entities not
 * drawn (KG.undrawn: by type, [short IRI, degree, names...]), after the drawn ones of the same match, and
 * choosing one shows its names, type and IRI with how to draw it. Runs after view.js and takes over the
 * search box's input and keys (view.js keeps blur, kgView.search and kgView.focusNode).
 * Text from the data is only ever inserted with textContent. */
"use strict";
(function () {
  const MAX = 12;
  const $ = (id) => document.getElementById(id);
  const {el, fold, matchRank} = kgView;  // view.js's, so both lists fold and rank names alike
  const drawnCount = KG.nodes.length;
  // [id, type, degree, names, drawn]: the drawn entities first, then the undrawn best first
  const entries = KG.nodes.map((n, i) => {
    const info = KG.nodeInfo[i];
    const names = [...new Set([info.en, info.zh, info.py, ...info.aliases].filter(Boolean))];
    return [n.id, n.group, info.degree, names.length ? names : [n.id.split("/").pop()], true];
  });
  for (const [type, list] of Object.entries(KG.undrawn)) {
    for (const [id, degree, ...names] of list) entries.push([id, type, degree, names, false]);
  }
  const UNDRAWN = new Map(entries.filter((e) => !e[4]).map((e) => [e[0], e]));
  let keys = null;
  let results = [];
  let active = 0;

  /* Ranked as view.js ranks: exact names, then prefixes, then substrings; drawn before undrawn; then by
     degree and name. Each result is [id, drawn]. */
  function searchAll(query) {
    const q = fold(query);
    if (!q) return [];
    if (keys === null) keys = entries.map((e) => e[3].map(fold));
    const found = [];
    entries.forEach((e, i) => {
      const best = matchRank(keys[i], q);
      if (best < 3) found.push([best, e[4] ? 0 : 1, -e[2], e[3][0], e[0], e[4]]);
    });
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0) ||
      (a[4] < b[4] ? -1 : 1));
    return found.map((f) => [f[4], f[5]]);
  }
  function showUndrawn(id) {
    const e = UNDRAWN.get(id);
    if (!e) return false;
    const [, type, degree, names] = e;
    const box = el("div", "info");
    box.append(el("div", "name", names[0]));
    if (names.length > 1) box.append(el("div", "aliases", "Also: " + names.slice(1).join("; ")));
    const links = `${degree} connection${degree === 1 ? "" : "s"}`;
    box.append(el("div", "meta", `${KG.types[type].label} · ${links} · not drawn`));
    box.append(el("p", null, `This view draws ${drawnCount} of ${drawnCount + UNDRAWN.size} entities. ` +
      "To draw this one and its neighbours:"));
    box.append(el("code", null, `kg view ${KG.source} --focus ${id}`));
    box.append(el("div", "iri", id));
    kgView.unhighlight();
    network.unselectAll();
    $("details-body").replaceChildren(box);
    $("details").hidden = false;
    return true;
  }
  function choose(result) {
    $("search-results").hidden = true;
    if (result[1]) kgView.focusNode(result[0]);
    else showUndrawn(result[0]);
  }
  function renderResults() {
    const list = $("search-results");
    const items = results.slice(0, MAX).map((r, i) => {
      const e = r[1] ? entries.find((x) => x[0] === r[0]) : UNDRAWN.get(r[0]);
      const li = el("li", i === active ? "active" : "", e[3][0]);
      const sub = [...e[3].slice(1, 3), KG.types[e[1]].label];
      if (!r[1]) sub.push("not drawn");
      li.append(el("span", "sub", sub.join(" · ")));
      li.setAttribute("role", "option");
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(r); });
      return li;
    });
    if (!items.length && $("search").value.trim()) items.push(el("li", "empty", "No match"));
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
  }
  // Capture on the document runs before view.js's listeners on the box, which then never see the event.
  document.addEventListener("input", (ev) => {
    if (ev.target.id !== "search") return;
    ev.stopPropagation();
    results = searchAll($("search").value);
    active = 0;
    renderResults();
  }, true);
  document.addEventListener("keydown", (ev) => {
    if (ev.target.id !== "search" || !["ArrowDown", "ArrowUp", "Enter"].includes(ev.key)) return;
    ev.stopPropagation();
    if (ev.key === "Enter") {
      results = searchAll($("search").value);
      if (results.length) choose(results[Math.min(active, results.length - 1)]);
      return;
    }
    active = Math.max(0, Math.min(Math.min(results.length, MAX) - 1, active + (ev.key === "ArrowDown" ? 1 : -1)));
    renderResults();
    ev.preventDefault();
  }, true);
  kgView.searchAll = searchAll;
  kgView.showUndrawn = showUndrawn;
})();
