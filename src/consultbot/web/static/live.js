/* The Live page keeps its list fresh: every few seconds it fetches the list from the server
   (rendered and escaped there) and swaps it in, unless a reply is being written in it. */
(function () {
  "use strict";
  const board = document.getElementById("live-board");
  if (!board) return;
  const url = board.getAttribute("data-board-url");
  const EVERY_MS = 3000;
  const HIDDEN_EVERY_MS = 15000;

  function typing() {
    for (const box of board.querySelectorAll("textarea[data-live-reply]")) {
      if (box.value.trim() || document.activeElement === box) return true;
    }
    return false;
  }

  function updateBadge(html) {
    const count = (html.match(/data-status="waiting"/g) || []).length;
    const badge = document.querySelector("[data-live-count]");
    if (badge) {
      badge.textContent = String(count);
      badge.hidden = count === 0;
    }
  }

  async function refresh() {
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.ok && !typing()) {
        const html = await response.text();
        const template = document.createElement("template");
        template.innerHTML = html;
        board.replaceChildren(template.content);
        updateBadge(html);
      }
    } catch (error) {
      // Offline for a moment: the next round tries again.
    }
    setTimeout(refresh, document.hidden ? HIDDEN_EVERY_MS : EVERY_MS);
  }

  setTimeout(refresh, EVERY_MS);
})();
