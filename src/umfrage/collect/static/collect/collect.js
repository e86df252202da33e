// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // An exclusive option ("Wir benötigen keine Unterstützung") unticks the others and vice versa;
  // the server checks the same rule, this just saves a round trip.
  document.querySelectorAll("fieldset").forEach(function (group) {
    var exclusive = group.querySelectorAll("input[type=checkbox][aria-describedby$='-hint']");
    if (!exclusive.length) { return; }
    group.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked) { return; }
      var isExclusive = Array.prototype.indexOf.call(exclusive, box) >= 0;
      group.querySelectorAll("input[type=checkbox]").forEach(function (other) {
        var otherExclusive = Array.prototype.indexOf.call(exclusive, other) >= 0;
        if (other !== box && (isExclusive || otherExclusive)) { other.checked = false; }
      });
    });
  });
  // A link of the error summary goes to the question's box (legend or label, hint, message),
  // which works without this file; here it also puts the cursor into the input, with the
  // question still in view.
  document.querySelectorAll("a[data-focus]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var box = document.getElementById(link.hash.slice(1));
      var input = document.getElementById(link.getAttribute("data-focus"));
      if (!box || !input) { return; }
      event.preventDefault();
      box.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  });
  // The final submit button cannot be pressed twice (the server would ignore the second press).
  document.querySelectorAll("button[data-once]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
})();
