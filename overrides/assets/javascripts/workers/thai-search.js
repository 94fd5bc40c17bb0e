/* Thai search for Material for MkDocs (issue #4). overrides/main.html names this file as the search worker,
 * with Material's own worker after the "?"; this file imports that worker and only rewrites queries.
 *
 * The index (generator/search_index.py) has U+200B between Thai words, so lunr knows Thai words. A typed run
 * of Thai such as "กองทุนสวัสดิการ" is cut here into words of the index ("+กองทุน* +สวัสดิการ*": all must
 * match, each as a prefix); a word found only inside a longer word of the index becomes "*word*"; Thai digits
 * become 0-9; "อ." and "จ." become อำเภอ and จังหวัด. If all the words together find nothing, the query is run
 * again with the words optional. Intl.Segmenter is used only for text the index does not have at all, so
 * browsers without it still find every word. */
"use strict"

const THAI = /[\u0e01-\u0e4e]+/g                    // Thai letters and marks (not Thai digits)
const THAI_OR_NOT = /[\u0e01-\u0e4e]+|[^\u0e01-\u0e4e]+/g

/* The Thai words of the index, for cutting queries: built from the entries Material's worker gets */
function vocabulary(docs) {
  const words = new Set()
  for (const doc of docs)
    for (const field of [doc.title, doc.text])
      for (const word of (field || "").match(THAI) || [])
        words.add(word)
  const sorted = [...words].sort()
  let inner = null                                 // every substring of every word, built on first need
  return {
    has: word => words.has(word),
    startsAWord(part) {                            // binary search for the first word >= part
      let lo = 0, hi = sorted.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (sorted[mid] < part) lo = mid + 1; else hi = mid
      }
      return lo < sorted.length && sorted[lo].startsWith(part)
    },
    insideAWord(part) {
      if (inner === null) {
        inner = new Set()
        for (const word of sorted)
          for (let i = 0; i < word.length; i++)
            for (let j = i + 1; j <= word.length; j++)
              inner.add(word.slice(i, j))
      }
      return inner.has(part)
    }
  }
}

/* Cut a run of Thai into [piece, kind] with kind "word" (a word of the index, or the start of one when it ends
 * the query) or "inner" (3 letters or more, only inside a longer word): fewest "inner" pieces first, then
 * fewest pieces, then the longest pieces. null when some part of the run is in no word of the index. */
function cut(run, vocab, last) {
  const best = new Array(run.length + 1).fill(null)
  best[0] = {inner: 0, count: 0, square: 0, pieces: []}
  for (let i = 0; i < run.length; i++) {
    if (best[i] === null)
      continue
    for (let j = i + 1; j <= run.length && j - i <= 40; j++) {
      const piece = run.slice(i, j)
      const kind = vocab.has(piece) || (last && j === run.length && vocab.startsAWord(piece)) ? "word"
        : piece.length >= 3 && vocab.insideAWord(piece) ? "inner" : null
      if (kind === null)
        continue
      const from = best[i], next = {
        inner: from.inner + (kind === "inner"), count: from.count + 1,
        square: from.square + piece.length * piece.length, pieces: [...from.pieces, [piece, kind]]
      }
      const now = best[j]
      if (now === null || next.inner < now.inner || next.inner === now.inner && (next.count < now.count
          || next.count === now.count && next.square > now.square))
        best[j] = next
    }
  }
  return best[run.length] && best[run.length].pieces
}

function segmenterWords(run) {
  if (typeof Intl === "undefined" || typeof Intl.Segmenter !== "function")
    return [run]
  return [...new Intl.Segmenter("th", {granularity: "word"}).segment(run)]
    .filter(s => s.isWordLike).map(s => s.segment)
}

/* The query for Material's worker: {all: every word required, any: the same words optional, inner: the
 * pieces matched inside longer words} */
function rewrite(query, vocab) {
  const text = query
    .replace(/[\u0e50-\u0e59]/g, d => String(d.charCodeAt(0) - 0x0e50))
    .replace(/(^|\s)อ\.\s*/g, "$1อำเภอ").replace(/(^|\s)จ\.\s*/g, "$1จังหวัด")
  if (!/[\u0e01-\u0e4e]/.test(text))
    return {all: text, any: text, inner: []}
  const parts = text.trim().split(/\s+/), all = [], any = [], inner = []
  parts.forEach((part, p) => {
    if (!/[\u0e01-\u0e4e]/.test(part) || /^[+\-]|[:~^*"]/.test(part)) {   // no Thai, or lunr syntax: as typed
      all.push(part)
      any.push(part)
      return
    }
    const terms = []
    for (const run of part.match(THAI_OR_NOT)) {
      if (!/[\u0e01-\u0e4e]/.test(run)) {
        terms.push(...run.split(/[^\p{L}\p{N}.]+/u).filter(Boolean))
        continue
      }
      const pieces = cut(run, vocab, p === parts.length - 1)
      if (pieces === null)
        terms.push(...segmenterWords(run))
      else
        for (const [piece, kind] of pieces) {
          terms.push(kind === "inner" ? `*${piece}` : piece)
          if (kind === "inner")
            inner.push(piece)
        }
    }
    if (terms.length === 1) {
      all.push(terms[0])
      any.push(terms[0])
    } else {
      all.push(...terms.map(t => `+${t}*`))
      any.push(...terms)
    }
  })
  return {all: all.join(" "), any: any.join(" "), inner}
}

/* Material marks a query term as missing from a result unless a word of the result starts with it; a piece
 * found inside a longer word is not missing */
function found(items, inner) {
  for (const group of items)
    for (const item of group)
      for (const piece of inner)
        if (item.terms[piece] === false &&
            `${item.title} ${item.text}`.replace(/<[^>]*>|\u200b/g, "").includes(piece))
          item.terms[piece] = true
}

/* ------------------------------------------------------------------------------------------------------------
 * The worker: listen before Material does, then load Material's worker (the part of our URL after "?") */
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const SETUP = 0, QUERY = 2, RESULT = 3             // Material's SearchMessageType
  let vocab = null, fallback = null, inner = []

  addEventListener("message", ev => {
    const message = ev.data
    if (message.type === SETUP)
      vocab = vocabulary(message.data.docs)
    else if (message.type === QUERY && vocab !== null && !message.fallback) {
      const query = rewrite(message.data, vocab)
      message.data = query.all
      fallback = query.any !== query.all ? query.any : null
      inner = query.inner
    }
  })

  /* Nothing for all the words: answer with the words optional instead */
  const post = self.postMessage.bind(self)
  self.postMessage = (message, ...rest) => {
    if (message && message.type === RESULT && fallback !== null && message.data.items.length === 0) {
      const data = fallback
      fallback = null
      self.dispatchEvent(new MessageEvent("message", {data: {type: QUERY, data, fallback: true}}))
      return
    }
    fallback = null
    if (message && message.type === RESULT)
      found(message.data.items, inner)
    post(message, ...rest)
  }

  importScripts(decodeURIComponent(location.search.slice(1)))
}
