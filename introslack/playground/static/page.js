// introslack playground: what a Slack client does, in a page. The server renders every region
// (escaped); this script only swaps them in, reads forms back, and asks the server to send
// Slack's signed payloads to the app. No build step, no dependencies.
(() => {
  "use strict";

  const body = document.body;
  const page = {
    as: body.dataset.as,
    pane: body.dataset.pane,
    generation: Number(body.dataset.generation),
    version: Number(body.dataset.version),
    baseline: Number(body.dataset.now),
    seen: {},
    shown: {},
    latest: {},
    watcher: null,
  };
  const regions = ["sidebar", "main", "modal", "clock"];
  for (const name of regions) page.shown[name] = byId(name).innerHTML;

  function byId(id) {
    return document.getElementById(id);
  }

  // -- talking to the playground -----------------------------------------------------------

  async function act(action, payload) {
    const response = await fetch(`/playground/${action}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ as: page.as, ...payload }),
    });
    const answer = await response.json().catch(() => ({ ok: false, error: "No answer." }));
    if (!answer.ok) toast(answer.error || "Something went wrong.");
    return answer;
  }

  function stateUrl(wait) {
    const query = new URLSearchParams({ as: page.as, pane: page.pane });
    if (wait) {
      query.set("wait", "1");
      query.set("generation", String(page.generation));
      query.set("version", String(page.version));
    }
    return `/playground/state?${query}`;
  }

  async function refresh() {
    const asked = where();
    const response = await fetch(stateUrl(false));
    if (response.ok) apply(await response.json(), asked);
  }

  // Who and where the page was showing when it asked: an answer for anything else is stale.
  function where() {
    return page.as + " " + page.pane;
  }

  // One long-poll at a time: it returns when the workspace changes, then asks again.
  function watch() {
    if (page.watcher) page.watcher.abort();
    const controller = new AbortController();
    page.watcher = controller;
    (async () => {
      while (!controller.signal.aborted) {
        try {
          const asked = where();
          const response = await fetch(stateUrl(true), { signal: controller.signal });
          if (response.ok) apply(await response.json(), asked);
          else await pause(1000);
        } catch (error) {
          if (controller.signal.aborted) return;
          await pause(1000);
        }
      }
    })();
  }

  function pause(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function apply(state, asked) {
    if (asked !== where()) return;
    if (state.pane !== page.pane) {
      page.pane = state.pane; // a conversation this member is not in: the app's Messages tab
      remember();
    }
    // Generations grow with each reset, versions with each change: never go back to older.
    if (state.generation < page.generation) return;
    const reset = state.generation > page.generation;
    if (!reset && state.version < page.version) return;
    page.generation = state.generation;
    page.version = state.version;
    body.dataset.generation = String(state.generation);
    page.latest = state.latest;
    if (reset) {
      page.seen = {};
      page.baseline = state.now;
    }
    const main = byId("main");
    const atBottom = main.scrollHeight - main.scrollTop - main.clientHeight < 80;
    for (const name of regions) {
      if (page.shown[name] !== state.regions[name]) {
        byId(name).innerHTML = state.regions[name];
        page.shown[name] = state.regions[name];
        if (name === "main" && atBottom) main.scrollTop = main.scrollHeight;
        if (name === "modal") focusModal();
      }
    }
    const composer = byId("composer");
    composer.hidden = state.composer === null;
    if (state.composer !== null) byId("message").placeholder = state.composer;
    markRead();
  }

  function markRead() {
    page.seen[page.as + " " + page.pane] = page.latest[page.pane] || 0;
    for (const item of document.querySelectorAll(".side-item[data-pane]")) {
      const key = page.as + " " + item.dataset.pane;
      const seen = page.seen[key] ?? page.baseline;
      item.classList.toggle("unread", Number(item.dataset.latest) > seen);
    }
  }

  function focusModal() {
    const field = byId("modal").querySelector("input, select, textarea");
    if (field) field.focus();
  }

  function toast(text) {
    const box = byId("toast");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (box.hidden = true), 6000);
  }

  // -- navigation ------------------------------------------------------------------------

  function remember() {
    const query = new URLSearchParams({ as: page.as, pane: page.pane });
    history.replaceState(null, "", `/?${query}`);
  }

  async function go(pane) {
    page.pane = pane;
    remember();
    if (pane === "home" || pane === "messages") await act("open", { tab: pane });
    await refresh();
    const main = byId("main");
    main.scrollTop = main.scrollHeight;
    watch();
  }

  byId("as").addEventListener("change", (event) => {
    page.as = event.target.value;
    byId("note").textContent = "";
    go(page.pane);
  });

  // -- clicks: panes, buttons, modals ------------------------------------------------------

  document.addEventListener("click", async (event) => {
    const paneLink = event.target.closest("a[data-pane]");
    if (paneLink) {
      event.preventDefault();
      await go(paneLink.dataset.pane);
      return;
    }
    const closer = event.target.closest("[data-close-view]");
    if (closer) {
      const modal = closer.closest("[data-view-id]");
      await act("close", { view_id: modal.dataset.viewId });
      await refresh();
      return;
    }
    const button = event.target.closest("button.bk-button[data-action-id]");
    if (button) await press(button);
  });

  async function press(button) {
    const confirm = button.nextElementSibling;
    if (confirm && confirm.matches("template.bk-confirm") && !(await confirmed(confirm))) return;
    if (button.dataset.url) window.open(button.dataset.url, "_blank", "noopener");
    const where = whereClicked(button);
    if (!where) {
      toast("Buttons on notes only you can see are not part of the playground.");
      return;
    }
    button.disabled = true;
    try {
      await act("click", {
        action_id: button.dataset.actionId,
        block_id: button.dataset.blockId,
        value: button.dataset.value ?? null,
        ...where,
      });
    } finally {
      button.disabled = false;
    }
    await refresh();
  }

  function whereClicked(button) {
    const message = button.closest(".message[data-ts]");
    if (message) return { channel: message.dataset.channel, ts: message.dataset.ts };
    const view = button.closest("[data-view-id]");
    if (view) return { view_id: view.dataset.viewId };
    return null;
  }

  function confirmed(template) {
    const holder = byId("confirm");
    holder.innerHTML = "";
    const overlay = document.createElement("div");
    overlay.className = "overlay";
    overlay.appendChild(template.content.cloneNode(true));
    holder.appendChild(overlay);
    return new Promise((resolve) => {
      overlay.addEventListener("click", (event) => {
        const yes = event.target.closest("[data-confirm]");
        const no = event.target.closest("[data-deny]");
        if (!yes && !no) return;
        holder.innerHTML = "";
        resolve(Boolean(yes));
      });
    });
  }

  // -- modal submission: read the inputs back as Slack's client would --------------------

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.id === "composer") {
      event.preventDefault();
      await send();
      return;
    }
    if (!form.matches("form.bk-modal-body")) return;
    event.preventDefault();
    if (!checkRequired(form)) return;
    const values = {};
    for (const block of form.querySelectorAll(".bk-input[data-block-id]")) {
      values[block.dataset.blockId] = readInput(block);
    }
    const submit = byId("modal").querySelector('button[type="submit"]');
    if (submit) submit.disabled = true;
    try {
      await act("submit", { view_id: form.dataset.viewId, values });
    } finally {
      if (submit) submit.disabled = false;
    }
    await refresh();
  });

  function readInput(block) {
    const type = block.dataset.type;
    if (type === "radio_buttons") {
      const picked = block.querySelector("input:checked");
      return picked ? picked.value : null;
    }
    if (type === "checkboxes") {
      return [...block.querySelectorAll("input:checked")].map((input) => input.value);
    }
    const field = block.querySelector(".bk-field-input");
    if (!field) return null;
    if (field.multiple) return [...field.selectedOptions].map((option) => option.value);
    return field.value === "" ? null : field.value;
  }

  // Slack's client refuses to submit an empty required input; so does the browser, here.
  function checkRequired(form) {
    for (const block of form.querySelectorAll(".bk-input[data-type='checkboxes'][data-required]")) {
      const first = block.querySelector("input");
      if (first) {
        const none = !block.querySelector("input:checked");
        first.setCustomValidity(none ? "Please complete this required field." : "");
      }
    }
    return form.reportValidity();
  }

  // -- the message box ---------------------------------------------------------------------

  async function send() {
    const input = byId("message");
    const text = input.value.trim();
    if (!text) return;
    const answer = await act("send", { pane: page.pane, text });
    if (answer.ok) input.value = "";
    byId("note").textContent = answer.note || "";
    await refresh();
  }

  // -- time travel and reset -------------------------------------------------------------

  for (const button of document.querySelectorAll("[data-travel]")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await act("travel", { by: button.dataset.travel });
      } finally {
        button.disabled = false;
      }
      await refresh();
    });
  }

  byId("reset").addEventListener("click", async () => {
    if (!window.confirm("Start over with a fresh workspace and database?")) return;
    await act("reset", {});
    byId("note").textContent = "";
    await go(page.pane);
  });

  // -- start -------------------------------------------------------------------------------

  markRead();
  go(page.pane);
})();
