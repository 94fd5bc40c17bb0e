/* Keyboard and screen readers on every width (issue #16, item 4; WCAG 2.1.1, 2.4.3, 4.1.2).
   Material for MkDocs (9.8.2) opens its navigation drawer, and the panels inside it, with <label for=checkbox>:
   a label is not a tab stop and Enter does nothing on it. Here such labels become buttons: a tab stop, a name,
   aria-expanded kept in step with the checkbox (however it changes), Enter and Space toggle it. Opening the drawer
   by keyboard moves the focus into it; Escape, or the focus leaving it, closes it and the focus returns to the menu
   button. The closed drawer is hidden from Tab and screen readers by docs/stylesheets/keyboard.css.
   Works with and without Material's instant navigation. */
(function () {
  "use strict";
  var OFF_CANVAS = window.matchMedia("(max-width: 76.234375em)");  // Material's drawer breakpoint
  var MENU = 'label.md-header__button[for="__drawer"]';
  // labels that open a panel in the drawer (the page's contents, nested sections) and the panel's own title (back)
  var PANEL = '.md-nav--primary label.md-nav__link[for], .md-nav--primary .md-nav label.md-nav__title[for]';
  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), [tabindex="0"]';
  var NAMES = { __drawer: "เมนู" };  // Thai: "menu"; the panel labels are named by their own text
  var CONTENTS = "สารบัญ";  // "contents": what the label beside the page's name opens in the drawer
  var native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "checked");

  function drawer() { return document.getElementById("__drawer"); }
  function sidebar() { return document.querySelector(".md-sidebar--primary"); }
  function menuButton() { return document.querySelector(MENU); }
  function isOpen() { var d = drawer(); return !!(d && d.checked); }

  function labelsFor(id) {
    return document.querySelectorAll('label[data-portal-toggle][for="' + id + '"]');
  }

  function sync(input) {
    var expanded = input.checked ? "true" : "false";
    labelsFor(input.id).forEach(function (label) { label.setAttribute("aria-expanded", expanded); });
  }

  // A change by click fires "change"; Material's own setToggle() only sets .checked: watch both.
  function watch(input) {
    if (!input || input.hasAttribute("data-portal-watched")) return;
    input.setAttribute("data-portal-watched", "");
    input.addEventListener("change", function () { changed(input); });
    if (native && native.set) {
      Object.defineProperty(input, "checked", {
        configurable: true,
        get: function () { return native.get.call(this); },
        set: function (value) {
          var before = native.get.call(this);
          native.set.call(this, value);
          if (before !== !!value) changed(input);
        }
      });
    }
  }

  function changed(input) {
    sync(input);
    if (input.id === "__drawer" && !input.checked) {
      var side = sidebar(), active = document.activeElement;
      if (side && active && side.contains(active)) focus(menuButton());  // never leave the focus in a hidden drawer
    }
  }

  function asButton(label, controls) {
    var id = label.getAttribute("for");
    var input = document.getElementById(id);
    if (!input) return;
    label.setAttribute("data-portal-toggle", "");
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    if (NAMES[id] && !label.hasAttribute("aria-label")) label.setAttribute("aria-label", NAMES[id]);
    if (controls && controls.id) label.setAttribute("aria-controls", controls.id);
    label.setAttribute("aria-expanded", input.checked ? "true" : "false");
    watch(input);
  }

  function decorate() {
    var side = sidebar();
    if (side && !side.id) side.id = "portal-drawer";
    var menu = menuButton();
    if (menu) asButton(menu, side);
    document.querySelectorAll(PANEL).forEach(function (label) {
      var input = document.getElementById(label.getAttribute("for"));
      var panel = input && input.parentNode.querySelector(":scope > .md-nav");
      if (panel && !panel.id) panel.id = "portal-panel-" + input.id.replace(/^_+/, "");
      asButton(label, panel);
      if (input && input.id === "__toc" && label.classList.contains("md-nav__link") && !label.hasAttribute("aria-label")) {
        label.setAttribute("aria-label", label.textContent.trim() + ": " + CONTENTS);  // it opens the page's contents
      }
    });
  }

  function focus(el) { if (el) el.focus({ preventScroll: true }); }

  function visible(el) {
    var box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility === "visible";
  }

  function firstFocusable(root) {
    var all = root ? root.querySelectorAll(FOCUSABLE) : [];
    for (var i = 0; i < all.length; i++) if (visible(all[i])) return all[i];
    return null;
  }

  // The panel a label opens, or the panel whose title it is.
  function panelOf(label) {
    var input = document.getElementById(label.getAttribute("for"));
    return input && input.parentNode.querySelector(":scope > .md-nav");
  }

  function toggle(label) {
    var input = document.getElementById(label.getAttribute("for"));
    if (!input) return;
    input.click();  // as a click on the label: the checkbox flips and fires "change"
    var panel = panelOf(label);
    if (input.id === "__drawer") {
      if (input.checked) {
        // visibility is on at once; wait one frame for the layout before choosing the first visible link
        requestAnimationFrame(function () {
          var side = sidebar();
          focus(firstFocusable(side && side.querySelector(".md-nav--primary > .md-nav__list")) || firstFocusable(side));
        });
      }
    } else if (panel) {
      if (input.checked) {
        requestAnimationFrame(function () {
          focus(panel.querySelector(":scope > label.md-nav__title[data-portal-toggle]") || firstFocusable(panel));
        });
      } else {
        var opener = panel.parentNode.querySelector(':scope > label.md-nav__link[data-portal-toggle]');
        if (opener && opener !== label) focus(opener);
      }
    }
  }

  function close() {
    var input = drawer();
    if (input && input.checked) input.checked = false;  // through the setter above: aria-expanded follows
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var target = ev.target;
    var label = target && target.closest && target.closest("label[data-portal-toggle]");
    if (label && label === target && (ev.key === "Enter" || ev.key === " " || ev.key === "Spacebar")) {
      ev.preventDefault();  // Space would scroll the page
      ev.stopPropagation();  // and Material's shortcuts never see it
      toggle(label);
      return;
    }
    if (ev.key === "Escape" && isOpen() && OFF_CANVAS.matches) {
      ev.preventDefault();
      // in an open panel of the drawer: close the panel first, back to the label that opened it
      var panel = document.activeElement && document.activeElement.closest(".md-nav--primary .md-nav");
      var input = panel && panel.parentNode.querySelector(":scope > .md-nav__toggle");
      if (input && input.checked) {
        input.checked = false;
        focus(panel.parentNode.querySelector(":scope > label.md-nav__link[data-portal-toggle]"));
      } else {
        close();
        focus(menuButton());
      }
    }
  }, true);

  // Tab or a click beyond the open drawer (not on its menu button) closes it: the focus never sits under the overlay.
  document.addEventListener("focusin", function (ev) {
    if (!isOpen() || !OFF_CANVAS.matches) return;
    var side = sidebar(), menu = menuButton();
    if ((side && side.contains(ev.target)) || ev.target === menu) return;
    close();
  });

  // On a phone Material pins the page (body[data-md-scrolllock], position: fixed) while its search is open and
  // lets it go 100 ms after Tab has closed the search, scrolling back to where the page was: the element Tab moved
  // to would stay below the screen. Once the page is free again (and for half a second more, while the browser
  // settles its viewport), keep it on the screen.
  function onScreen(el) {
    var box = el.getBoundingClientRect(), view = window.visualViewport;
    var top = view ? view.offsetTop : 0, height = view ? view.height : window.innerHeight;
    return box.bottom > top && box.top < top + height;
  }
  document.addEventListener("focusin", function (ev) {
    var target = ev.target;
    if (!document.body.hasAttribute("data-md-scrolllock")) return;
    var frames = 0, settled = 0;
    (function later() {
      if (document.activeElement !== target || frames++ > 180) return;
      if (!document.body.hasAttribute("data-md-scrolllock")) {
        if (!onScreen(target)) target.scrollIntoView({ block: "center" });
        if (settled++ > 30) return;
      }
      requestAnimationFrame(later);
    })();
  });

  function start() {
    decorate();
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(decorate);  // instant navigation replaces the page's sidebar
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
