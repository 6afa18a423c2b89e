// Search page and document view: read the state from the URL, call the API, render DOM nodes.
// Every piece of text from the server goes in through textContent, so document text can never become markup.
"use strict";

(() => {
  const PAGE_SIZE = 10;
  const MATCHES = ["all", "any"];
  const DISPLAYS = ["original", "hans", "hant"];
  const SORTS = ["relevance", "date", "-date", "revised", "-revised"];
  const FILTERS = ["year", "agency", "type", "status", "script"];
  const FILTER_LABELS = { year: "Year", agency: "Agency", type: "Type", status: "Status", script: "Script" };
  const SCRIPT_LABELS = { hans: "简体", hant: "繁體", mixed: "简繁混合", latin: "Latin" };
  const SCRIPT_LANGS = { hans: "zh-Hans", hant: "zh-Hant", mixed: "zh", latin: "en" };
  const VIA_LABELS = {
    exact: "exact",
    script: "other script",
    regional: "regional term",
    substring: "part of word",
    synonym: "synonym",
    numeral: "numerals",
  };
  // A fragment shows this many characters before the first match of a passage, and this many in all.
  const LEAD = 40;
  const FRAGMENT = 180;
  // Where the page is served: "/" or below a path a proxy gives it ("/tongwen/"); every URL it makes starts here.
  const BASE = window.location.pathname.replace(/read$/, "").replace(/([^/])$/, "$1/");

  const $ = (id) => document.getElementById(id);
  const form = $("search-form");
  const input = $("q");
  const sortSelect = $("sort");
  const searchView = $("search-view");
  const docView = $("doc-view");
  const statusLine = $("status");
  const errorBox = $("error");
  const list = $("result-list");
  const facetsBox = $("facets");
  const chips = $("chips");
  const pager = $("pager");
  const pageInfo = $("page-info");
  const results = $("results");

  let inFlight = null;
  let shown = null; // the search state whose results are on screen, for paging

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- state <-> URL ----------------------------------------------------------------------------------------

  function pick(value, allowed, fallback) {
    return allowed.includes(value) ? value : fallback;
  }

  function stateFromParams(params) {
    const offset = Number.parseInt(params.get("offset") || "0", 10);
    const filters = {};
    for (const key of FILTERS) {
      const value = params.get(key);
      if (value) filters[key] = value;
    }
    return {
      q: params.get("q") || "",
      match: pick(params.get("match"), MATCHES, "all"),
      display: pick(params.get("display"), DISPLAYS, "original"),
      sort: pick(params.get("sort"), SORTS, "relevance"),
      offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
      filters,
    };
  }

  function paramsFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.match !== "all") params.set("match", state.match);
    if (state.display !== "original") params.set("display", state.display);
    if (state.sort !== "relevance") params.set("sort", state.sort);
    for (const key of FILTERS) if (state.filters[key]) params.set(key, state.filters[key]);
    if (state.offset > 0) params.set("offset", String(state.offset));
    return params;
  }

  function urlFor(state) {
    const query = paramsFor(state).toString();
    return query ? `${BASE}?${query}` : BASE;
  }

  function readUrlFor(state, docId, at) {
    const params = paramsFor(state);
    params.set("id", docId);
    if (at !== undefined && at !== null) params.set("at", String(at));
    return `${BASE}read?${params}`;
  }

  function stateFromForm(offset, base) {
    const data = new FormData(form);
    return {
      q: String(data.get("q") || "").trim(),
      match: String(data.get("match") || "all"),
      display: String(data.get("display") || "original"),
      sort: String(data.get("sort") || "relevance"),
      offset,
      filters: base ? { ...base.filters } : {},
    };
  }

  function showState(state) {
    input.value = state.q;
    form.elements.namedItem(`match-${state.match}`).checked = true;
    form.elements.namedItem(`display-${state.display}`).checked = true;
    sortSelect.value = state.sort;
    document.title = state.q ? `${state.q} — 同文 Tongwen` : "同文 Tongwen — search";
  }

  function go(url) {
    if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
    route();
  }

  // --- text with marks --------------------------------------------------------------------------------------

  // Blank lines inside a passage come from paragraph breaks; one line break reads better in a result list.
  function tidy(text) {
    return text.replace(/\n[ \t\u3000]*\n+/g, "\n");
  }

  // Highlight spans are code-point offsets; JavaScript strings index UTF-16 units, so work on code points.
  function markedNodes(chars, spans, from, to, clean) {
    const fix = clean ? tidy : (t) => t;
    const nodes = [];
    let at = from;
    for (const [s, e] of spans) {
      const start = Math.max(s, at, from);
      const end = Math.min(e, to);
      if (start >= end) continue;
      if (start > at) nodes.push(document.createTextNode(fix(chars.slice(at, start).join(""))));
      nodes.push(el("mark", "", chars.slice(start, end).join("")));
      at = end;
    }
    if (at < to) nodes.push(document.createTextNode(fix(chars.slice(at, to).join(""))));
    return nodes;
  }

  function orderedSpans(spans, length) {
    return (spans || [])
      .map(([s, e]) => [Math.max(0, s), Math.min(length, e)])
      .filter(([s, e]) => s < e)
      .sort((a, b) => a[0] - b[0]);
  }

  // --- search view ------------------------------------------------------------------------------------------

  function renderMatches(matches) {
    const seen = new Set();
    const wrap = el("ul", "matches");
    for (const m of matches || []) {
      const key = `${m.query}\u0000${m.matched}\u0000${m.via}`;
      // Only a match that reads differently from the query tells the reader something (中關村 → 中关村).
      if (seen.has(key) || m.via === "exact" || m.matched.toLowerCase() === m.query.toLowerCase()) continue;
      seen.add(key);
      const item = el("li", "match");
      item.append(el("span", "match-query", m.query), " → ", el("span", "match-found", m.matched));
      item.append(el("span", "match-via", VIA_LABELS[m.via] || m.via));
      wrap.append(item);
    }
    return wrap.childElementCount ? wrap : null;
  }

  function renderMeta(result) {
    const meta = el("p", "result-meta");
    meta.append(el("span", `badge badge-${result.script}`, SCRIPT_LABELS[result.script] || result.script));
    const info = result.meta || {};
    for (const [key, cls] of [["agency", "meta-agency"], ["number", "meta-number"], ["date", "meta-date"], ["revised", "meta-date"], ["type", "meta-type"]]) {
      const value = info[key] || (key === "date" ? info.year : null);
      if (value) meta.append(el("span", `meta ${cls}`, key === "revised" ? `revised ${value}` : String(value)));
    }
    meta.append(el("code", "doc-id", result.doc_id));
    return meta;
  }

  // A passage is shown as a fragment around its first match, with a button for the whole passage.
  function renderPassage(passage, state, result) {
    const block = el("div", "passage");
    // The section path ends with the passage's article in a law (第十章 军人违反职责罪 › 第四百三十四条).
    if (passage.section) block.append(el("p", "section", passage.section));
    const chars = Array.from(passage.text);
    const spans = orderedSpans(passage.highlights, chars.length);
    const text = el("p", "passage-text");
    text.lang = state.display === "original" ? SCRIPT_LANGS[result.script] || "zh" : SCRIPT_LANGS[state.display];
    const first = spans.length ? spans[0][0] : 0;
    const from = Math.max(0, Math.min(first - LEAD, chars.length - FRAGMENT));
    const to = Math.min(chars.length, from + FRAGMENT);
    const cut = from > 0 || to < chars.length;
    const fragment = () => {
      const nodes = markedNodes(chars, spans, from, to, true);
      if (from > 0) nodes.unshift(document.createTextNode("…"));
      if (to < chars.length) nodes.push(document.createTextNode("…"));
      return nodes;
    };
    text.append(...fragment());
    block.append(text);
    const actions = el("p", "passage-actions");
    if (cut) {
      const toggle = el("button", "expand", "Whole passage");
      toggle.type = "button";
      toggle.lang = "en";
      toggle.setAttribute("aria-expanded", "false");
      toggle.addEventListener("click", () => {
        const open = toggle.getAttribute("aria-expanded") === "true";
        text.replaceChildren(...(open ? fragment() : markedNodes(chars, spans, 0, chars.length, true)));
        toggle.setAttribute("aria-expanded", String(!open));
        toggle.textContent = open ? "Whole passage" : "Shorter";
      });
      actions.append(toggle);
    }
    const read = el("a", "read-link", "Read in document");
    read.lang = "en";
    read.href = readUrlFor(state, result.doc_id, passage.start);
    actions.append(read);
    block.append(actions);
    return block;
  }

  function renderResult(result, state) {
    const item = el("li", "result");
    const article = el("article");
    const head = el("header", "result-head");
    const title = el("h2", "result-title");
    const link = el("a", "", result.title || result.doc_id);
    link.href = readUrlFor(state, result.doc_id, result.passages.length ? result.passages[0].start : null);
    title.lang = SCRIPT_LANGS[result.script] || "zh";
    title.append(link);
    head.append(title, renderMeta(result));
    article.append(head);
    const matches = renderMatches(result.matches);
    if (matches) article.append(matches);
    for (const passage of result.passages || []) article.append(renderPassage(passage, state, result));
    item.append(article);
    return item;
  }

  function facetLabel(key, value) {
    return key === "script" ? SCRIPT_LABELS[value] || value : value;
  }

  function renderChips(state) {
    chips.replaceChildren();
    for (const key of FILTERS) {
      const value = state.filters[key];
      if (!value) continue;
      const chip = el("li", "chip");
      chip.append(el("span", "chip-key", `${FILTER_LABELS[key]}: `), el("span", "chip-value", facetLabel(key, value)));
      const remove = el("button", "chip-remove", "×");
      remove.type = "button";
      remove.dataset.filter = key;
      remove.setAttribute("aria-label", `Remove filter ${FILTER_LABELS[key]}: ${facetLabel(key, value)}`);
      remove.addEventListener("click", () => {
        const filters = { ...state.filters };
        delete filters[key];
        go(urlFor({ ...state, filters, offset: 0 }));
      });
      chip.append(remove);
      chips.append(chip);
    }
    chips.hidden = chips.childElementCount === 0;
  }

  function renderFacets(facets, state) {
    facetsBox.replaceChildren();
    for (const key of FILTERS) {
      const counts = (facets || {})[key] || {};
      const values = Object.keys(counts);
      if (!values.length) continue;
      if (key === "year") values.sort((a, b) => b.localeCompare(a));
      const group = el("section", "facet");
      group.dataset.facet = key;
      group.append(el("h3", "facet-title", FILTER_LABELS[key]));
      const items = el("ul", "facet-values");
      for (const value of values.slice(0, 12)) {
        const li = el("li");
        const button = el("button", "facet-value");
        button.type = "button";
        button.dataset.value = value;
        const active = state.filters[key] === value;
        button.setAttribute("aria-pressed", String(active));
        button.append(el("span", "facet-name", facetLabel(key, value)), el("span", "facet-count", String(counts[value])));
        button.addEventListener("click", () => {
          const filters = { ...state.filters };
          if (active) delete filters[key];
          else filters[key] = value;
          go(urlFor({ ...state, filters, offset: 0 }));
        });
        li.append(button);
        items.append(li);
      }
      group.append(items);
      facetsBox.append(group);
    }
    facetsBox.hidden = facetsBox.childElementCount === 0;
  }

  function clearResults() {
    list.replaceChildren();
    errorBox.hidden = true;
    errorBox.replaceChildren();
    pager.hidden = true;
    statusLine.textContent = "";
  }

  function showError(box, message, code) {
    box.replaceChildren(el("strong", "", "Failed: "), document.createTextNode(message));
    if (code) box.append(" ", el("code", "error-code", code));
    box.hidden = false;
  }

  function renderPage(body, state) {
    clearResults();
    renderFacets(body.facets, state);
    const total = body.total;
    const limit = body.limit || PAGE_SIZE;
    if (total === 0 || body.results.length === 0) {
      const none = el("div", "empty");
      none.append(el("p", "empty-title", `No results for “${state.q}”.`));
      const filtered = Object.keys(state.filters).length > 0;
      const hint = filtered ? "Remove a filter to see more."
        : state.match === "all" && /\s/.test(state.q) ? "Try “Any term”, or fewer words."
        : state.offset > 0 ? "There are no more results on this page." : "Try another word or the other script.";
      none.append(el("p", "empty-hint", hint));
      const item = el("li", "result result-empty");
      item.append(none);
      list.append(item);
      statusLine.textContent = total > 0 ? `${total} results` : "";
      return;
    }
    const first = body.offset + 1;
    const last = body.offset + body.results.length;
    const count = `${total} result${total === 1 ? "" : "s"}`;
    const range = first === 1 && last === total ? count : `${first}–${last} of ${count}`;
    statusLine.textContent = `${range} · ${Math.round(body.took_ms)} ms`;
    for (const result of body.results) list.append(renderResult(result, state));

    const pages = Math.ceil(total / limit);
    if (pages > 1) {
      pageInfo.textContent = `Page ${Math.floor(body.offset / limit) + 1} of ${pages}`;
      $("prev").disabled = body.offset <= 0;
      $("next").disabled = body.offset + limit >= total;
      pager.hidden = false;
    }
  }

  async function fetchJson(url, controller) {
    const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = body && body.error ? body.error : null;
      const failure = new Error(error ? error.message : `The server answered ${response.status}.`);
      failure.code = error ? error.code : "";
      throw failure;
    }
    return body;
  }

  function begin(region) {
    if (inFlight) inFlight.abort();
    const controller = new AbortController();
    inFlight = controller;
    region.setAttribute("aria-busy", "true");
    return controller;
  }

  function end(region, controller) {
    if (inFlight === controller) {
      inFlight = null;
      region.setAttribute("aria-busy", "false");
    }
  }

  async function runSearch(state) {
    renderChips(state);
    if (!state.q) {
      if (inFlight) inFlight.abort();
      clearResults();
      facetsBox.hidden = true;
      shown = null;
      return;
    }
    const controller = begin(results);
    const params = paramsFor(state);
    params.set("match", state.match);
    params.set("display", state.display);
    params.set("limit", String(PAGE_SIZE));
    params.set("offset", String(state.offset));
    statusLine.textContent = "Searching…";
    try {
      const body = await fetchJson(`${BASE}search?${params}`, controller);
      shown = state;
      renderPage(body, state);
    } catch (err) {
      if (err.name === "AbortError") return;
      clearResults();
      showError(errorBox, err.code !== undefined ? err.message : "The server could not be reached.", err.code);
      shown = null;
    } finally {
      end(results, controller);
    }
  }

  // --- document view ----------------------------------------------------------------------------------------

  let docMarks = [];
  let current = -1;

  function showMatch(index) {
    if (!docMarks.length) return;
    if (current >= 0) docMarks[current].classList.remove("current");
    current = (index + docMarks.length) % docMarks.length;
    const mark = docMarks[current];
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
    $("match-count").textContent = `Match ${current + 1} of ${docMarks.length}`;
  }

  function renderDocument(doc, state, at) {
    const title = $("doc-title");
    title.textContent = doc.title || doc.doc_id;
    title.lang = SCRIPT_LANGS[doc.script] || "zh";
    $("doc-meta").replaceWith(Object.assign(renderMeta(doc), { id: "doc-meta" }));
    document.title = `${doc.title || doc.doc_id} — 同文 Tongwen`;

    const chars = Array.from(doc.text);
    const spans = orderedSpans(doc.highlights, chars.length);
    const body = $("doc-text");
    body.replaceChildren();
    body.lang = state.display === "original" ? SCRIPT_LANGS[doc.script] || "zh" : SCRIPT_LANGS[state.display];
    // Blocks are the document's passages, and whatever lies between them, so the whole text is shown.
    const cuts = [];
    let pos = 0;
    for (const p of doc.passages) {
      if (p.start > pos) cuts.push([pos, p.start, false]);
      cuts.push([p.start, p.end, true]);
      pos = Math.max(pos, p.end);
    }
    if (pos < chars.length) cuts.push([pos, chars.length, false]);
    let target = null;
    for (const [s, e, isPassage] of cuts) {
      // Between two passages there is usually only the paragraph break, which the blocks already show.
      if (!isPassage && !/\S/.test(chars.slice(s, e).join(""))) continue;
      const block = el("div", isPassage ? "doc-passage" : "doc-gap");
      block.dataset.start = String(s);
      block.append(...markedNodes(chars, spans, s, e, false));
      if (isPassage && at !== null && target === null && s <= at && at < Math.max(e, s + 1)) target = block;
      body.append(block);
    }

    const outline = $("outline-list");
    outline.replaceChildren();
    for (const section of doc.sections) {
      const item = el("li", `outline-level-${Math.min(section.level, 4)}`);
      const jump = el("button", "outline-link", section.text);
      jump.type = "button";
      jump.addEventListener("click", () => {
        const blocks = Array.from(body.querySelectorAll(".doc-passage"));
        const block = blocks.filter((b) => Number(b.dataset.start) <= section.start).pop() || blocks[0];
        if (block) block.scrollIntoView({ block: "start" });
      });
      item.append(jump);
      outline.append(item);
    }
    $("outline").hidden = doc.sections.length === 0;

    docMarks = Array.from(body.querySelectorAll("mark"));
    current = -1;
    $("match-nav").hidden = docMarks.length === 0;
    if (target) {
      target.classList.add("target");
      const inside = docMarks.findIndex((m) => target.contains(m));
      if (inside >= 0) showMatch(inside);
      else target.scrollIntoView({ block: "start" });
    } else if (docMarks.length) {
      showMatch(0);
    }
  }

  async function runDocument(params) {
    const state = stateFromParams(params);
    const docId = params.get("id") || "";
    const at = params.has("at") ? Number.parseInt(params.get("at"), 10) : null;
    $("back").href = urlFor(state);
    $("doc-error").hidden = true;
    const controller = begin(docView);
    const query = new URLSearchParams({ match: state.match, display: state.display });
    if (state.q) query.set("q", state.q);
    try {
      const path = docId.split("/").map(encodeURIComponent).join("/");
      const doc = await fetchJson(`${BASE}documents/${path}?${query}`, controller);
      renderDocument(doc, state, Number.isFinite(at) ? at : null);
    } catch (err) {
      if (err.name === "AbortError") return;
      $("doc-text").replaceChildren();
      showError($("doc-error"), err.code !== undefined ? err.message : "The server could not be reached.", err.code);
    } finally {
      end(docView, controller);
    }
  }

  // --- routing and events -----------------------------------------------------------------------------------

  function route() {
    const params = new URLSearchParams(window.location.search);
    const reading = window.location.pathname === `${BASE}read`;
    const state = stateFromParams(params);
    showState(state);
    searchView.hidden = reading;
    docView.hidden = !reading;
    if (reading) runDocument(params);
    else runSearch(state);
    return state;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(urlFor(stateFromForm(0, shown)));
  });

  // Match and sort change the result list, so they start from the first page; the script keeps the page.
  form.addEventListener("change", (event) => {
    const target = event.target;
    const reading = window.location.pathname === `${BASE}read`;
    if (reading) {
      const params = new URLSearchParams(window.location.search);
      const data = new FormData(form);
      for (const key of ["match", "display", "sort"]) params.set(key, String(data.get(key)));
      go(`${BASE}read?${params}`);
      return;
    }
    const keepPage = target.name === "display" && shown;
    const state = stateFromForm(keepPage ? shown.offset : 0, stateFromParams(new URLSearchParams(window.location.search)));
    if (state.q) go(urlFor(state));
  });

  function turnPage(direction) {
    if (!shown) return;
    const offset = Math.max(0, shown.offset + direction * PAGE_SIZE);
    go(urlFor({ ...shown, offset }));
    results.scrollIntoView({ block: "start" });
    statusLine.focus({ preventScroll: true });
  }

  $("prev").addEventListener("click", () => turnPage(-1));
  $("next").addEventListener("click", () => turnPage(1));
  $("prev-match").addEventListener("click", () => showMatch(current - 1));
  $("next-match").addEventListener("click", () => showMatch(current + 1));

  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLElement && event.target.closest("input, select, textarea");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  window.addEventListener("popstate", route);

  const initial = route();
  if (!initial.q && window.location.pathname !== `${BASE}read`) input.focus();
})();
