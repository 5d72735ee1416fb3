// Link each attribution's pieces in the text with its entry beside the text:
// hovering or focusing one outlines all of them. No libraries, no network.
(function () {
  "use strict";
  function related(el) {
    var id = el.getAttribute("data-att");
    if (!id) { return []; }
    return document.querySelectorAll('[data-att="' + CSS.escape(id) + '"]');
  }
  function toggle(event, on) {
    var el = event.target.closest && event.target.closest("[data-att]");
    if (!el) { return; }
    related(el).forEach(function (x) { x.classList.toggle("hl", on); });
  }
  document.addEventListener("mouseover", function (e) { toggle(e, true); });
  document.addEventListener("mouseout", function (e) { toggle(e, false); });
  document.addEventListener("focusin", function (e) { toggle(e, true); });
  document.addEventListener("focusout", function (e) { toggle(e, false); });
})();
