// Reinstate wizard: the live letter beside each step, and copy buttons. Every step also works without it.
(function () {
  "use strict";

  var form = document.getElementById("step-form");
  var preview = document.getElementById("letter-preview");
  if (form && preview && window.fetch && window.FormData) {
    var timer = null;
    var pending = null;
    var refresh = function () {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch(form.dataset.liveLetterUrl, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: pending.signal
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (html) {
        // The server returns nh3-sanitised HTML built from escaped text.
        preview.innerHTML = html;
        preview.classList.remove("opacity-50");
      }).catch(function () { preview.classList.remove("opacity-50"); });
    };
    var schedule = function () {
      preview.classList.add("opacity-50");
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 500);
    };
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
  }

  var status = document.getElementById("copy-status");
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.copyTarget);
      if (!source) { return; }
      var text = source.value !== undefined ? source.value : source.textContent;
      var done = function () {
        var label = button.dataset.copiedLabel || "✓";
        if (status) { status.textContent = label; }
        button.classList.add("btn-success");
        window.setTimeout(function () { button.classList.remove("btn-success"); }, 1500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { source.select && source.select(); });
      } else if (source.select) {
        source.select();
        document.execCommand("copy");
        done();
      }
    });
  });
})();
