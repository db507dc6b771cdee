// congkhai search: Pagefind with the Vietnamese normalisation of congkhai/publish/search.py.
// The header box suggests results while typing; the page tim-kiem/ lists them with filters and
// keeps the query in its address (?q=…), so a search can be shared. Nothing is loaded until the
// box is used, and nothing is loaded from outside the site.

const ROOT = new URL("../../", import.meta.url);
const BOX = document.querySelector("[data-ck-search]");
const ENGINE = (BOX && BOX.dataset.engine) || "pagefind";
const MAX_SUGGESTIONS = 6;  // what a phone screen shows below the box
export const PAGE_SIZE = 20;  // results page: how many are listed before "Xem thêm kết quả"
const MIN_CHARS = 2;  // one letter finds too much to help, and would download index chunks for nothing

// Same rule as canonical_tones() in congkhai/publish/search.py: in an open syllable ending in oa, oe or
// uy (not after q), the tone mark goes on the first vowel: "hoà" -> "hòa", "uỷ" -> "ủy".
const OPEN = /(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\p{L}\p{N}_\u0300-\u036f])/gu;

export function canonicalTones(text) {
  return text.normalize("NFD").replace(OPEN, (whole, first, second, tone) =>
    ["oa", "oe", "uy"].includes((first + second).toLowerCase()) ? first + tone + second : whole
  ).normalize("NFC");
}

// Words citizens add around what they look for ("xin giấy phép bưu chính ở đâu"). Every word of a
// query must match, so these are dropped: whole phrases, with or without marks, and single words
// only where they cannot be something else without their marks ("cân", "thẻ", "dấu" stay).
const FILLER_PHRASES = ["thu tuc", "doi voi", "cách làm", "cach lam", "làm sao", "lam sao", "làm thế nào",
  "lam the nao", "như thế nào", "nhu the nao", "ở đâu", "o dau", "bao nhiêu", "bao nhieu", "thế nào", "the nao",
  "cho tôi", "cho toi", "muốn làm", "muon lam", "cần làm", "can lam"];
const FILLER = new Set(["xin", "làm", "cách", "muốn", "cần", "ở", "đâu", "gì", "nào", "hỏi", "tôi", "mình",
  // not in the index either (STOP_WORDS, STOP_PHRASES in congkhai/publish/search.py)
  ..."và của với tại các cho theo trong được về là có những từ này để khi hoặc do bị đã thì mà".split(" "),
  // the same typed without marks, where that cannot be another word (STOP_WORDS_UNMARKED)
  ..."va cac nhung duoc hoac voi".split(" ")]);
const STOP_PHRASES = ["thủ tục", "đối với"];

export function normalizeQuery(text) {
  let query = " " + canonicalTones(text.normalize("NFC")).toLowerCase().replace(/\s+/g, " ") + " ";
  const original = query.trim();
  for (const phrase of [...STOP_PHRASES, ...FILLER_PHRASES]) query = query.split(" " + phrase + " ").join(" ");
  const words = query.split(" ").filter((w) => w && !FILLER.has(w));
  return words.length ? words.join(" ") : original;
}

export function hasMarks(text) {
  return foldText(text) !== text.normalize("NFD");
}

export function foldText(text) {
  // as fold() in congkhai/publish/search.py: đ to d, tone and vowel marks off
  return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

// ------------------------------------------------------------ lunr: one small prebuilt index

const EDGE = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;
let lunrPromise = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

function lunrEngine() {
  if (!lunrPromise) {
    lunrPromise = (async () => {
      if (!window.lunr) await loadScript(new URL("assets/congkhai/lunr.min.js", ROOT).href);
      const lunr = window.lunr;
      // the pipeline function the index was built with (lunr_token in congkhai/publish/search.py); it keeps
      // the "*" that lunr adds for prefix matching, which never reaches the Python side
      const edge = /^[^\p{L}\p{N}_*]+|[^\p{L}\p{N}_*]+$/gu;
      const congkhaiVi = (token) => token.update((text) => text.toLowerCase().replace(edge, ""));
      lunr.Pipeline.registerFunction(congkhaiVi, "congkhaiVi");
      const data = await (await fetch(new URL("search/lunr.json", ROOT))).json();
      return { lunr, index: lunr.Index.load(data.index), docs: data.docs };
    })();
  }
  return lunrPromise;
}

async function lunrQuery(q, filters) {
  const { lunr, index, docs } = await lunrEngine();
  const words = (q || "").split(/[\s\-]+/).map((w) => w.replace(EDGE, "")).filter(Boolean);
  const last = words.length - 1;
  const wildcardFor = (i) => (i === last ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE);
  const attempt = (build) => { try { return index.query(build); } catch (error) { return []; } };
  // every word must match without its marks; a match in the name counts more. Only the last word
  // may be unfinished: it matches as a prefix ("giấy ph" finds "giấy phép").
  const folded = () => attempt((query) => words.forEach((word, i) => {
    query.term(foldText(word), { fields: ["folded"], presence: lunr.Query.presence.REQUIRED, wildcard: wildcardFor(i) });
    query.term(foldText(word), { fields: ["title"], boost: 5, wildcard: wildcardFor(i) });
  }));
  // which records have every word exactly as typed, marks included (matching only: no scores)
  const exactRefs = () => new Set(attempt((query) => words.forEach((word, i) => {
    query.term(word, { fields: ["exact"], presence: lunr.Query.presence.REQUIRED, wildcard: wildcardFor(i) });
  })).map((h) => h.ref));
  let hits;
  if (words.length) {
    const all = folded();
    const exact = exactRefs();
    if (hasMarks(q)) {
      // typed with marks: what matches them exactly comes first ("mã" before "ma"), then the rest
      hits = [...all.filter((h) => exact.has(h.ref)).map((h) => ({ ...h, exact: true })),
              ...all.filter((h) => !exact.has(h.ref)).map((h) => ({ ...h, exact: false }))];
    } else {
      // typed without marks, as most people type on a phone: "chung chi" means "chứng chỉ", so an
      // exact match of the bare words ("ma" for "ma") only counts a little more
      hits = all.map((h) => ({ ...h, exact: exact.has(h.ref), score: h.score * (exact.has(h.ref) ? 1.25 : 1) }))
        .sort((a, b) => b.score - a.score);
    }
  } else {
    hits = docs.map((_, i) => ({ ref: String(i), score: 0, exact: false }));
  }
  const wanted = Object.entries(filters);
  return hits
    .map((hit) => ({ id: hit.ref, score: hit.score, exact: hit.exact, doc: docs[Number(hit.ref)] }))
    .filter((r) => wanted.every(([key, value]) => (r.doc.filters[key] || []).includes(value)))
    .map((r) => ({ id: r.id, score: r.score, data: async () => ({ meta: r.doc, url: r.doc.url, exact: r.exact }) }));
}

// ------------------------------------------------------------ Pagefind: chunked, for large sites

let enginePromise = null;
export function engine() {
  if (!enginePromise) {
    enginePromise = import(new URL("pagefind/pagefind.js", ROOT).href).then(async (pagefind) => {
      await pagefind.init();
      return pagefind;
    });
  }
  return enginePromise;
}

// Searches run one at a time: each may set Pagefind's ranking for its own query first.
let queue = Promise.resolve();
function serial(task) {
  const run = queue.then(task, task);
  queue = run.catch(() => {});
  return run;
}

// How much more a word counts when it matches the query's marks exactly: typed with marks, "mã"
// must rank records with "mã" above those with "ma" or "má", in one search. Typed without marks
// ("chung chi" for "chứng chỉ", as most people type on a phone), Pagefind's default applies: an
// exact match of the bare word counts a little more.
const EXACT_BOOST = 50;
const DEFAULT_BOOST = 0.8;
let boost = DEFAULT_BOOST;

// Whether a record holds every word of the query with its marks, the last one possibly unfinished.
function matchesExactly(words, text) {
  const have = canonicalTones(text.normalize("NFC")).toLowerCase().split(/\s+/).map((w) => w.replace(EDGE, ""));
  return words.every((word, i) => have.some((w) => w === word || (i === words.length - 1 && w.startsWith(word))));
}

// What a result shows comes back as filter values named "_…" (Record.html in congkhai/publish/search.py).
function shown(fragment) {
  return Object.fromEntries(Object.entries(fragment.filters || {})
    .filter(([name]) => name.startsWith("_")).map(([name, values]) => [name.slice(1), values[0]]));
}

async function pagefindQuery(pagefind, q, filters) {
  let words = [];
  let found;
  if (!q) {
    found = await pagefind.search(null, { filters });
  } else {
    const wanted = hasMarks(q) ? EXACT_BOOST : DEFAULT_BOOST;
    if (wanted !== boost) {
      await pagefind.options({ ranking: { diacriticSimilarity: wanted } });
      boost = wanted;
    }
    words = q.split(" ").map((w) => w.replace(EDGE, "")).filter(Boolean);
    found = await pagefind.search(q, { filters });
  }
  return ((found && found.results) || []).map((r) => ({ id: r.id, score: r.score, data: async () => {
    const fragment = await r.data();
    const meta = shown(fragment);
    meta.url = meta.url || "";  // the home page's address is the site root itself
    return { meta, url: meta.url, exact: words.length > 0 && matchesExactly(words, `${meta.title} ${fragment.content}`) };
  } }));
}

async function runQuery(q, filters) {
  if (ENGINE === "lunr") return lunrQuery(q, filters);
  return pagefindQuery(await engine(), q, filters);
}

function* fewerWords(words) {
  // queries with one word fewer, then two, dropping short words first ("o", "dau" in "… o dau")
  const order = words.map((w, i) => i).sort((a, b) => words[a].length - words[b].length || b - a);
  for (const i of order) yield words.filter((_, k) => k !== i);
  for (let x = 0; x < order.length; x++) {
    for (let y = x + 1; y < order.length; y++) yield words.filter((_, k) => k !== order[x] && k !== order[y]);
  }
}

export function search(query, filters = {}) {
  return serial(async () => {
    const q = normalizeQuery(query);
    if (!q && !Object.keys(filters).length) return { total: 0, results: [] };
    let results = await runQuery(q, filters);
    const words = q ? q.split(" ") : [];
    if (!results.length && words.length > 1 && words.length <= 8) {
      for (const fewer of fewerWords(words)) {
        if (!fewer.length) continue;
        results = await runQuery(fewer.join(" "), filters);
        if (results.length) break;
      }
    }
    return { total: results.length, results };
  });
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== "") node.append(child);  // text nodes: always escaped
  }
  return node;
}

function href(data) {
  return new URL(data.meta.url, ROOT).href;  // each record keeps its page's address, from the site root
}

function details(meta) {
  const first = [meta.kind, meta.code, meta.field].filter(Boolean).join(" · ");
  const second = [meta.time && (meta.kind === "Thủ tục hành chính" || meta.kind === "Thủ tục nội bộ") ? "Thời hạn: " + meta.time : null,
                  meta.fee ? "Phí, lệ phí: " + meta.fee : null, meta.phone ? "Điện thoại: " + meta.phone : null,
                  meta.status || null].filter(Boolean).join(" · ");
  return [first, second];
}

// --------------------------------------------------------------------------- header box

// The WAI-ARIA combobox with a listbox: focus stays in the box; the arrow keys choose an option,
// named to screen readers by aria-activedescendant. Each option is itself a link (role=option on
// <a href>, no control inside it): a click or tap opens it, and so does Enter once it is chosen.
// Enter with nothing chosen opens the results page for the words typed.
function headerBox(form) {
  const input = form.querySelector(".ck-search-input");
  const list = form.querySelector(".ck-search-results");
  const none = form.querySelector(".ck-search-none");
  const status = form.querySelector("#ck-search-status");
  const opener = form.querySelector(".ck-search-open");
  let active = -1;  // the option chosen with the arrow keys; -1: none, Enter searches for what is typed
  let timer = null;

  function options() { return Array.from(list.querySelectorAll("[role=option]")); }

  function choose(index) {
    const items = options();
    active = index >= 0 && index < items.length ? index : -1;
    items.forEach((item, i) => item.setAttribute("aria-selected", i === active ? "true" : "false"));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
      list.scrollTop = 0;
    }
  }

  function open() {
    if (!options().length) return false;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    return true;
  }

  function close() {
    list.hidden = true;
    none.hidden = true;
    input.setAttribute("aria-expanded", "false");
    choose(-1);
  }

  // While a search runs, keystrokes only mark the box as changed; when it ends, one search runs
  // for what the box holds then. Fast typing does not queue a search (and index downloads) for
  // every letter, and the results of the whole query come as soon as the engine is free.
  let running = false;
  let changed = false;
  let shownQuery = null;
  async function update() {
    if (running) { changed = true; return; }
    running = true;
    try {
      do {
        changed = false;
        if (input.value !== shownQuery) await show(input.value);
      } while (changed);
    } finally {
      running = false;
    }
  }

  async function show(query) {
    if (normalizeQuery(query).replace(/\s/g, "").length < MIN_CHARS) {
      list.replaceChildren(); close(); status.textContent = ""; shownQuery = query; return;
    }
    const found = await search(query);
    // typed on meanwhile: the next search follows at once, and these results would only flash by
    if (input.value !== query) { changed = true; return; }
    const data = await Promise.all(found.results.slice(0, MAX_SUGGESTIONS).map((r) => r.data()));
    const items = data.map((d, i) => {
      const [first, second] = details(d.meta);
      return el("a", { role: "option", id: "ck-opt-" + i, href: href(d), tabindex: "-1", "aria-selected": "false", class: "ck-result" },
        el("span", { class: "ck-result-title" }, d.meta.title),
        el("span", { class: "ck-result-meta" }, first),
        second ? el("span", { class: "ck-result-meta" }, second) : null);
    });
    const total = found.results.length;
    if (total > MAX_SUGGESTIONS) {
      items.push(el("a", { role: "option", id: "ck-opt-all", href: resultsPage(query), tabindex: "-1", "aria-selected": "false",
        class: "ck-result-all" }, `Xem tất cả ${total} kết quả`));
    }
    list.replaceChildren(...items);
    shownQuery = query;
    close();
    if (total) open(); else none.hidden = false;
    status.textContent = !total ? "Không có kết quả" : total > MAX_SUGGESTIONS
      ? `${total} kết quả, ${MAX_SUGGESTIONS} gợi ý đầu; dùng phím mũi tên để chọn`
      : `${total} kết quả; dùng phím mũi tên để chọn`;
    form.dispatchEvent(new CustomEvent("ck-results", { detail: { query, total } }));
  }

  function resultsPage(query) {
    const url = new URL("tim-kiem/", ROOT);
    url.searchParams.set("q", query);
    return url.href;
  }

  function closePanel() {  // phones: the box opened with the magnifier button
    form.classList.remove("ck-search-is-open");
    opener.setAttribute("aria-expanded", "false");
  }

  input.addEventListener("focus", () => {
    ENGINE === "lunr" ? lunrEngine() : engine();
    if (shownQuery === input.value) open();  // back in the box: the suggestions for what it holds
  });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 40); });
  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return;  // an input method (Telex, VNI) is still building a letter
    const count = options().length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!count) return;
      if (list.hidden) { open(); choose(event.key === "ArrowDown" ? 0 : count - 1); return; }
      // the typed words, the first option ... the last one, round again
      const next = event.key === "ArrowDown" ? active + 1 : (active < 0 ? count - 1 : active - 1);
      choose(next >= count ? -1 : next);
    } else if (event.key === "Escape") {
      if (!list.hidden || !none.hidden) { event.preventDefault(); close(); }
      else if (form.classList.contains("ck-search-is-open") && !input.value) { closePanel(); opener.focus(); }
    } else if (event.key === "Enter") {
      event.preventDefault();
      const chosen = !list.hidden && active >= 0 ? options()[active] : null;
      window.location.href = chosen ? chosen.href : resultsPage(input.value);
    }
  });
  list.addEventListener("mousedown", (event) => event.preventDefault());  // keep focus while clicking
  input.addEventListener("blur", () => setTimeout(() => { if (document.activeElement !== input) close(); }, 150));
  opener.addEventListener("click", () => {
    const isOpen = form.classList.toggle("ck-search-is-open");
    opener.setAttribute("aria-expanded", isOpen ? "true" : "false");
    if (isOpen) input.focus();
  });
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing) { event.preventDefault(); form.classList.add("ck-search-is-open"); input.focus(); }
  });
}

// --------------------------------------------------------------------------- results page

// The query box and the count on top, the results next; the filters fold into "Lọc kết quả" on
// phones (open on wider screens), so the first results are on the first screen.
const WIDE = "(min-width: 60em)";

function resultsPage(root) {
  const form = root.querySelector("form");
  const input = form.elements.q;
  const list = root.querySelector(".ck-search-page-results");
  const status = root.querySelector(".ck-search-page-status");
  const more = root.querySelector(".ck-search-more");
  const filterBox = root.querySelector(".ck-search-filters");
  const filterCount = root.querySelector(".ck-search-filters-count");
  const params = new URLSearchParams(window.location.search);
  const filterNames = ["loai", "linh_vuc", "cap", "truc_tuyen"];
  input.value = params.get("q") || "";
  for (const name of filterNames) {
    if (params.get(name) && form.elements[name]) form.elements[name].value = params.get(name);
  }
  if (filterBox && window.matchMedia(WIDE).matches) filterBox.open = true;
  let shown = 0;
  let current = null;
  let ticket = 0;
  let searching = false;

  // Shows the next page of results (all anew when reset); returns the first item it added.
  async function render(reset) {
    if (!reset && (searching || !current)) return null;  // "more" of results about to be replaced
    const mine = ++ticket;
    const filters = {};
    const query = new URLSearchParams();
    if (input.value) query.set("q", input.value);
    for (const name of filterNames) {
      const value = form.elements[name] && form.elements[name].value;
      if (value) { filters[name] = value; query.set(name, value); }
    }
    const chosen = Object.keys(filters).length;
    if (filterCount) filterCount.textContent = chosen ? ` (${chosen} đang chọn)` : "";
    const search_ = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search_ ? "?" + search_ : ""));
    if (reset) {
      searching = true;
      const found = await search(input.value, filters);
      if (mine !== ticket) return null;
      searching = false;
      current = found; shown = 0;
    }
    const slice = current.results.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(slice.map((r) => r.data()));
    if (mine !== ticket) return null;
    const added = data.map((d) => {
      const [first, second] = details(d.meta);
      return el("li", { class: "ck-result" }, el("a", { href: href(d) }, d.meta.title),
        el("span", { class: "ck-result-meta" }, first), second ? el("span", { class: "ck-result-meta" }, second) : null);
    });
    if (reset) list.replaceChildren(...added); else list.append(...added);
    shown += slice.length;
    const total = current.results.length;
    status.textContent = !input.value && !chosen ? "Nhập từ cần tìm." :
      !total ? "Không tìm thấy kết quả. Hãy thử từ khác, bỏ bớt bộ lọc, hoặc tìm theo mã thủ tục." :
      shown < total ? `${total} kết quả, đang hiện ${shown} kết quả đầu` : `${total} kết quả`;
    more.hidden = shown >= total;
    more.textContent = `Xem thêm kết quả (còn ${total - shown})`;
    return added[0] || null;
  }

  let timer = null;
  form.addEventListener("submit", (event) => { event.preventDefault(); render(true); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => render(true), 60); });
  form.addEventListener("change", (event) => { if (event.target !== input) render(true); });
  more.addEventListener("click", async () => {
    const first = await render(false);
    // on to the first of the new results: the button may be gone, and reading goes on from there
    if (first) first.querySelector("a").focus();
  });
  render(true);
}

for (const form of document.querySelectorAll("[data-ck-search=header]")) headerBox(form);
for (const root of document.querySelectorAll("[data-ck-search=page]")) resultsPage(root);
