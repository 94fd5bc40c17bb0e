/* Find your district (issue #14): the box on the home page and the district list. An ARIA 1.2 combobox with a
   listbox popup (aria-expanded, aria-activedescendant; ↓ ↑ move, Enter opens, Escape closes then clears).
   The data is districts/finder.json (generator/pages/render.py finder_data), fetched when the box is first used:
   {"p": {province code: [Thai, English]}, "d": [[district code, Thai, English], ...]} in Thai dictionary order.
   A district's page is districts/<code>/ next to that file. Plain JavaScript, no framework; works with
   Material's instant navigation (document$) and without it. */
(function () {
  "use strict";
  var SHOWN = 10;
  // อำเภอ / อ. / จังหวัด / จ. are no part of any name: wherever typed, they only separate words
  var PREFIXES = /อำเภอ|จังหวัด|อ\.|จ\./g;
  var cache = {};

  function digits(text) {  // ๐-๙ → 0-9
    return text.replace(/[\u0e50-\u0e59]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); });
  }

  function fold(text) {  // the form names are compared in: lower case, Arabic digits, no spaces or punctuation
    return digits(String(text).normalize ? String(text).normalize("NFC") : String(text)).toLowerCase()
      .replace(/[\s\u200b.,\-'’()]+/g, "");
  }

  function words(query) {  // the query's words: split at spaces, at the prefixes and between digits and letters
    return digits(query.toLowerCase()).replace(PREFIXES, " ")
      .replace(/(\d)(?=[^\d\s])|([^\d\s])(?=\d)/g, "$1$2 ")
      .split(/\s+/).map(fold).filter(Boolean);
  }

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (data) {
        return data.d.map(function (d, i) {
          var p = data.p[d[0].slice(0, 2)] || ["", ""];
          return { code: d[0], th: d[1], en: d[2], pth: p[0], pen: p[1], i: i,
                   k: [d[0], fold(d[1]), fold(d[2]), fold(p[0]), fold(p[1])] };
        });
      });
      cache[url].catch(function () { delete cache[url]; });  // a later keystroke tries again
    }
    return cache[url];
  }

  // Lower is better; null: no match. Exact names and codes first, then names that begin with the query, then
  // district and province typed together, then names that hold the query, then every district of a matching
  // province (in the list's order, so the province's own เมือง district, which holds its name, comes first).
  function rank(d, all) {
    var code = d.k[0], th = d.k[1], en = d.k[2], pth = d.k[3], pen = d.k[4];
    if (all === code || all === th || all === en) return 0;
    if (th.indexOf(all) === 0 || en.indexOf(all) === 0 || (/^\d+$/.test(all) && code.indexOf(all) === 0)) return 1;
    if (together(all, th, pth) || together(all, en, pen) || together(all, pth, th) || together(all, pen, en)) return 2;
    if (th.indexOf(all) > 0 || en.indexOf(all) > 0) return 3;
    if (all === pth || all === pen) return 4;
    if (pth.indexOf(all) === 0 || pen.indexOf(all) === 0) return 5;
    if (pth.indexOf(all) > 0 || pen.indexOf(all) > 0) return 6;
    return null;
  }

  function rankProvince(d, all) {
    var pth = d.k[3], pen = d.k[4], seat = /01$/.test(d.code) ? 0 : 1;  // its เมือง district (code ..01) first
    if (all === pth || all === pen) return seat;
    if (pth.indexOf(all) === 0 || pen.indexOf(all) === 0) return 2 + seat;
    return null;
  }

  function together(all, first, second) {  // "คูเมืองบุรีรัมย์": one name, then the start of the other
    return all.length > first.length && all.indexOf(first) === 0 && second.indexOf(all.slice(first.length)) === 0;
  }

  // When the words run together match nothing, each word on its own: "บุรีรัมย์ คูเมือง", "Nang Rong 31".
  function rankWords(d, ws) {
    var k = d.k;
    var each = ws.every(function (w) {
      return k[0].indexOf(w) === 0 || k.slice(1).some(function (name) { return name.indexOf(w) >= 0; });
    });
    if (!each) return null;
    return ws.some(function (w) { return w === k[0] || w === k[1] || w === k[2]; }) ? 0 : 1;
  }

  function match(districts, query) {
    var ws = words(query), all = ws.join("");
    if (!all) return [];
    var found = [];
    if (/จังหวัด|จ\./.test(query)) {  // a province asked for by name: its districts, not others named like it
      districts.forEach(function (d) {
        var r = rankProvince(d, all);
        if (r !== null) found.push({ d: d, r: r });
      });
    }
    if (!found.length) {
      districts.forEach(function (d) {
        var r = rank(d, all);
        if (r !== null) found.push({ d: d, r: r });
      });
    }
    if (!found.length && ws.length > 1) {
      districts.forEach(function (d) {
        var r = rankWords(d, ws);
        if (r !== null) found.push({ d: d, r: r });
      });
    }
    found.sort(function (a, b) { return a.r - b.r || a.d.i - b.d.i; });
    return found.map(function (f) { return f.d; });
  }

  function enhance(root) {
    if (root.dataset.enhanced) return;
    root.dataset.enhanced = "1";
    var box = root.querySelector(".finder-box");
    var input = root.querySelector("[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[role=status]");
    if (!box || !input || !list || !window.fetch) return;  // the link to the list stays
    var dataUrl = new URL(root.getAttribute("data-finder"), document.baseURI).href;
    var results = [], active = -1, wanted = false, seq = 0;

    function pageOf(d) { return new URL(d.code + "/", dataUrl).href; }

    function go(d) {
      if (d) window.location.assign(pageOf(d));
    }

    function setActive(i) {
      var options = list.children;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
        options[active].classList.remove("is-active");
      }
      active = i;
      if (i >= 0 && options[i]) {
        options[i].setAttribute("aria-selected", "true");
        options[i].classList.add("is-active");
        input.setAttribute("aria-activedescendant", options[i].id);
        var top = options[i].offsetTop, bottom = top + options[i].offsetHeight;
        if (top < list.scrollTop) list.scrollTop = top;
        else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight;
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open(show) {
      list.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) setActive(-1);
    }

    function render(found, query) {
      results = found.slice(0, SHOWN);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.textContent = "";
      results.forEach(function (d, i) {
        var li = document.createElement("li");
        li.id = "finder-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-href", pageOf(d));
        var name = document.createElement("span");
        name.className = "finder-name";
        name.textContent = "อำเภอ" + d.th + " จังหวัด" + d.pth;
        var more = document.createElement("span");
        more.className = "finder-more";
        more.textContent = d.en + ", " + d.pen + " · " + d.code;
        li.appendChild(name);
        li.appendChild(more);
        list.appendChild(li);
      });
      open(results.length > 0);
      if (!query.trim()) status.textContent = "";
      else if (!found.length) status.textContent = "ไม่พบอำเภอที่ตรงกับ “" + query.trim() + "”";
      else status.textContent = "พบ " + found.length + " อำเภอ" +
        (found.length > SHOWN ? " แสดง " + SHOWN + " อำเภอแรก" : "") + " กด Enter เพื่อเปิดอำเภอแรก";
    }

    function update() {
      var query = input.value, mine = ++seq;
      if (!words(query).length) {
        render([], "");
        return;
      }
      load(dataUrl).then(function (districts) {
        if (mine !== seq) return;  // a later keystroke has its own answer
        render(match(districts, query), query);
        if (wanted) {
          wanted = false;
          go(results[0]);
        }
      }, function () {
        if (mine === seq) status.textContent = "โหลดรายชื่ออำเภอไม่สำเร็จ ลองอีกครั้ง";
      });
    }

    input.addEventListener("input", function () { wanted = false; update(); });
    input.addEventListener("focus", function () { load(dataUrl); });
    input.addEventListener("keydown", function (event) {
      var n = results.length;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          event.preventDefault();
          if (list.hidden) { if (n) open(true); if (event.altKey) return; }
          if (n) setActive(active < n - 1 ? active + 1 : 0);
          break;
        case "ArrowUp":
        case "Up":
          event.preventDefault();
          if (list.hidden && n) open(true);
          if (n) setActive(active > 0 ? active - 1 : n - 1);
          break;
        case "Enter":
          event.preventDefault();
          if (active >= 0 && !list.hidden) go(results[active]);
          else if (n) go(results[0]);
          else if (words(input.value).length) { wanted = true; update(); }  // still loading: go when it comes
          break;
        case "Escape":
        case "Esc":
          if (!list.hidden) { event.preventDefault(); open(false); }
          else if (input.value) { event.preventDefault(); input.value = ""; render([], ""); }
          break;
        case "Tab":
          open(false);
          break;
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(function () { if (document.activeElement !== input) open(false); }, 150);
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the focus
    list.addEventListener("click", function (event) {
      var li = event.target.closest("[role=option]");
      if (li) window.location.assign(li.getAttribute("data-href"));
    });
    list.addEventListener("mousemove", function (event) {
      var li = event.target.closest("[role=option]");
      var i = li ? Array.prototype.indexOf.call(list.children, li) : -1;
      if (i >= 0 && i !== active) setActive(i);
    });
    box.hidden = false;
    if (input.value) update();  // text kept by the browser on going back
  }

  function init() {
    document.querySelectorAll("[data-finder]").forEach(enhance);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
