// Progressive enhancement: a "copy" button for a read-only field. Without JavaScript the
// button stays hidden and the field can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          if (status) { status.textContent = "Der Link ist in die Zwischenablage kopiert."; }
        },
        function () {
          field.select();
          if (status) { status.textContent = "Kopieren nicht möglich: Der Link ist markiert, kopieren Sie ihn mit Strg+C."; }
        }
      );
    });
  });
})();
