// Search page: reads the query from the URL, calls /search, and renders results as DOM nodes.
// Every piece of text from the server goes in through textContent, so document text can never become markup.
"use strict";

(() => {
  const PAGE_SIZE = 10;
  const MATCHES = ["all", "any"];
  const DISPLAYS = ["original", "hans", "hant"];
  const SCRIPT_LABELS = { hans: "简体", hant: "繁體", mixed: "简繁混合", latin: "Latin" };
  const SCRIPT_LANGS = { hans: "zh-Hans", hant: "zh-Hant", mixed: "zh", latin: "en" };
  const VIA_LABELS = {
    exact: "exact",
    script: "other script",
    regional: "regional term",
    substring: "part of word",
    synonym: "synonym",
  };

  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const statusLine = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const list = document.getElementById("result-list");
  const pager = document.getElementById("pager");
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  const pageInfo = document.getElementById("page-info");
  const results = document.getElementById("results");

  let inFlight = null;
  let shown = null; // the state whose results are on screen, for paging

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function stateFromUrl() {
    const params = new URLSearchParams(window.location.search);
    const match = params.get("match");
    const display = params.get("display");
    const offset = Number.parseInt(params.get("offset") || "0", 10);
    return {
      q: params.get("q") || "",
      match: MATCHES.includes(match) ? match : "all",
      display: DISPLAYS.includes(display) ? display : "original",
      offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
    };
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.match !== "all") params.set("match", state.match);
    if (state.display !== "original") params.set("display", state.display);
    if (state.offset > 0) params.set("offset", String(state.offset));
    const query = params.toString();
    return query ? `/?${query}` : "/";
  }

  function stateFromForm(offset) {
    const data = new FormData(form);
    return {
      q: String(data.get("q") || "").trim(),
      match: String(data.get("match") || "all"),
      display: String(data.get("display") || "original"),
      offset,
    };
  }

  function showState(state) {
    input.value = state.q;
    form.elements.namedItem(`match-${state.match}`).checked = true;
    form.elements.namedItem(`display-${state.display}`).checked = true;
    document.title = state.q ? `${state.q} — 同文 Tongwen` : "同文 Tongwen — search";
  }

  // Blank lines inside a passage come from paragraph breaks; one line break reads better in a result list.
  function tidy(text) {
    return text.replace(/\n[ \t\u3000]*\n+/g, "\n");
  }

  // Highlight spans are code-point offsets; JavaScript strings index UTF-16 units, so split by code point.
  function markedText(text, spans) {
    const chars = Array.from(text);
    const ordered = (spans || [])
      .map(([s, e]) => [Math.max(0, s), Math.min(chars.length, e)])
      .filter(([s, e]) => s < e)
      .sort((a, b) => a[0] - b[0]);
    const nodes = [];
    let at = 0;
    for (const [s, e] of ordered) {
      const start = Math.max(s, at);
      if (start >= e) continue; // overlaps a span already marked
      if (start > at) nodes.push(document.createTextNode(tidy(chars.slice(at, start).join(""))));
      nodes.push(el("mark", "", chars.slice(start, e).join("")));
      at = e;
    }
    if (at < chars.length) nodes.push(document.createTextNode(tidy(chars.slice(at).join(""))));
    return nodes;
  }

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

  function renderResult(result, state) {
    const item = el("li", "result");
    const article = el("article");
    const head = el("header", "result-head");
    const title = el("h2", "result-title", result.title || result.doc_id);
    title.lang = SCRIPT_LANGS[result.script] || "zh";
    head.append(title);

    const meta = el("p", "result-meta");
    meta.append(el("span", `badge badge-${result.script}`, SCRIPT_LABELS[result.script] || result.script));
    meta.append(el("code", "doc-id", result.doc_id));
    head.append(meta);
    article.append(head);

    const matches = renderMatches(result.matches);
    if (matches) article.append(matches);

    const passageLang = state.display === "original" ? SCRIPT_LANGS[result.script] || "zh" : SCRIPT_LANGS[state.display];
    for (const passage of result.passages || []) {
      const block = el("div", "passage");
      if (passage.section) block.append(el("p", "section", passage.section));
      const text = el("p", "passage-text");
      text.lang = passageLang;
      text.append(...markedText(passage.text, passage.highlights));
      block.append(text);
      article.append(block);
    }
    item.append(article);
    return item;
  }

  function clearResults() {
    list.replaceChildren();
    errorBox.hidden = true;
    errorBox.replaceChildren();
    pager.hidden = true;
    statusLine.textContent = "";
  }

  function showError(message, code) {
    clearResults();
    errorBox.append(el("strong", "", "Search failed: "), document.createTextNode(message));
    if (code) errorBox.append(" ", el("code", "error-code", code));
    errorBox.hidden = false;
  }

  function renderPage(body, state) {
    clearResults();
    const total = body.total;
    const limit = body.limit || PAGE_SIZE;
    if (total === 0 || body.results.length === 0) {
      const none = el("div", "empty");
      none.append(el("p", "empty-title", `No results for “${state.q}”.`));
      const hint = state.match === "all" && /\s/.test(state.q)
        ? "Try “Any term”, or fewer words."
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
      prev.disabled = body.offset <= 0;
      next.disabled = body.offset + limit >= total;
      pager.hidden = false;
    }
  }

  async function run(state) {
    if (inFlight) inFlight.abort();
    if (!state.q) {
      clearResults();
      shown = null;
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    const params = new URLSearchParams({
      q: state.q,
      match: state.match,
      display: state.display,
      limit: String(PAGE_SIZE),
      offset: String(state.offset),
    });
    results.setAttribute("aria-busy", "true");
    statusLine.textContent = "Searching…";
    try {
      const response = await fetch(`/search?${params}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      let body = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      if (!response.ok) {
        const error = body && body.error ? body.error : null;
        showError(error ? error.message : `The server answered ${response.status}.`, error ? error.code : "");
        shown = null;
        return;
      }
      shown = state;
      renderPage(body, state);
    } catch (err) {
      if (err.name === "AbortError") return;
      showError("The server could not be reached.", "");
      shown = null;
    } finally {
      if (inFlight === controller) {
        inFlight = null;
        results.setAttribute("aria-busy", "false");
      }
    }
  }

  function go(state) {
    const url = urlFor(state);
    if (url !== window.location.pathname + window.location.search) window.history.pushState(null, "", url);
    showState(state);
    run(state);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(stateFromForm(0));
  });

  // Switching match changes the result set, so start from the first page; switching script keeps the page.
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.type !== "radio") return;
    const state = stateFromForm(target.name === "display" && shown ? shown.offset : 0);
    if (state.q) go(state);
  });

  function turnPage(direction) {
    if (!shown) return;
    const offset = Math.max(0, shown.offset + direction * PAGE_SIZE);
    go({ ...shown, offset });
    results.scrollIntoView({ block: "start" });
    statusLine.focus({ preventScroll: true });
  }

  prev.addEventListener("click", () => turnPage(-1));
  next.addEventListener("click", () => turnPage(1));

  window.addEventListener("popstate", () => {
    const state = stateFromUrl();
    showState(state);
    run(state);
  });

  const initial = stateFromUrl();
  showState(initial);
  if (initial.q) run(initial);
  else input.focus();
})();
