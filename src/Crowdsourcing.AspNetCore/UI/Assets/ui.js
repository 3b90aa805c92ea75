// The expert pages: focus on what needs attention, and the live notice when someone else changes the open request.
// Plain script, no build step, nothing from outside the host; the pages work without it (forms post as usual).
(function () {
  "use strict";

  function format(template, args) {
    return template.replace(/\{(\d+)\}/g, (_, i) => (args[Number(i)] ?? ""));
  }

  function when(iso) {
    const d = new Date(iso);
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  }

  // What the person has typed or picked for one question, as the server stores it (choices joined with ';').
  function currentValue(block) {
    const boxes = block.querySelectorAll("input[type=checkbox][name^='a.']");
    if (boxes.length > 0) {
      return Array.from(boxes).filter((b) => b.checked).map((b) => b.value).join(";");
    }
    const field = block.querySelector("[name^='a.']");
    return field ? field.value.trim() : "";
  }

  function focusFirst() {
    const target = document.getElementById("error-summary") || document.getElementById("conflict");
    if (target) {
      target.focus();
    }
  }

  function live(form) {
    const notice = document.getElementById("live-notice");
    const text = document.getElementById("live-notice-text");
    const refresh = document.getElementById("live-refresh");
    const version = document.getElementById("response-version");
    const me = form.dataset.me;
    if (!notice || !window.EventSource) {
      return;
    }

    const source = new EventSource(form.dataset.events);
    source.addEventListener("listening", () => { form.dataset.listening = "true"; });
    source.addEventListener("changed", (event) => {
      const change = JSON.parse(event.data);
      const newer = change.responseVersion > Number(version.value);
      if (!newer && change.by === me) {
        return;
      }
      if (!newer && change.kind === "saved") {
        return;
      }
      text.textContent = format(form.dataset.textChanged, [change.byName || change.by, when(change.at)]);
      notice.dataset.kind = change.kind;
      notice.dataset.version = String(change.responseVersion);
      notice.hidden = false;
    });
    window.addEventListener("pagehide", () => source.close());

    // Shows the stored version beside the person's input, which stays as it is; the next save replaces the stored one.
    refresh.addEventListener("click", async () => {
      refresh.disabled = true;
      try {
        const response = await fetch(form.dataset.state, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) {
          text.textContent = `${response.status} ${response.statusText}`;
          return;
        }
        const state = await response.json();
        for (const block of form.querySelectorAll(".question[data-question]")) {
          const id = block.dataset.question;
          const stored = state.answers[id];
          const theirs = block.querySelector(".theirs");
          const mine = currentValue(block);
          if ((stored ? stored.value : "") === mine) {
            theirs.hidden = true;
            theirs.textContent = "";
          } else {
            theirs.textContent = stored ? format(form.dataset.textTheirs, [stored.value, stored.by]) : form.dataset.textCleared;
            theirs.hidden = false;
          }
        }
        version.value = String(state.version);
        text.textContent = format(form.dataset.textRefreshed, [state.modifiedBy || "", state.modifiedAt ? when(state.modifiedAt) : ""]);
        notice.dataset.refreshed = "true";
        text.focus();
      } finally {
        refresh.disabled = false;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    focusFirst();
    const form = document.getElementById("answers");
    if (form && form.dataset.events) {
      live(form);
    }
  });
})();
