// Progressive enhancement for the document view: a "Copy" button beside each page's citation.
// Without JavaScript the citation stays a read-only field to select and copy by hand.
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
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the citation of " + field.id.replace("cite-", "page "));
    button.addEventListener("click", function () {
      copyText(field).then(function () {
        button.textContent = "Copied";
        status.textContent = "Copied: " + field.value;
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }, function () {
        field.focus();
        field.select();
        status.textContent = "Press Ctrl+C or use your browser's copy to copy the selected citation.";
      });
    });
    field.addEventListener("focus", function () { field.select(); });
    field.parentNode.appendChild(button);
  });
})();
