// Review queue keys: c confirm, r reject, e open the event to edit, j/n next, k/p previous.
(function () {
  "use strict";
  function go(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    if (el.tagName === "FORM") { el.submit(); } else { window.location.href = el.getAttribute("href"); }
    return true;
  }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var map = { c: "confirm-form", r: "reject-form", e: "edit-link", j: "next-link", n: "next-link",
                k: "prev-link", p: "prev-link" };
    var id = map[ev.key];
    if (id && go(id)) ev.preventDefault();
  });
})();
