// Progressive enhancement for the document view: a "Copy" button beside each page's citation.
// Without JavaScript the citation stays a read-only field to select and copy by hand.
// Its words come from the field's data-* attributes, written by the page in its language.
(function () {
  "use strict";
  var fields = document.querySelectorAll("textarea.citation");
  if (!fields.length) return;

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function copyText(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.select();
    var copied = document.execCommand && document.execCommand("copy");
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  Array.prototype.forEach.call(fields, function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    var words = field.dataset;
    button.textContent = words.copy || "Copy";
    button.setAttribute("aria-label", words.copyLabel || "Copy the citation");
    button.addEventListener("click", function () {
      copyText(field).then(function () {
        button.textContent = words.copied || "Copied";
        status.textContent = words.copiedStatus || field.value;
        setTimeout(function () { button.textContent = words.copy || "Copy"; }, 2000);
      }, function () {
        field.focus();
        field.select();
        status.textContent = words.copyHelp || "";
      });
    });
    field.addEventListener("focus", function () { field.select(); });
    field.parentNode.appendChild(button);
  });
})();
