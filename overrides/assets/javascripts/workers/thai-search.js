/* Thai search for Material for MkDocs (issues #4, #15): a small search engine in Material's search worker.
 *
 * overrides/main.html names this file as the worker. It answers Material's messages (SETUP -> READY at once,
 * QUERY -> RESULT) without lunr. Material's bundle hands it only the stub search/search_index.json; the real
 * index, search/thai_index.json (generator/mkdocs_ext/search_index.py), is fetched when the first query is typed.
 *
 * The index has U+200B between Thai words (PyThaiNLP newmm at build time). A typed run of Thai is cut here into
 * words of the index; a run with a part in no word of the index finds nothing, never fragments. All words of a
 * query must be on a page; the pieces of one run of Thai must stand near each other, in order. A page ranks by
 * where its words are (title, English name and code, headings, text), whether the query is the page's name or a
 * phrase of it, and how exact each word is: a whole word, the start of the word being typed, a part of a longer
 * word, or the word without its tone marks (a lower-ranked fallback). The weights W were chosen on the ranking
 * set in tests/search_queries.tsv (tests/test_search_ranking.py). */
"use strict"

const W = {
  field: [6, 6, 3, 1],                   // title, name (English name, code), headings, text
  quality: {word: 1, prefix: 0.7, inner: 0.5, loose: 0.4},
  phrase: [10, 10, 6, 4],                // the query's words side by side in this field
  lead: 4,                               // the query's words in the first line of the page's text
  name: 24,                              // the query is the page's name (with or without อำเภอ / จังหวัด)
  namePrefix: 10,                        // ... or the start of it, still being typed
  cover: 6,                              // the share of the title's words the query has
  near: 3                                // the pieces of one run of Thai at most this many words apart
}
const TITLE = 0, NAME = 1, HEADING = 2, TEXT = 3
const INDEX = "../../../search/thai_index.json"   // relative to this script
const TOKEN = /[\u0e01-\u0e4e]+|[a-z\u00e0-\u024f]+|[0-9]+/g
const THAI = /^[\u0e01-\u0e4e]/
const PLACE = new Set(["อำเภอ", "จังหวัด"])

/* The same as generator/mkdocs_ext/search_index.py normalise(): NFC, no zero-width characters, nikhahit + sara aa as
 * sara am, Thai digits as 0-9, lower case */
function normalise(text) {
  return text.normalize("NFC").replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, "")
    .replace(/\u0e4d([\u0e48-\u0e4b]?)\u0e32/g, "$1\u0e33")
    .replace(/[\u0e50-\u0e59]/g, d => String(d.charCodeAt(0) - 0x0e50)).toLowerCase()
}

/* A word without tone marks, thanthakhat and maitaikhu (search_index.py loose()) */
function loose(word) {
  return word.replace(/[\u0e47-\u0e4c]/g, "")
}

/* The words of index text: U+200B and spaces part them; a line break keeps phrases apart */
function words(text) {
  const out = []
  for (const line of text.split("\n")) {
    for (const chunk of line.split(/[\s\u200b]+/))
      out.push(...(normalise(chunk).match(TOKEN) || []))
    out.push(null)
  }
  return out
}

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
}

/* ------------------------------------------------------------------------------------------------------------
 * The index */
class Engine {
  constructor(pages) {
    this.ids = new Map()                 // word -> id
    this.vocab = []                      // id -> word
    this.df = []                         // id -> number of pages
    this.pages = pages.map(([location, title, text, sections, names]) => {
      names = names || []
      names = [...names, ...names.filter(n => / /.test(n)).map(n => n.replace(/ /g, ""))]  // Khon Kaen: Khonkaen
      const display = s => s.replace(/\u200b/g, "")
      const page = {
        location, title: display(title), text: display(text), sections: (sections || []).map(
          ([anchor, heading, body]) => ({location: `${location}#${anchor}`, title: display(heading),
                                         text: display(body), words: this.ids_of(words(`${heading}\n${body}`))})),
        fields: [this.ids_of(words(title)), this.ids_of(words(names.join("\n"))),
                 this.ids_of(words(sections.map(s => s[1]).join("\n"))),
                 this.ids_of(words([text, ...sections.map(s => s[2])].join("\n")))]
      }
      page.names = this.names(title, names)
      const seen = new Set()
      for (const field of page.fields)
        for (const id of field)
          if (id >= 0 && !seen.has(id)) {
            seen.add(id)
            this.df[id] = (this.df[id] || 0) + 1
          }
      page.has = seen
      return page
    })
    this.sorted = [...this.vocab].sort()
    this.loose = new Map()               // word without tone marks -> words
    for (const word of this.vocab)
      if (THAI.test(word)) {
        const key = loose(word)
        this.loose.set(key, [...this.loose.get(key) || [], word])
      }
    this.looseSorted = [...this.loose.keys()].sort()
    this.inner = null
  }

  ids_of(list) {
    return list.map(word => {
      if (word === null)
        return -1
      let id = this.ids.get(word)
      if (id === undefined) {
        id = this.vocab.length
        this.ids.set(word, id)
        this.vocab.push(word)
      }
      return id
    })
  }

  /* The page's names as lists of word ids: its title, the title's first part (a district page's title is
   * "อำเภอX จังหวัดY"), and its English name and code, each also without a leading อำเภอ / จังหวัด */
  names(title, names) {
    const out = []
    const first = title.split(/\s+/)[0]
    for (const name of [title, first, ...names]) {
      const ids = this.ids_of(words(name)).filter(id => id >= 0)
      out.push(ids)
      if (ids.length > 1 && PLACE.has(this.vocab[ids[0]]))
        out.push(ids.slice(1))
    }
    return out
  }

  /* ----------------------------------------------------------------------------------------------------------
   * Cutting a query into words of the index */

  range(sorted, part) {                  // the words of `sorted` that start with `part`
    let lo = 0, hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid] < part) lo = mid + 1; else hi = mid
    }
    const out = []
    for (let i = lo; i < sorted.length && sorted[i].startsWith(part); i++)
      out.push(sorted[i])
    return out
  }

  insideAWord(part) {
    if (this.inner === null) {
      this.inner = new Set()
      for (const word of this.vocab)
        for (let i = 0; i < word.length; i++)
          for (let j = i + 3; j <= word.length; j++)
            this.inner.add(word.slice(i, j))
    }
    return this.inner.has(part)
  }

  /* The words of the index a piece of a query may stand for, as Map(id -> quality), or null */
  alternatives(piece, kind) {
    const out = new Map(), q = W.quality
    const add = (word, quality) => {
      const id = this.ids.get(word)
      if (id !== undefined && !(out.get(id) >= quality))
        out.set(id, quality)
    }
    if (kind === "word" || kind === "prefix") {
      add(piece, q.word)
      if (kind === "prefix")
        for (const word of this.range(this.sorted, piece))
          add(word, q.prefix)
      if (THAI.test(piece))                // the same word with other tone marks: lower-ranked
        for (const word of this.loose.get(loose(piece)) || [])
          add(word, q.loose)
    }
    else if (kind === "inner") {
      for (const word of this.vocab)
        if (word.includes(piece))
          add(word, q.inner)
    } else if (kind === "loose")
      for (const word of this.loose.get(loose(piece)) || [])
        add(word, q.loose)
    else if (kind === "loose-prefix")
      for (const key of this.range(this.looseSorted, loose(piece)))
        for (const word of this.loose.get(key))
          add(word, q.loose)
    return out.size ? out : null
  }

  /* A run of letters or digits cut into pieces of the index, fewest inexact pieces first, then fewest pieces,
   * then the longest; each piece [text, kind]. null when some part of the run is in no word of the index. */
  cut(run, last) {
    const digits = /^[0-9]/.test(run)
    const best = new Array(run.length + 1).fill(null)
    best[0] = {cost: 0, count: 0, square: 0, pieces: []}
    for (let i = 0; i < run.length; i++) {
      if (best[i] === null)
        continue
      for (let j = i + 1; j <= run.length && j - i <= 40; j++) {
        const piece = run.slice(i, j), end = last && j === run.length
        let kind = null, cost = 0
        if (this.ids.has(piece))
          kind = "word", cost = THAI.test(piece) && piece.length < 3 ? 1 : 0   // a Thai word of 1-2 letters is
                                                                              // more often a fragment
        else if (end && this.range(this.sorted, piece).length)
          kind = "prefix"
        else if (digits)
          continue
        else if (piece.length >= 3 && this.insideAWord(piece))
          kind = "inner", cost = 1
        else if (THAI.test(piece) && this.loose.has(loose(piece)))
          kind = "loose", cost = 2
        else if (end && THAI.test(piece) && this.range(this.looseSorted, loose(piece)).length)
          kind = "loose-prefix", cost = 2
        if (kind === null)
          continue
        const from = best[i], next = {
          cost: from.cost + cost, count: from.count + 1, square: from.square + piece.length ** 2,
          pieces: [...from.pieces, [piece, kind]]
        }
        const now = best[j]
        if (now === null || next.cost < now.cost || next.cost === now.cost && (next.count < now.count
            || next.count === now.count && next.square > now.square))
          best[j] = next
      }
    }
    return best[run.length] && best[run.length].pieces
  }

  /* The query as terms, each {text, alternatives, run}: pieces of one run share `run`; null if a part of the
   * query is in no word of the index */
  parse(query) {
    const text = normalise(query).replace(/(^|\s)อ\.\s*/g, "$1อำเภอ").replace(/(^|\s)จ\.\s*/g, "$1จังหวัด")
    const runs = text.match(TOKEN) || []
    const open = !/[\s.,]$/.test(query)    // the last word may still be being typed
    const terms = []
    for (let r = 0; r < runs.length; r++) {
      const pieces = this.cut(runs[r], open && r === runs.length - 1)
      if (pieces === null)
        return null
      for (const [piece, kind] of pieces)
        terms.push({text: piece, kind, alternatives: this.alternatives(piece, kind), run: r})
    }
    return terms
  }

  /* ----------------------------------------------------------------------------------------------------------
   * Searching */

  search(query) {
    const terms = this.parse(query)
    if (!terms || !terms.length)
      return {items: []}
    const n = this.pages.length
    const idf = terms.map(t => {
      let df = 0
      for (const id of t.alternatives.keys())
        df = Math.max(df, this.df[id] || 0)
      return Math.log(1 + n / Math.max(1, df))
    })
    const scored = []
    for (const page of this.pages) {
      let all = true
      for (const t of terms) {
        let any = false
        for (const id of t.alternatives.keys())
          if (page.has.has(id)) { any = true; break }
        if (!any) { all = false; break }
      }
      if (all) {
        const score = this.score(page, terms, idf)
        if (score > 0)
          scored.push([score, page])
      }
    }
    scored.sort((a, b) => b[0] - a[0] || (a[1].location < b[1].location ? -1 : 1))
    return {items: scored.map(([score, page]) => this.item(page, terms, score))}
  }

  /* Positions of each term in each field: positions[field][term] = [[position, quality], ...] */
  positions(page, terms) {
    return page.fields.map(field => terms.map(t => {
      const out = []
      for (let i = 0; i < field.length; i++) {
        const quality = t.alternatives.get(field[i])
        if (quality !== undefined)
          out.push([i, quality])
      }
      return out
    }))
  }

  score(page, terms, idf) {
    const at = this.positions(page, terms)
    // the pieces of one run must stand in order, each at most W.near words after the one before, in a field
    for (let k = 1; k < terms.length; k++)
      if (terms[k].run === terms[k - 1].run &&
          !at.some(field => field[k].some(([b]) => field[k - 1].some(([a]) => b > a && b - a <= W.near))))
        return 0
    let score = 0
    terms.forEach((t, k) => {
      let best = 0
      at.forEach((field, f) => {
        for (const [, quality] of field[k])
          best = Math.max(best, W.field[f] * quality)
      })
      score += idf[k] * best
    })
    const weight = idf.reduce((a, b) => a + b, 0)
    // a phrase: the words side by side, in order
    const phrases = at.map(field => field[0].map(([p]) => p)
      .filter(p => terms.every((_, k) => field[k].some(([q]) => q === p + k))))
    if (terms.length > 1)
      phrases.forEach((starts, f) => {
        if (starts.length)
          score += W.phrase[f] * weight * (1 + Math.log(starts.length) / 2)
      })
    // the page's name, or the start of it
    const exact = terms.every(t => t.kind === "word" || t.kind === "prefix")
    for (const name of page.names) {
      if (name.length < terms.length)
        continue
      const same = terms.every((t, k) => t.alternatives.has(name[k]) &&
                                         (t.alternatives.get(name[k]) === W.quality.word || k === terms.length - 1))
      if (same && name.length === terms.length && exact && terms.every((t, k) => t.alternatives.get(name[k]) === 1)) {
        score += W.name * weight
        break
      }
      if (same) {
        score += W.namePrefix * weight * terms.length / name.length
        break
      }
    }
    // the lead: the first line of the page's text
    const end = page.fields[TEXT].indexOf(-1)
    if (phrases[TEXT].some(p => p < end))
      score += W.lead * weight
    const title = page.fields[TITLE].filter(id => id >= 0)
    if (title.length)
      score += W.cover * weight * title.filter(id => terms.some(t => t.alternatives.has(id))).length / title.length
    return score
  }

  /* ----------------------------------------------------------------------------------------------------------
   * Results as Material renders them: a page, then its sections that have a word of the query */

  item(page, terms, score) {
    const termsMap = {}
    for (const t of terms)
      termsMap[t.text] = true
    const mark = this.marker(terms)
    const article = {location: page.location, title: mark(page.title), text: this.snippet(page.text, terms, mark),
                     score, terms: termsMap}
    const sections = []
    for (const section of page.sections) {
      const found = terms.filter(t => section.words.some(id => t.alternatives.has(id))).length
      if (found)
        sections.push({location: section.location, title: mark(section.title),
                       text: this.snippet(section.text, terms, mark), score: score * found / terms.length,
                       terms: termsMap})
    }
    sections.sort((a, b) => b.score - a.score)
    return [article, ...sections.slice(0, 5)]
  }

  /* A function that escapes text and marks the words of the query in it (what the terms stand for) */
  marker(terms) {
    const forms = new Set()
    for (const t of terms)
      for (const id of t.alternatives.keys())
        forms.add(t.kind === "inner" || t.kind === "prefix" ? t.text : this.vocab[id])
    const list = [...forms].filter(f => f.length > 0).sort((a, b) => b.length - a.length)
    return text => {
      if (!list.length)
        return escapeHTML(text)
      const folded = normalise(text)
      if (folded.length !== text.length)   // zero-width or sara am changed lengths: no marks rather than wrong
        return escapeHTML(text)
      let out = "", i = 0
      while (i < text.length) {
        const hit = list.find(f => folded.startsWith(f, i))
        if (hit) {
          out += `<mark>${escapeHTML(text.slice(i, i + hit.length))}</mark>`
          i += hit.length
        } else {
          out += escapeHTML(text[i])
          i += 1
        }
      }
      return out
    }
  }

  /* About 200 letters of text around the first word of the query in it */
  snippet(text, terms, mark) {
    const folded = normalise(text)
    let at = -1
    for (const t of terms) {
      const i = folded.indexOf(t.text)
      if (i >= 0 && (at < 0 || i < at))
        at = i
    }
    const start = Math.max(0, at - 60)
    let part = text.slice(start, start + 200).replace(/\n/g, " · ")
    if (start > 0) part = "…" + part
    if (start + 200 < text.length) part += "…"
    return mark(part)
  }
}

/* ------------------------------------------------------------------------------------------------------------
 * The worker: Material's messages */
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3     // Material's SearchMessageType
  let engine = null, loading = null

  function load() {
    if (loading === null)
      loading = fetch(new URL(INDEX, location.href))
        .then(response => {
          if (!response.ok)
            throw new Error(`${response.status} ${response.url}`)
          return response.json()
        })
        .then(index => { engine = new Engine(index.pages) })
    return loading
  }

  function answer(query) {
    try {
      return engine.search(query)
    } catch (err) {
      console.warn(`search: ${query}`, err)
      return {items: []}
    }
  }

  let queue = Promise.resolve()
  addEventListener("message", ev => {
    const message = ev.data
    if (message.type === SETUP)
      postMessage({type: READY})
    else if (message.type === QUERY) {
      const query = `${message.data || ""}`
      if (!query.trim() && engine === null) {    // Material asks for "" on page load: nothing to fetch for it
        queue = queue.then(() => postMessage({type: RESULT, data: {items: []}}))
        return
      }
      queue = queue
        .then(load)
        .then(() => postMessage({type: RESULT, data: answer(query)}),
              err => {
                console.warn("search: the index could not be loaded", err)
                loading = null
                postMessage({type: RESULT, data: {items: []}})
              })
    }
  })
}

if (typeof module === "object" && module.exports)
  module.exports = {Engine, W, normalise, loose, words}
