/* Repeated form rows (attendees, cases, action items): numbering added rows and removing them.
 *
 * Kept in a static file, not in templates, because the Content-Security-Policy allows scripts from this
 * origin only (no inline handlers, no evaluated htmx attributes; see docs/security.md).
 *   data-next-row="GROUP"   on an htmx trigger: the request carries index = the next free row number of GROUP,
 *                           so rows added after removals never share field names.
 *   data-remove-row         on a button: removes the row (the enclosing fieldset);
 *   data-removed-event="E"  …then tells the page (htmx event E on <body>), e.g. so action items re-list cases.
 *   data-no-submit-on-enter on a search field inside a form: Enter searches (htmx) instead of saving the form.
 */
(function () {
  "use strict";

  function nextRow(group) {
    let next = 0;
    document.querySelectorAll('[name^="' + group + '-"]').forEach(function (el) {
      const n = parseInt(el.name.split("-")[1], 10);
      if (n >= next) { next = n + 1; }
    });
    return next;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    const group = event.detail.elt.getAttribute("data-next-row");
    if (group) { event.detail.parameters.index = nextRow(group); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.closest("[data-no-submit-on-enter]")) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-remove-row]");
    if (!button) { return; }
    const removed = button.getAttribute("data-removed-event");
    button.closest("fieldset").remove();
    if (removed && window.htmx) { window.htmx.trigger(document.body, removed); }
  });
})();
