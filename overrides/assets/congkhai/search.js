// congkhai search: Pagefind with the Vietnamese normalisation of congkhai/publish/search.py.
// The header box suggests results while typing; the page tim-kiem/ lists them with filters and
// keeps the query in its address (?q=…), so a search can be shared. Nothing is loaded until the
// box is used, and nothing is loaded from outside the site.

const ROOT = new URL("../../", import.meta.url);
const BOX = document.querySelector("[data-ck-search]");
const ENGINE = (BOX && BOX.dataset.engine) || "shards";
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

// The query as the search box reads it before anything else: NFC, one tone placement, lower case,
// single spaces (what the header box counts letters of before it searches).
export function normalizeQuery(text) {
  return canonicalTones((text || "").normalize("NFC")).toLowerCase().replace(/\s+/g, " ").trim();
}

export function hasMarks(text) {
  return foldText(text) !== text.normalize("NFD");
}

export function foldText(text) {
  // as fold() in congkhai/publish/search.py: đ to d, tone and vowel marks off
  return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

const EDGE = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;

// ------------------------------------------------------------ words.json: what the index holds

// search/words.json (write_words in congkhai/publish/search.py): the index's words without marks,
// most frequent first; abbreviations and old names; the words a query may leave out.
let wordsPromise = null;
function indexWords() {
  if (!wordsPromise) {
    wordsPromise = fetch(new URL("search/words.json", ROOT))
      .then((r) => (r.ok ? r.json() : null)).catch(() => null).then(prepareWords);
  }
  return wordsPromise;
}

export function prepareWords(data) {
  data = data || {};
  const list = data.words ? data.words.split(" ") : [];
  const soft = new Set(data.stop_words || []);
  const fillers = new Set(data.fillers || []);
  const phrase = (p) => p.split(" ");
  return {
    rank: new Map(list.map((w, i) => [w, i])),
    sorted: [...list].sort(),
    abbreviations: new Map(Object.entries(data.abbreviations || {})),
    everyday: new Map(Object.entries(data.everyday_words || {})),
    oldNames: Object.entries(data.old_names || {}).map(([old, now]) => [phrase(old), now]).sort((a, b) => b[0].length - a[0].length),
    soft,
    fillers,
    softFolded: new Set([...soft, ...fillers].map(foldText)),
    phrases: [...(data.stop_phrases || []).map((p) => [phrase(p), false]), ...(data.filler_phrases || []).map((p) => [phrase(p), true])]
      .sort((a, b) => b[0].length - a[0].length),
  };
}

function known(W, w) { return W.rank.has(w); }

function startsSomeWord(W, prefix) {  // binary search in the sorted words
  let lo = 0, hi = W.sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (W.sorted[mid] < prefix) lo = mid + 1; else hi = mid; }
  return lo < W.sorted.length && W.sorted[lo].startsWith(prefix);
}

const cost = (W, w) => Math.log(W.rank.get(w) + 2);
const SHORT_WORDS = new Set(["y", "x"]);  // one-letter words a run of letters may hold ("ytecongcong", "xquang")

// A run of letters split into words of the index ("dangkykethon" -> "dang ky ket hon"): the fewest
// words, then the most frequent; up to `max` ways.
export function splits(W, word, max = 3) {
  const best = [[{ pieces: [], cost: 0 }]];
  for (let i = 1; i <= word.length; i++) {
    const here = [];
    for (let j = Math.max(0, i - 7); j < i; j++) {
      const piece = word.slice(j, i);
      if (!best[j] || !best[j].length || !known(W, piece) || (piece.length === 1 && !SHORT_WORDS.has(piece))) continue;
      for (const seg of best[j]) here.push({ pieces: [...seg.pieces, piece], cost: seg.cost + cost(W, piece) + (piece.length === 1 ? 3 : 0) });
    }
    here.sort((a, b) => a.pieces.length - b.pieces.length || a.cost - b.cost);
    best[i] = here.slice(0, max);
  }
  return (best[word.length] || []).filter((s) => s.pieces.length > 1).map((s) => s.pieces);
}

// Letters Vietnamese spellers mix up (regional pronunciation), at the start and at the end of a word.
const INITIALS = [["s", "x"], ["ch", "tr"], ["d", "gi"], ["d", "r"], ["gi", "r"], ["l", "n"], ["v", "d"], ["c", "k"], ["v", "gi"]];
const FINALS = [["n", "ng"], ["c", "t"], ["i", "y"], ["nh", "n"]];

function confusions(word) {
  const out = [];
  for (const [a, b] of INITIALS) {
    for (const [from, to] of [[a, b], [b, a]]) if (word.startsWith(from)) out.push(to + word.slice(from.length));
  }
  for (const [a, b] of FINALS) {
    for (const [from, to] of [[a, b], [b, a]]) if (word.endsWith(from)) out.push(word.slice(0, -from.length) + to);
  }
  return out;
}

function oneEdit(word) {
  const letters = "abcdeghiklmnopqrstuvxy";
  const out = [];
  for (let i = 0; i <= word.length; i++) {
    if (i < word.length) out.push(word.slice(0, i) + word.slice(i + 1));
    if (i < word.length - 1) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    for (const c of letters) {
      out.push(word.slice(0, i) + c + word.slice(i));
      if (i < word.length) out.push(word.slice(0, i) + c + word.slice(i + 1));
    }
  }
  return out;
}

// Words of the index that `word` may be a misspelling of: mix-ups first, then one edit away (for
// words of 3 letters or more), the most frequent first.
export function corrections(W, word, max = 5) {
  const byRank = (list) => [...new Set(list)].filter((w) => w !== word && known(W, w)).sort((a, b) => W.rank.get(a) - W.rank.get(b));
  const mixed = byRank(confusions(word));
  const edited = word.length >= 3 ? byRank(oneEdit(word)).filter((w) => !mixed.includes(w)) : [];
  return [...mixed, ...edited].slice(0, max);
}

// ------------------------------------------------------------ reading a query

// A query word: `w` folded (what matches), `typed` as typed (marks kept), `marked` whether typed
// with marks, `soft` a word the query may leave out, `prefix` the last word, possibly unfinished.
function word(typed, extra = {}) {
  return { w: foldText(typed), typed, marked: hasMarks(typed), soft: false, prefix: false, ...extra };
}

const sameWord = (a, b) => a === b;
function spanAt(tokens, i, phrase, match) {
  if (i + phrase.length > tokens.length) return false;
  return phrase.every((p, k) => match(tokens[i + k], p));
}

// What a query asks for, as lists of words to try in turn ("variants"), with what was left out
// or mended. Everything here is the same for both engines.
export function analyse(query, W) {
  const text = canonicalTones(query.normalize("NFC")).toLowerCase()
    .replace(/(\d)\.\s+(\d)/g, "$1.$2")  // "1. 000894": a code typed with a space
    .replace(/[\s/]+/g, " ").trim();
  const tokens = text.split(" ").map((t) => t.replace(EDGE, "")).filter(Boolean);
  const ended = /\s$/.test(query);
  // a phrase a query may leave out ("thủ tục", "ở đâu", "o dau"), with or without marks
  const loose = (t, p) => t === p || (!hasMarks(t) && foldText(t) === foldText(p));
  // a stop phrase ("thủ tục", part of many names) may count when a name holds it; a question's
  // words ("ở đâu", "bao nhiêu") never count
  const softAt = new Map();  // token index -> is filler
  for (let i = 0; i < tokens.length; i++) {
    for (const [phrase, filler] of W.phrases) {
      if (spanAt(tokens, i, phrase, loose)) { phrase.forEach((_, k) => softAt.set(i + k, filler)); i += phrase.length - 1; break; }
    }
  }
  let items = [];
  tokens.forEach((t, i) => {
    const key = foldText(t);
    const expansion = W.abbreviations.get(key);
    if (!softAt.has(i) && expansion && (!W.rank.size || expansion.split(" ").every((e) => known(W, foldText(e)) || W.soft.has(e)))) {
      // "cccd" -> căn cước công dân, when the index has those words
      for (const e of expansion.split(" ")) items.push(word(e, { marked: false, expanded: t, soft: W.soft.has(e) }));
      return;
    }
    for (const part of t.split("-").map((p) => p.replace(EDGE, "")).filter(Boolean)) {
      const filler = softAt.get(i) === true;  // in a question's phrase; a question word alone is only soft
      const soft = softAt.has(i) || W.soft.has(part) || W.fillers.has(part) || (!hasMarks(part) && W.softFolded.has(foldText(part)));
      items.push(word(part, { soft, filler }));
      // "làm" (hộ chiếu): the records say "cấp"; a name holding it ranks higher, nothing more
      const everyday = W.everyday.get(foldText(part));
      if (everyday && soft) {
        items[items.length - 1].aside = true;  // in the words as typed, "cấp" stands where "làm" was
        for (const e of everyday.split(" ")) items.push(word(e, { soft: true, marked: false }));
      }
    }
  });
  const last = items.length - 1;
  // a number shorter than five characters is a whole number ("nghị định 30"), not the start of a
  // code: "1.0" would be the start of a third of all codes
  if (last >= 0 && !ended && !(/\d/.test(items[last].w) && items[last].w.length < 5)) items[last].prefix = true;
  // a last word after other words, still being typed, that is one letter or has no vowel yet ("hộ ch",
  // "giay ph") would match too much to look it up, and fetch index files for words about to be typed
  // past: it only ranks ("giay phep x": names with "giấy phép x…" first)
  const unfinished = (w) => w.length === 1 || (w.length === 2 && !/[aeiouy]/.test(w));
  if (last > 0 && items[last].prefix && unfinished(items[last].w) && !/\d/.test(items[last].w)
      && !items.slice(0, last).every((i) => i.soft)) items[last].soft = true;
  const dropped = [];
  const mended = new Map();  // index of a word the index lacks -> its readings
  items.forEach((item, i) => {
    if (item.soft || /\d/.test(item.w) || !W.rank.size || known(W, item.w)) return;
    if (item.prefix && startsSomeWord(W, item.w)) return;  // still being typed
    // a long run of letters is most likely words run together; a short one, a word misspelt
    const reading = (w, last = true) => word(w, { marked: false, mended: item.typed, soft: W.softFolded.has(w), prefix: item.prefix && last });
    const split = splits(W, item.w).map((pieces) => pieces.map((p, k) => reading(p, k === pieces.length - 1)));
    const mend = corrections(W, item.w).map((c) => [reading(c)]);
    const alternatives = (item.w.length > 5 ? [...split, ...mend] : [...mend, ...split]).slice(0, 6);
    if (alternatives.length) mended.set(i, alternatives);
    else { dropped.push(item.typed); item.dropped = true; }
  });
  const build = (choice) => items.flatMap((item, i) => {
    if (item.dropped) return [];
    return mended.has(i) ? mended.get(i)[choice.get(i) || 0] : [item];
  });
  // the first variant takes each mended word's best reading; the next ones one other reading each
  const variants = [build(new Map())];
  for (const [i, alternatives] of mended) {
    for (let k = 1; k < alternatives.length && variants.length < 8; k++) variants.push(build(new Map([[i, k]])));
  }
  // an old name: the name used now first, then the words as typed
  for (const [old, now] of W.oldNames) {
    const flat = variants[0];
    const at = flat.findIndex((_, i) => spanAt(flat.map((x) => x.w), i, old, sameWord));
    if (at >= 0) {
      variants.unshift([...flat.slice(0, at), ...now.split(" ").map((n) => word(n, { marked: false, renamed: true, soft: W.soft.has(n) })), ...flat.slice(at + old.length)]);
      break;
    }
  }
  // words the index lacks, and around them only words a query may leave out: nothing to look for
  const meant = (v) => v.length && (v.some((i) => !i.soft) || !dropped.length);
  return { variants: variants.filter(meant), dropped, marked: hasMarks(text) };
}

// ------------------------------------------------------------ ranking by the name

function titleWords(title) {
  return canonicalTones((title || "").normalize("NFC")).toLowerCase().split(/[\s/\-]+/)
    .map((t) => t.replace(EDGE, "")).filter(Boolean);
}

const matches = (item, t) => t === item.w || (item.prefix && t.startsWith(item.w));

function runIn(words, items) {
  if (!items.length) return false;
  for (let i = 0; i + items.length <= words.length; i++) {
    if (items.every((item, k) => matches(item, words[i + k]))) return true;
  }
  return false;
}

function inOrder(words, items) {
  let k = 0;
  for (const t of words) if (k < items.length && matches(items[k], t)) k++;
  return k === items.length;
}

// A name's words folded, those of the abbreviations it writes added ("Chủ tịch UBND tỉnh" holds
// "ủy ban nhân dân"), and without the words a query may leave out (`core`): worked out once per
// name, as one query ranks hundreds of names and the next keystroke ranks them again.
const named = new WeakMap();
function nameWords(title, W) {
  if (!named.has(W)) named.set(W, new Map());
  const seen = named.get(W);
  let out = seen.get(title);
  if (!out) {
    // folded whole, once (the tone placement no longer matters without marks); split as titleWords splits
    const plain = foldText(title).toLowerCase().split(/[\s/\-]+/).map((t) => t.replace(EDGE, "")).filter(Boolean);
    const words = plain.flatMap((t) => (W.abbreviations.has(t) ? foldText(W.abbreviations.get(t)).split(" ") : [t]));
    out = { words, core: words.filter((t) => !W.softFolded.has(t)) };
    seen.set(title, out);
  }
  return out;
}

// How well a record's name answers the query: 3 the query's words run in the name as typed (2.75 when
// only the words it may not leave out do); 2 all in the name in order; 1 all in the name; 0 not all
// (then the share of them that are). A last word
// that only starts a word of the name (still being typed) ranks half a step below a whole word.
export function nameMatch(items, title, W) {
  items = items.filter((i) => !i.filler);
  const { words, core } = nameWords(title, W);
  const tierOf = (list) => {
    const required = list.filter((i) => !i.soft);
    const held = required.filter((i) => words.some((t) => matches(i, t))).length;
    if (!required.length || held < required.length) return 0;
    // the words as typed, the ones a query may leave out included, before the others alone
    return runIn(words, list.filter((i) => !i.aside)) ? 3 : runIn(core, required) ? 2.75 : inOrder(words, required) ? 2 : 1;
  };
  const whole = tierOf(items.map((i) => (i.prefix ? { ...i, prefix: false } : i)));
  const started = tierOf(items);
  // the share of the query's words in the name, a rare word counting more than a common one;
  // under half of it says little about a record found by its other words
  const weight = (i) => Math.log((W.rank.has(i.w) ? W.rank.get(i.w) : W.rank.size) + 2);
  const required = items.filter((i) => !i.soft);
  const total = required.reduce((sum, i) => sum + weight(i), 0);
  const share = total ? required.filter((i) => words.some((t) => matches(i, t))).reduce((sum, i) => sum + weight(i), 0) / total : 0;
  const soft = items.filter((i) => i.soft);
  const softHeld = soft.filter((i) => words.some((t) => matches(i, t))).length;
  return {
    tier: Math.max(whole, started - 0.5),
    cover: (share >= 0.5 ? share : 0) + 0.1 * (soft.length ? softHeld / soft.length : 0),
    // the name is the query: every word of it typed (a whole name typed comes before longer names holding it)
    full: whole >= 1 && core.every((t) => items.some((i) => i.w === t)) ? 1 : 0,
  };
}

function codeMatch(items, code) {
  if (!code) return false;
  const [head, tail] = code.split(".");
  const forms = [code, tail, tail ? head + tail : null].filter(Boolean);
  return items.some((i) => /\d/.test(i.w) && forms.some((f) => f === i.w || (i.prefix && f.startsWith(i.w))));
}

// Pagefind's records write đ as d (Record.html in congkhai/publish/search.py): Pagefind folds marks, not đ.
const withoutD = (text) => text.replace(/đ/g, "d").replace(/Đ/g, "D");

// Whether every word typed with marks is in the record exactly, the last one possibly unfinished
// (đ and d alike: Pagefind's records write đ as d).
function exactly(items, text) {
  const have = titleWords(withoutD(text));
  return items.filter((i) => i.marked && !i.soft).map((i) => ({ ...i, typed: withoutD(i.typed) }))
    .every((i) => have.some((w) => w === i.typed || (i.prefix && w.startsWith(i.typed))));
}

// ------------------------------------------------------------ the two engines

// An engine answers `find(words, filters)` with hits {id, score, load} in its own order, every word
// required (`words`: the query's words as the engine takes them), and `any(words, filters)` with
// hits holding at least one word, each with how many it holds (`held`). `load()` gives {meta, text}.
// `order(hits, count)` puts the hits most likely to have the query's `count` words in their names
// first; `rerank` says how many of those are ranked by their names: `first`, and `more` when none
// of the first has every word side by side in its name.

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
      const index = lunr.Index.load(data.index);
      const docs = data.docs;
      const attempt = (build) => { try { return index.query(build); } catch (error) { return []; } };
      const hit = (h, held) => ({ id: h.ref, score: h.score, held, load: async () => ({ meta: docs[Number(h.ref)], text: "" }) });
      const wildcard = (item) => (item.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE);
      const filtered = (hits, filters) => hits.filter((h) => Object.entries(filters)
        .every(([key, value]) => (docs[Number(h.ref)].filters[key] || []).includes(value)));
      return {
        docs,
        // the records' names are in lunr's index file: ranking one more costs no download
        rerank: { first: 200, more: 200 },
        order: (hits) => hits,
        async find(items, filters) {
          const found = attempt((query) => items.forEach((item) => {
            query.term(item.w, { fields: ["folded"], presence: lunr.Query.presence.REQUIRED, wildcard: wildcard(item) });
            query.term(item.w, { fields: ["title"], boost: 5, wildcard: wildcard(item) });
          }));
          return filtered(found, filters).map((h) => hit(h, items.length));
        },
        async any(items, filters) {
          const found = attempt((query) => items.forEach((item) => {
            query.term(item.w, { fields: ["folded"], wildcard: wildcard(item) });
            query.term(item.w, { fields: ["title"], boost: 5, wildcard: wildcard(item) });
          }));
          return filtered(found, filters).map((h) => {
            const terms = Object.keys(h.matchData.metadata);
            return hit(h, items.filter((i) => terms.some((t) => matches(i, t))).length);
          });
        },
        // which records hold every word typed with marks exactly (lunr's `exact` field, matching only)
        exact(items) {
          const marked = items.filter((i) => i.marked && !i.soft);
          if (!marked.length) return null;
          return new Set(attempt((query) => marked.forEach((item) => query.term(item.typed,
            { fields: ["exact"], presence: lunr.Query.presence.REQUIRED, wildcard: wildcard(item) }))).map((h) => h.ref));
        },
        all(filters) {
          return filtered(docs.map((_, i) => ({ ref: String(i), score: 0 })), filters).map((h) => hit(h, 0));
        },
      };
    })();
  }
  return lunrPromise;
}

// congkhai's own index (congkhai/publish/search_shards.py), for province-scale sites: every record
// as its result shows it in the first file, so that every record holding the query's words is
// ranked by its name, and shown, without a fetch per record; each word's records in a small shard
// of postings, most fetched while the query is typed (`prefetch`).
let shardsPromise = null;

// 'Cấp giấy phép X-quang' -> 'cap-giay-phep-x-quang' (plain_slug in search_shards.py): addresses of
// procedures are written against it.
export function plainSlug(text) {
  return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-").toLowerCase().replace(/^-+|-+$/g, "");
}

function shardsEngine() {
  if (!shardsPromise) {
    shardsPromise = (async () => {
      const base = new URL("search/", ROOT);
      const json = async (path) => {
        const response = await fetch(new URL(path, base));
        if (!response.ok) throw new Error(`search/${path}: ${response.status}`);
        return response.json();
      };
      const index = await json("index.json");
      const { count, keys, values, records } = index;
      const firsts = index.shards;  // the first word of each shard, in JavaScript's string order
      const titles = records.map((row) => row[0]);
      // a result's details, as the other engines give them
      const meta = (n) => {
        const row = records[n];
        const out = {};
        keys.forEach((key, k) => {
          const value = values[key] ? values[key][row[k]] : row[k];
          if (value) out[key] = value;
        });
        const address = row[keys.length];
        out.url = Array.isArray(address) ? index.procedures + plainSlug(out.title).slice(0, address[0]) + address[1] : address;
        return out;
      };
      const shards = new Map();
      const shard = (k) => {
        if (!shards.has(k)) shards.set(k, json(`p/${k}.json`).catch((error) => { shards.delete(k); throw error; }));
        return shards.get(k);
      };
      // "3,0,z": record numbers written as base-36 steps from the last one (less one), marked in `into`
      const mark = (text, into) => {
        if (!text) return into;
        let last = -1;
        for (const step of text.split(",")) { last += parseInt(step, 36) + 1; into[last] = 1; }
        return into;
      };
      // the shards that may hold an item's word, or every word it starts (an unfinished last word)
      const shardsOf = (item) => {
        if (!firsts.length) return [];  // an index of no words
        let lo = 0;
        let hi = firsts.length - 1;
        while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (firsts[mid] <= item.w) lo = mid; else hi = mid - 1; }
        const out = [lo];
        if (item.prefix) for (let k = lo + 1; k < firsts.length && firsts[k].startsWith(item.w); k++) out.push(k);
        return out;
      };
      // which records hold an item's word (`all`), typed with marks hold it so written (`exact`), have it as their code (`code`)
      const held = new Map();
      const holding = (item) => {
        const key = `${item.w}\u0000${item.prefix ? 1 : 0}\u0000${item.marked ? item.typed : ""}`;
        if (!held.has(key)) {
          held.set(key, Promise.all(shardsOf(item).map(shard)).then((list) => {
            const all = new Uint8Array(count);
            const exact = item.marked ? new Uint8Array(count) : null;
            const code = new Uint8Array(count);
            const typed = withoutD(item.typed);
            for (const data of list) {
              const words = item.prefix ? Object.keys(data).filter((w) => w.startsWith(item.w)) : (data[item.w] ? [item.w] : []);
              for (const w of words) {
                for (const [form, ids] of Object.entries(data[w])) {
                  // the empty form: the records whose own code this is (codeMatch on the other engines)
                  if (!form) { if (/\d/.test(item.w)) mark(ids, code); continue; }
                  mark(ids, all);
                  // đ and d alike, as on the other engines
                  const f = withoutD(form);
                  if (exact && (f === typed || (item.prefix && f.startsWith(typed)))) mark(ids, exact);
                }
              }
            }
            return { all, exact, code };
          }).catch((error) => { held.delete(key); throw error; }));
        }
        return held.get(key);
      };
      let filterData = null;
      const kept = async (filters) => {
        const chosen = Object.entries(filters || {});
        if (!chosen.length) return null;
        filterData = filterData || json("filters.json").catch((error) => { filterData = null; throw error; });
        const data = await filterData;
        return chosen.map(([name, value]) => mark(((data[name] || {})[value]) || "", new Uint8Array(count)));
      };
      const length = titles.map((t) => t.split(" ").length);
      const hit = (n, heldCount, sets) => ({ id: n, score: 0, held: heldCount, title: titles[n], code: sets.some((s) => s.code[n] === 1),
                                            load: async () => ({ meta: meta(n), text: "" }) });
      const collect = (keep, test) => {
        const out = [];
        for (let n = 0; n < count; n++) if ((!keep || keep.every((k) => k[n])) && test(n)) out.push(n);
        return out;
      };
      return {
        // every record holding the words is ranked by its name: the names are at hand
        rerank: { first: Infinity, more: Infinity },
        // the records holding more of the words first (the closest), then the shorter name (it is
        // more about the words than a long one holding them)
        order: (hits) => [...hits].sort((a, b) => b.held - a.held || length[a.id] - length[b.id] || a.id - b.id),
        // the shards of these words fetched now, before they are searched for
        prefetch(items) { items.forEach((item) => shardsOf(item).forEach((k) => shard(k).catch(() => {}))); },
        async find(items, filters) {
          const [sets, keep] = await Promise.all([Promise.all(items.map(holding)), kept(filters)]);
          return collect(keep, (n) => sets.every((s) => s.all[n])).map((n) => hit(n, items.length, sets));
        },
        async any(items, filters) {
          const [sets, keep] = await Promise.all([Promise.all(items.map(holding)), kept(filters)]);
          const counted = (n) => sets.reduce((sum, s) => sum + s.all[n], 0);
          return collect(keep, (n) => counted(n) > 0).map((n) => hit(n, counted(n), sets));
        },
        async exact(items) {
          const marked = items.filter((i) => i.marked && !i.soft);
          if (!marked.length) return null;
          const sets = await Promise.all(marked.map(holding));
          return new Set(collect(null, (n) => sets.every((s) => s.exact[n])));
        },
        async all(filters) {
          const keep = await kept(filters);
          return collect(keep, () => true).map((n) => hit(n, 0, []));
        },
      };
    })();
    shardsPromise.catch(() => { shardsPromise = null; });  // tried again on the next search
  }
  return shardsPromise;
}

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

// What a result shows comes back as filter values named "_…" (Record.html in congkhai/publish/search.py).
function shown(fragment) {
  return Object.fromEntries(Object.entries(fragment.filters || {})
    .filter(([name]) => name.startsWith("_")).map(([name, values]) => [name.slice(1), values[0]]));
}

// A record's details: its Pagefind fragment, a gzip file, fetched and unpacked here with the
// browser's own gzip (DecompressionStream) rather than through Pagefind's worker and its gzip
// written in JavaScript: on a slow phone that is several times faster. Pagefind's way if it fails.
async function fragment(r) {
  if (typeof DecompressionStream === "function" && /^[\w-]+$/.test(r.id)) {
    try {
      const response = await fetch(new URL(`pagefind/fragment/${r.id}.pf_fragment`, ROOT));
      if (response.ok) {
        const text = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
        if (text.startsWith("pagefind_dcd")) return JSON.parse(text.slice("pagefind_dcd".length));
      }
    } catch (error) { /* below */ }
  }
  return r.data();
}

const fragments = new Map();  // a record's details, loaded once per page
function pagefindHit(r, held) {
  return { id: r.id, score: r.score, held, words: r.words || [], load: () => {
    if (!fragments.has(r.id)) {
      fragments.set(r.id, fragment(r).then((data) => {
        const meta = shown(data);
        meta.url = meta.url || "";  // the home page's address is the site root itself
        return { meta, text: data.content || "" };
      }));
    }
    return fragments.get(r.id);
  } };
}

// How much more a word counts in Pagefind's ranking when it matches the query's marks exactly:
// typed with marks, "cập" must bring records with "cập" among the first Pagefind gives (the ones
// ranked by their names below) rather than the many with "cấp". Typed without marks ("chung chi" for
// "chứng chỉ", as most people type on a phone), Pagefind's default applies.
const EXACT_BOOST = 50;
const DEFAULT_BOOST = 0.8;
let boost = DEFAULT_BOOST;

async function pagefindEngine(marked) {
  const pagefind = await engine();
  const wanted = marked ? EXACT_BOOST : DEFAULT_BOOST;
  if (wanted !== boost) {
    await pagefind.options({ ranking: { diacriticSimilarity: wanted } });
    boost = wanted;
  }
  // Pagefind completes every word to the words of the index it starts with; the ranking below
  // puts whole words first.
  const run = async (text, filters) => ((await pagefind.search(text, { filters })) || {}).results || [];
  return {
    // a record's name comes with its details, one small file each (about 0.5 KB)
    rerank: { first: 6, more: 24 },
    // hits whose word positions stand side by side first, else in Pagefind's order
    order(hits, count) {
      const rank = new Map(hits.map((h, i) => [h, i]));
      const together = new Map(hits.map((h) => [h, sideBySide(h.words, count) ? 1 : 0]));
      return [...hits].sort((a, b) => b.held - a.held || together.get(b) - together.get(a) || rank.get(a) - rank.get(b));
    },
    async find(items, filters) {
      return (await run(items.map((i) => withoutD(i.typed)).join(" "), filters)).map((r) => pagefindHit(r, items.length));
    },
    // one search per word, the index chunks each needs loaded once; a record's count is how many words found it
    async any(items, filters) {
      const lists = await Promise.all(items.map((i) => run(withoutD(i.typed), filters)));
      const by = new Map();
      lists.forEach((list) => list.forEach((r) => {
        const seen = by.get(r.id);
        if (seen) { seen.held += 1; seen.score += r.score; } else by.set(r.id, { r, held: 1, score: r.score });
      }));
      return [...by.values()].map(({ r, held, score }) => ({ ...pagefindHit(r, held), score }));
    },
    exact() { return null; },
    async all(filters) { return (await run(null, filters)).map((r) => pagefindHit(r, 0)); },
  };
}

// Searches run one at a time.
let queue = Promise.resolve();
function serial(task) {
  const run = queue.then(task, task);
  queue = run.catch(() => {});
  return run;
}

// Whether `count` of the word positions Pagefind found follow each other: the query's words side by
// side, most often in the name (a record's name comes first, and its other words are each written
// once, so they seldom stand side by side as a query's do).
function sideBySide(positions, count) {
  if (count < 2) return false;
  let run = 1;
  for (let k = 1; k < positions.length; k++) {
    run = positions[k] === positions[k - 1] + 1 ? run + 1 : positions[k] === positions[k - 1] ? run : 1;
    if (run >= count) return true;
  }
  return false;
}

// Thrown when the box holds other words than the search is for: no more files are fetched for it.
const STALE = new Error("stale");

// How many of the closest records (when none holds every word) are ranked by their names: those
// holding the most words come first, and thousands may hold one of them.
const CLOSEST_RANKED = 200;

// The records for one reading of the query, ranked. `closest`: when none holds every word, the records
// holding the most of them (searchNow asks for these only once no reading has found anything).
async function ranked(eng, W, items, filters, marked, stale, closest = false) {
  const required = items.filter((i) => !i.soft);
  const asked = required.length ? required : items;
  let hits = await eng.find(asked, filters);
  if (stale()) throw STALE;
  closest = closest && !hits.length && asked.length > 1;
  if (closest) {
    hits = (await eng.any(asked, filters)).sort((a, b) => b.held - a.held || b.score - a.score);
    closest = hits.length > 0;
  }
  hits = eng.order(hits, asked.length);
  let depth = Math.min(hits.length, eng.rerank.first, closest ? CLOSEST_RANKED : Infinity);
  if (stale()) throw STALE;
  const exactSet = marked ? await eng.exact(items) : null;
  const judge = (list, from) => Promise.all(list.map(async (h, k) => {
    const order = from + k;
    // a name the engine has at hand needs no fetch
    const { meta, text } = h.title !== undefined ? { meta: { title: h.title }, text: "" } : await h.load();
    const m = nameMatch(asked === required ? items : asked, meta.title, W);
    const exact = marked && (exactSet ? exactSet.has(h.id) : exactly(items, `${meta.title} ${text}`));
    const code = h.code !== undefined ? h.code : codeMatch(asked, meta.code);
    return { h, order, exact, key: [marked && exact ? 1 : 0, code ? 1 : 0, m.tier, h.held, m.cover, m.full] };
  }));
  const head = await judge(hits.slice(0, depth), 0);
  if (hits.length > depth && eng.rerank.more > depth && Math.max(...head.map((x) => x.key[2])) < 3 && !stale()) {
    const more = Math.min(hits.length, eng.rerank.more);
    head.push(...await judge(hits.slice(depth, more), depth));
    depth = more;
  }
  head.sort((a, b) => {
    for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return b.key[k] - a.key[k];
    return a.order - b.order;
  });
  const results = [...head.map((x) => ({ ...x.h, exact: x.exact, tier: x.key[2] })),
                   ...hits.slice(depth).map((h) => ({ ...h, exact: false, tier: -1 }))];
  return { results, closest, tier: head.length ? Math.max(...head.map((x) => x.key[2])) : -1 };
}

function asResults(list) {
  return list.map((r) => ({ id: r.id, score: r.score, data: async () => {
    const { meta } = await r.load();
    return { meta, url: meta.url, exact: r.exact };
  } }));
}

// Other readings of a query whose words are all in the index but no record's name holds them all
// ("lai se" for "lái xe"): one word changed to a word it is often mistaken for.
function mixUps(items, W) {
  const out = [];
  items.forEach((item, i) => {
    if (item.soft || /\d/.test(item.w)) return;
    for (const c of confusions(item.w)) {
      if (known(W, c)) out.push([W.rank.get(c), items.map((x, k) => (k === i ? word(c, { marked: false, prefix: x.prefix, mended: x.typed }) : x))]);
    }
  });
  return out.sort((a, b) => a[0] - b[0]).slice(0, 4).map(([, v]) => v);
}

// What the words typed so far will need, asked for as they are typed, before their search runs
// (the shards engine; on a slow phone fetching a file takes longer than searching): the postings of
// the words of every reading, and, for an unfinished last word, of the words of the abbreviations it
// may be the start of ("bhx": bảo hiểm xã hội).
async function prefetch(query) {
  if (ENGINE !== "shards") return;
  try {
    const [W, eng] = await Promise.all([indexWords(), shardsEngine()]);
    const { variants } = analyse(query || "", W);
    const last = variants.length ? variants[0][variants[0].length - 1] : null;
    // the words to look for, and an unfinished last word even when it only ranks for now ("định gi":
    // "giá" is a letter away; "vi m": "mô" too), unless it is the first word: the search itself
    // fetches that one's shards
    const items = variants.flat().filter((i) => !i.soft || (i === last && i.prefix && variants[0].length > 1));
    if (last && last.prefix && last.w.length >= 2) {
      for (const [key, words] of W.abbreviations) {
        if (key.startsWith(last.w) && key !== last.w) items.push(...words.split(" ").filter((e) => !W.soft.has(e)).map((e) => word(e, { marked: false })));
      }
    }
    eng.prefetch(items);
  } catch (error) { /* the search itself says what failed */ }
}

// `stale()`: whether the words searched for are no longer wanted (typed on); the search then stops
// before it fetches more, and answers {stale: true}. Pagefind's searches run one at a time.
export function search(query, filters = {}, stale = () => false) {
  return (ENGINE === "pagefind" ? serial : (task) => task())(() => searchNow(query, filters, stale).catch((error) => {
    if (error === STALE) return { total: 0, results: [], closest: false, dropped: [], stale: true };
    throw error;
  }));
}

async function searchNow(query, filters, stale) {
  {
    const W = await indexWords();
    const { variants, dropped, marked } = analyse(query || "", W);
    const eng = ENGINE === "lunr" ? await lunrEngine() : ENGINE === "shards" ? await shardsEngine() : await pagefindEngine(marked);
    if (!variants.length) {
      if (!Object.keys(filters).length || (query || "").trim()) return { total: 0, results: [], closest: false, dropped };
      const all = asResults((await eng.all(filters)).map((h) => ({ ...h, exact: false })));
      return { total: all.length, results: all, closest: false, dropped };
    }
    // each reading in turn, until one has a record whose name holds the words as typed
    let best = null;
    const tried = [];
    const consider = async (items, closest = false) => {
      if (stale()) throw STALE;
      const found = await ranked(eng, W, items, filters, marked, stale, closest);
      found.items = items;
      tried.push(found);
      if (found.results.length && (!best || found.tier > best.tier || (found.tier === best.tier && !found.closest && best.closest))) best = found;
    };
    for (const items of variants) {
      await consider(items);
      if (best && best.tier >= 2.75 && !best.closest) break;
    }
    if ((!best || (best.tier <= 0)) && W.rank.size) {
      for (const items of mixUps(variants[0], W)) {
        await consider(items);
        if (best && best.tier >= 1 && !best.closest) break;
      }
    }
    // no reading has a record whose name holds every word: the records holding the most words of
    // the first reading too (after the best reading's, below)
    if (!best || best.tier < 1 || best.closest) await consider(variants[0], true);
    if (!best) return { total: 0, results: [], closest: false, dropped };
    // the best reading's results, then the others' not yet listed
    const seen = new Set();
    const merged = [];
    for (const found of [best, ...tried.filter((t) => t !== best)]) {
      for (const r of found.results) if (!seen.has(r.id)) { seen.add(r.id); merged.push(r); }
      if (found === best && !best.closest && best.tier >= 1) break;  // a good answer: nothing else mixed in
    }
    // the words searched for, when they are not the words typed ("cccd": căn cước công dân)
    // words without marks (typed so, or mended from the index's words) take those of the first result's name
    let read = null;
    if (best.items.some((i) => i.mended || i.expanded || i.renamed)) {
      const named = new Map(merged.length ? titleWords((await merged[0].load()).meta.title).map((t) => [foldText(t), t]) : []);
      read = best.items.filter((i) => !i.filler && !i.aside && !(i.soft && i.prefix))
        .map((i) => (!i.marked && named.has(i.w) ? named.get(i.w) : i.typed)).join(" ");
    }
    return { total: merged.length, results: asResults(merged), closest: best.closest || dropped.length > 0, dropped, read };
  }
}

// Said above results that are not for the words exactly as typed.
export function closestText(found) {
  const read = found.read ? `Tìm theo: “${found.read}”.` : "";
  if (!found.closest) return read;
  return (read ? read + " " : "") + (found.dropped && found.dropped.length
    ? `Không có từ “${found.dropped.join("”, “")}” trong dữ liệu; đây là các kết quả gần nhất.`
    : "Không có kết quả chứa đủ các từ đã gõ; đây là các kết quả gần nhất.");
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
  const closestNote = form.querySelector(".ck-search-closest");
  let closest = false;  // the suggestions shown are the closest, not all the words typed
  const status = form.querySelector("#ck-search-status");
  const opener = form.querySelector(".ck-search-open");
  let active = -1;  // the option chosen with the arrow keys; -1: none, Enter searches for what is typed

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
    if (closestNote) closestNote.hidden = !closest;
    input.setAttribute("aria-expanded", "true");
    return true;
  }

  function close() {
    list.hidden = true;
    none.hidden = true;
    if (closestNote) closestNote.hidden = true;
    input.setAttribute("aria-expanded", "false");
    choose(-1);
  }

  // A search for what the box holds at each change, without waiting for the search of what it held
  // before: that one stops at its next step (stale) and its results are not shown.
  // Pagefind takes one search at a time (serial), so there a search of a few letters ago that has
  // not started yet ends at once.
  let shownQuery = null;
  let latest = null;  // what the last search started was for
  async function update() {
    const query = input.value;
    if (query === shownQuery || query === latest) return;
    latest = query;
    try {
      await show(query);
    } finally {
      if (latest === query) latest = null;
    }
  }

  async function show(query) {
    if (normalizeQuery(query).replace(/\s/g, "").length < MIN_CHARS) {
      list.replaceChildren(); close(); status.textContent = ""; shownQuery = query; return;
    }
    const found = await search(query, {}, () => input.value !== query);
    // typed on meanwhile: the search of the new words is on its way, and these results would only flash by
    if (input.value !== query) return;
    const data = await Promise.all(found.results.slice(0, MAX_SUGGESTIONS).map((r) => r.data()));
    if (input.value !== query) return;  // searches overlap: only those for what the box holds are shown
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
    closest = Boolean(total && (found.closest || found.read));
    if (closestNote) closestNote.textContent = closestText(found);
    close();
    if (total) open(); else none.hidden = false;
    status.textContent = (closest ? closestText(found) + " " : "") + (!total ? "Không có kết quả" : total > MAX_SUGGESTIONS
      ? `${total} kết quả, ${MAX_SUGGESTIONS} gợi ý đầu; dùng phím mũi tên để chọn`
      : `${total} kết quả; dùng phím mũi tên để chọn`);
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
    (ENGINE === "lunr" ? lunrEngine() : ENGINE === "shards" ? shardsEngine() : engine()).catch(() => {});
    indexWords();  // at the same time as the engine, not after it
    if (shownQuery === input.value) open();  // back in the box: the suggestions for what it holds
  });
  // at once: a search for words typed past stops at its next step, so nothing waits for it
  input.addEventListener("input", () => { prefetch(input.value); update(); });
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
      (current.closest || current.read ? closestText(current) + " " : "") +
      (shown < total ? `${total} kết quả, đang hiện ${shown} kết quả đầu` : `${total} kết quả`);
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
