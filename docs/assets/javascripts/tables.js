/* Sortable, filterable tables: every table inside <div class="data-table">.
   Text sorts in Thai dictionary order (Intl.Collator('th'): เ แ โ ใ ไ sort by their consonant, not after ฮ);
   numbers (1,234 · 85.0% · 24,500) sort as numbers; a cell's [data-sort] value wins over its text.
   Works with Material's instant navigation (document$) and without it. */
(function () {
  "use strict";
  var collator = new Intl.Collator("th", { numeric: true, sensitivity: "base" });
  var NUMBER = /^[-+]?[\d,]*\.?\d+\s*%?$/;

  function key(cell) {
    var marked = cell.querySelector("[data-sort]");
    var text = (marked ? marked.getAttribute("data-sort") : cell.textContent).trim();
    var plain = text.replace(/\s*(คน|บาท|อำเภอ|รายการ)$/, "");
    if (NUMBER.test(plain)) return { num: parseFloat(plain.replace(/[,%\s]/g, "")), text: text };
    return { num: null, text: text };
  }

  function compare(a, b) {
    var empty = function (k) { return k.num === null && (k.text === "" || k.text === "–"); };
    if (empty(a) !== empty(b)) return empty(a) ? 1 : -1;       // blanks last
    if (a.num !== null && b.num !== null) return a.num - b.num;
    if (a.num !== null) return -1;
    if (b.num !== null) return 1;
    return collator.compare(a.text, b.text);
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var descending = th.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.map.call(body.rows, function (row, i) {
      return { row: row, key: key(row.cells[index] || row.cells[0]), i: i };
    });
    rows.sort(function (a, b) {
      var c = compare(a.key, b.key);
      if (descending) c = -c;
      return c || a.i - b.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function filterRows(table, query, status) {
    var words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var text = row.textContent.toLowerCase();
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = "แสดง " + shown + " จาก " + table.tBodies[0].rows.length + " แถว";
  }

  function enhance(table, n) {
    if (table.dataset.enhanced || !table.tHead || !table.tBodies.length) return;
    table.dataset.enhanced = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = "เรียงตามคอลัมน์นี้";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
    if (table.tBodies[0].rows.length < 6) return;  // a filter box is noise on a short table
    var box = document.createElement("div");
    box.className = "table-filter";
    var id = "table-filter-" + n;
    box.innerHTML = '<label for="' + id + '">กรองตาราง</label><input type="search" id="' + id +
      '" placeholder="พิมพ์ชื่อหรือคำที่ต้องการ" autocomplete="off"><span role="status" aria-live="polite"></span>';
    var wrap = table.closest(".md-typeset__scrollwrap") || table;
    wrap.parentNode.insertBefore(box, wrap);
    var input = box.querySelector("input"), status = box.querySelector("span");
    input.addEventListener("input", function () { filterRows(table, input.value, status); });
  }

  // A table wider than the screen scrolls sideways; keyboard users reach it with Tab and scroll it with the
  // arrow keys (WCAG 2.1.1). Only tables that scroll are made tab stops, checked again when the width changes.
  function focusScrollers() {
    document.querySelectorAll(".md-typeset table, .md-typeset__scrollwrap").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.dataset.scrollFocus = "1";
      } else if (!scrolls && el.dataset.scrollFocus) {
        el.removeAttribute("tabindex");
        delete el.dataset.scrollFocus;
      }
    });
  }
  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusScrollers, 200);
  });
  window.addEventListener("load", focusScrollers);  // after the web font, which changes the widths

  function init() {
    document.querySelectorAll(".data-table table").forEach(enhance);
    focusScrollers();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);   // Material: runs on first load and after each instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
