// The new-article form checks the size of the chosen file and of the pasted text before it is sent. The
// server refuses a request far over the limit before it reads the form, and what was typed would be lost
// with it; checked here, nothing leaves the page and every field stays as typed. The server checks again
// (articles.forms), so this is a convenience, never the rule.
(function () {
  "use strict";

  function inWords(size) {
    var units = [[1024 * 1024, "MiB"], [1024, "KiB"]];
    for (var i = 0; i < units.length; i++) {
      if (size >= units[i][0]) {
        return (size / units[i][0]).toFixed(1).replace(/\.0$/, "") + " " + units[i][1];
      }
    }
    return size + (size === 1 ? " byte" : " bytes");
  }

  function say(field, message) {
    var box = field.closest(".field");
    var note = box.querySelector("p.size-check");
    if (message === null) {
      if (note) {
        note.remove();
      }
      if (!box.querySelector("p.error")) {
        box.classList.remove("has-errors");
      }
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "error size-check";
      note.setAttribute("role", "alert");
      box.appendChild(note);
    }
    note.textContent = message;
    box.classList.add("has-errors");
  }

  document.querySelectorAll("form[data-max-bytes]").forEach(function (form) {
    var limit = Number(form.getAttribute("data-max-bytes"));
    var upload = form.querySelector("input[type=file]");
    var text = form.querySelector("textarea[name=text]");

    function check() {
      var first = null;
      if (upload) {
        var file = upload.files.length ? upload.files[0] : null;
        if (file && file.size > limit) {
          say(upload, file.name + " is " + inWords(file.size) + "; files up to " + inWords(limit) +
            " can be added. Nothing was sent and what you typed is kept: choose a smaller file, " +
            "or trim or split the article.");
          first = first || upload;
        } else {
          say(upload, null);
        }
      }
      if (text) {
        var size = new Blob([text.value]).size;
        if (size > limit) {
          say(text, "The pasted text is " + inWords(size) + "; articles up to " + inWords(limit) +
            " can be added. Nothing was sent: trim it or split the article.");
          first = first || text;
        } else {
          say(text, null);
        }
      }
      return first;
    }

    if (upload) {
      upload.addEventListener("change", check);
    }
    form.addEventListener("submit", function (event) {
      var wrong = check();
      if (wrong) {
        event.preventDefault();
        wrong.focus();
      }
    });
  });
})();
