// glossary review: keyboard, row selection and error messages; htmx does the requests.
(function () {
  "use strict";
  let selected = null; // data-id of the selected row

  function rows() {
    return Array.from(document.querySelectorAll(document.body.dataset.tab === "terms" ? "#rows tr.row" : "#pair-table tr.pair"));
  }

  function mark() {
    rows().forEach((tr) => tr.classList.toggle("selected", tr.dataset.id === selected));
  }

  function select(tr) {
    if (!tr) return;
    selected = tr.dataset.id;
    mark();
    tr.scrollIntoView({ block: "nearest" });
    if (document.body.dataset.tab === "terms") htmx.trigger(tr, "select");
  }

  function move(step) {
    const all = rows();
    const at = all.findIndex((tr) => tr.dataset.id === selected);
    select(all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + step))]);
  }

  function say(text, kind) {
    const status = document.getElementById("status");
    status.textContent = text;
    status.className = kind || "";
  }

  function click(selector) {
    const scope = document.body.dataset.tab === "terms" ? document : document.querySelector(`#pair-table tr.pair[data-id="${selected}"]`);
    const button = scope && scope.querySelector(selector);
    if (button) button.click();
  }

  function focus(id) {
    const input = document.getElementById(id);
    if (input) {
      input.focus();
      input.select();
    }
  }

  document.addEventListener("click", (event) => {
    const tr = event.target.closest("#rows tr.row, #pair-table tr.pair");
    if (tr && !event.target.closest("button, input, form")) select(tr);
    const candidate = event.target.closest("button.candidate");
    if (candidate) {
      const input = document.getElementById("english");
      input.value = candidate.dataset.text;
      input.focus();
    }
    const page = event.target.closest("button.page");
    if (page) {
      document.getElementById("page").value = page.dataset.page;
      htmx.trigger("#filters", "change");
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea")) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const terms = document.body.dataset.tab === "terms";
    const keys = terms
      ? { j: () => move(1), k: () => move(-1), a: () => click("#approve"), r: () => click("#reject"),
          e: () => focus("english"), m: () => focus("into"), u: () => document.getElementById("undo").click() }
      : { j: () => move(1), k: () => move(-1), a: () => click("button.accept"), r: () => click("button.reject"),
          n: () => click("button.join"), s: () => click("button.split-button"),
          u: () => document.getElementById("align-undo").click() };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  document.addEventListener("input", (event) => {
    // A new filter starts at the first page.
    if (event.target.closest("#filters") && event.target.id !== "page") document.getElementById("page").value = "0";
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    mark();
    if (event.detail.target.id === "detail") {
      // htmx gives the focus back to the new form field of the same id: the keys are for the list again
      if (document.activeElement && document.activeElement.closest("#detail")) document.activeElement.blur();
      const entry = event.detail.target.querySelector(".entry");
      if (entry) {
        selected = entry.dataset.id;
        mark();
      }
      const note = event.detail.target.querySelector(".note");
      say(note ? note.textContent : "", "ok");
    }
    if (event.detail.target.id === "pairs") {
      const note = event.detail.target.querySelector(".note");
      say(note ? note.textContent : "", "ok");
      if (!rows().some((tr) => tr.dataset.id === selected)) selected = null;
      mark();
    }
  });

  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    const text = new DOMParser().parseFromString(xhr.responseText, "text/html").body.textContent.trim();
    say(`${xhr.status}: ${text}`, xhr.status === 409 ? "stale" : "error");
  });
})();
