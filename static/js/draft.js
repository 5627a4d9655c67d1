// An unsaved copy of a wizard step's fields in the browser, so that a save that never
// reached the database (the 503 page) loses nothing: on submit the step's fields go to
// localStorage, keyed by appeal and step, with the page's revision; the next visit of
// that step at the same revision, with other values in the form, offers to put them
// back. A successful save clears the copy (the next page shows a success message);
// a copy of an older revision is dropped, since a newer version was saved since.
(function () {
  "use strict";
  var form = document.getElementById("step-form");
  var offer = document.getElementById("draft-offer");
  var where = /^\/appeals\/(\d+)\/step\/([a-z-]+)\/$/.exec(window.location.pathname);
  if (!form || !where) {
    return;
  }
  var PREFIX = "reinstate:draft:";
  var LAST = PREFIX + "last";
  var MAX_AGE_MS = 7 * 24 * 3600 * 1000; // a forgotten copy does not stay for ever
  var key = PREFIX + where[1] + ":" + where[2];
  var revisionInput = form.querySelector("input[name=revision]");
  var revision = revisionInput ? revisionInput.value : "";
  var SKIP = { csrfmiddlewaretoken: true, revision: true };

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // storage switched off: the wizard works as before
    }
  }

  function read(name) {
    var store = storage();
    try {
      return store ? JSON.parse(store.getItem(name) || "null") : null;
    } catch (e) {
      return null;
    }
  }

  function remove(name) {
    var store = storage();
    if (store) {
      store.removeItem(name);
    }
  }

  function fields() {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.disabled) {
        return;
      }
      if (/^(submit|button|file|reset)$/.test(el.type)) {
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        values.push([el.name, el.value, el.checked]);
      } else if (el.type === "select-multiple") {
        values.push([el.name, Array.prototype.map.call(el.selectedOptions, function (o) {
          return o.value;
        })]);
      } else {
        values.push([el.name, el.value]);
      }
    });
    return values;
  }

  function restore(values) {
    var seen = {};
    values.forEach(function (entry) {
      var name = entry[0];
      var all = form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']");
      if (entry.length === 3) {
        Array.prototype.forEach.call(all, function (el) {
          if (el.value === entry[1]) {
            el.checked = entry[2];
          }
        });
        return;
      }
      var index = seen[name] || 0; // several fields of one name: in their order
      seen[name] = index + 1;
      var el = all[index];
      if (el && Array.isArray(entry[1])) {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = entry[1].indexOf(o.value) !== -1;
        });
      } else if (el) {
        el.value = entry[1];
      }
    });
    form.dispatchEvent(new Event("input", { bubbles: true })); // the live letter
  }

  // Clear what a successful save made useless.
  var saved = document.querySelector(".messages .alert-success");
  var last = read(LAST);
  if (saved && last) {
    remove(PREFIX + last);
    remove(LAST);
  }
  var draft = read(key);
  if (draft) {
    var stale = draft.revision !== revision || Date.now() - draft.at > MAX_AGE_MS;
    if (stale) {
      remove(key);
    } else if (offer && JSON.stringify(draft.fields) !== JSON.stringify(fields())) {
      offer.hidden = false;
      document.getElementById("draft-restore").addEventListener("click", function () {
        restore(draft.fields);
        offer.hidden = true;
      });
      document.getElementById("draft-discard").addEventListener("click", function () {
        remove(key);
        if (PREFIX + read(LAST) === key) {
          remove(LAST);
        }
        offer.hidden = true;
      });
    }
  }

  form.addEventListener("submit", function () {
    var store = storage();
    if (!store) {
      return;
    }
    try {
      store.setItem(key, JSON.stringify({ revision: revision, at: Date.now(), fields: fields() }));
      store.setItem(LAST, JSON.stringify(where[1] + ":" + where[2]));
    } catch (e) {
      // full or refused: the save itself goes on
    }
  });
})();
