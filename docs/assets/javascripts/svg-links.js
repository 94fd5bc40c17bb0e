/* The map's province links are SVG <a> elements with a plain href (for crawlers, issue #16) as well as
   xlink:href. Material's instant navigation makes every [href] absolute by assigning el.href = el.href, which
   throws on an SVG <a>: its href is a read-only SVGAnimatedString. A setter that writes the attribute lets that
   assignment work (Material 9.x, bundle function for "[href], [src]"); reading href is unchanged. */
(function () {
  "use strict";
  var proto = window.SVGAElement && SVGAElement.prototype;
  var own = proto && Object.getOwnPropertyDescriptor(proto, "href");
  if (!own || own.set || !own.get) return;  // a browser where it is already writable, or unknown: leave it
  Object.defineProperty(proto, "href", {
    configurable: true,
    enumerable: own.enumerable,
    get: own.get,
    set: function (value) {
      var text = value && typeof value === "object" && "baseVal" in value ? value.baseVal : String(value);
      this.setAttribute("href", text);
      if (this.hasAttributeNS("http://www.w3.org/1999/xlink", "href")) {
        this.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", text);
      }
    }
  });
})();
