/*
 * consultbot chat widget. Embed it with one tag:
 *   <script src="https://SERVICE/widget.js" async></script>
 * Optional attributes on that tag: data-service-url (when the API lives elsewhere),
 * data-title, data-color (#rgb or #rrggbb), data-position (bottom-right or bottom-left).
 * It renders in an open shadow root, so the page's CSS cannot reach it, and every visitor or
 * assistant text is inserted as text, never as HTML.
 *
 * Opening it from the page (see the README's "Opening the chat from your page"):
 *   <button type="button" data-consultbot-open="I'd like to book a call">Book a call</button>
 *   window.Consultbot.open({ message: "How much would a migration cost?" });
 *   window.Consultbot.close();
 * Before the script has loaded, queue calls; they run, in order, once it has:
 *   window.Consultbot = window.Consultbot || [];
 *   window.Consultbot.push(["open", { message: "Hello" }]);
 */
((siteDefaults) => {
  "use strict";

  const POSITIONS = ["bottom-right", "bottom-left"];
  const API_COMMANDS = ["open", "close"];
  const MAX_MESSAGE_CHARS = 2000;
  const RETRY_DELAYS = [300, 900, 1800];
  const GENERIC_ERROR = "Something went wrong. Please try again.";
  const UNREACHABLE_SEND =
    "We can't reach the assistant right now. Your message was not lost; press Retry.";
  const UNREACHABLE_START =
    "We can't reach the assistant right now. Check your connection and press Retry.";

  /* A person's replies show within ~1.5 s; while still waiting, a join shows within ~3 s
     (half the requests: hundreds may wait at once). A hidden tab polls less often. */
  const LIVE_POLL_MS = 1500;
  const LIVE_POLL_WAITING_MS = 3000;
  const LIVE_POLL_HIDDEN_MS = 6000;

  /* Styles for a person in the chat: their lines, the join note, the status line. */
  function liveStyles() {
    return `
.cb-msg-staff{align-self:flex-start;background:#ecfdf5;border:1px solid #a7f3d0;color:#064e3b}
.cb-author{display:block;font-size:12px;font-weight:700;margin-bottom:2px}
.cb-note{align-self:center;font-size:12px;color:#4b5563}
.cb-live{padding:6px 12px;font-size:13px;color:#065f46;background:#ecfdf5;border-radius:8px}`;
  }

  const findScript = () =>
    document.currentScript ||
    [...document.querySelectorAll("script[src]")].find((s) => /\/widget\.js([?#]|$)/.test(s.src));

  const safeColor = (v) =>
    typeof v === "string" && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(v.trim())
      ? v.trim().toLowerCase()
      : null;
  const safePosition = (v) => (POSITIONS.includes(v) ? v : null);
  const safeTitle = (v) => (typeof v === "string" && v.trim().slice(0, 80)) || null;

  function serviceUrl(script) {
    const explicit = script && script.getAttribute("data-service-url");
    try {
      if (explicit) {
        const url = new URL(explicit, location.href);
        return (url.origin + url.pathname).replace(/\/+$/, "");
      }
      if (script && script.src) return new URL(script.src, location.href).origin;
    } catch (error) {
      // An unusable attribute: fall back to the page's own origin.
    }
    return location.origin;
  }

  function readSettings(script) {
    const data = (script && script.dataset) || {};
    const site = siteDefaults || {};
    return {
      service: serviceUrl(script),
      title: safeTitle(data.title) || safeTitle(site.title) || "Chat with us",
      color: safeColor(data.color) || safeColor(site.color) || "#1d4ed8",
      position: safePosition(data.position) || safePosition(site.position) || POSITIONS[0],
    };
  }

  /* Black or white text, whichever reads better on the primary colour. */
  function textOn(hex) {
    let h = hex.slice(1);
    if (h.length === 3) h = h.replace(/./g, "$&$&");
    const [r, g, b] = [0, 2, 4].map((i) => {
      const c = parseInt(h.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? "#111827" : "#ffffff";
  }

  function styles(color) {
    return `:host{all:initial!important}
[hidden]{display:none!important}
.cb{--c:${color};--on:${textOn(color)};color:#1f2937;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.cb *{box-sizing:border-box}
.cb button,.cb input{font:inherit;margin:0;letter-spacing:normal;text-transform:none}
.cb button{cursor:pointer}
.cb :focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.cb-launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;width:56px;height:56px;
padding:0;border:0;border-radius:50%;background:var(--c);color:var(--on);display:flex;
align-items:center;justify-content:center;box-shadow:0 6px 20px #0004}
.cb-launcher svg{width:28px;height:28px;fill:currentColor}
.cb-panel{position:fixed;bottom:88px;right:20px;z-index:2147483001;width:370px;
max-width:calc(100vw - 40px);height:560px;max-height:calc(100vh - 110px);display:flex;
flex-direction:column;background:#fff;border-radius:14px;overflow:hidden;
box-shadow:0 12px 40px #0005}
.cb-left .cb-launcher,.cb-left .cb-panel{right:auto;left:20px}
.cb-header{display:flex;align-items:center;justify-content:space-between;gap:8px;
padding:10px 10px 10px 16px;background:var(--c);color:var(--on)}
.cb-title{margin:0;font-size:16px;font-weight:600;line-height:1.3}
.cb-close{width:36px;height:36px;padding:0;border:0;border-radius:8px;background:none;
color:inherit;font-size:24px;line-height:1}
.cb-close:hover{background:#8884}
.cb-body{flex:1;overflow-y:auto;padding:14px;background:#f8fafc;display:flex;
flex-direction:column;gap:10px}
.cb-log{display:flex;flex-direction:column;gap:8px}
.cb-msg{max-width:85%;padding:9px 12px;border-radius:14px;white-space:pre-wrap;
overflow-wrap:anywhere}
.cb-msg-assistant{align-self:flex-start;background:#fff;border:1px solid #e5e7eb;
border-bottom-left-radius:4px}
.cb-msg-visitor{align-self:flex-end;background:var(--c);color:var(--on);
border-bottom-right-radius:4px}
.cb-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
.cb-typing{align-self:flex-start;display:flex;gap:4px;padding:12px 14px;background:#fff;
border:1px solid #e5e7eb;border-radius:14px}
.cb-dot{width:7px;height:7px;border-radius:50%;background:#9ca3af;
animation:cb-blink 1.2s infinite ease-in-out}
.cb-dot:nth-child(3){animation-delay:.15s}.cb-dot:nth-child(4){animation-delay:.3s}
@keyframes cb-blink{0%,80%,100%{opacity:.3}40%{opacity:1}}
@media (prefers-reduced-motion:reduce){.cb-dot{animation:none}}
.cb-text p{margin:0}.cb-text p+p,.cb-text p+ul,.cb-text ul+p{margin-top:8px}
.cb-text ul{margin:4px 0 0;padding-left:20px;white-space:normal}
.cb-text li{white-space:pre-wrap}.cb-text li+li{margin-top:2px}
.cb-text a{color:inherit;text-decoration:underline}
.cb-links{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}
.cb-link-reply{display:inline-block;padding:6px 12px;border-radius:999px;background:var(--c);
color:var(--on);font-size:14px;font-weight:600;text-decoration:none}
.cb-link-reply:hover{filter:brightness(1.1)}
.cb-quick{display:flex;flex-wrap:wrap;gap:6px}
.cb-quick:empty{display:none}
.cb-quick-reply{padding:6px 12px;border:1px solid var(--c);border-radius:999px;
background:#fff;color:#111827;font-size:14px}
.cb-quick-reply:hover{background:#eef2ff}
.cb-rate{align-self:flex-start;display:flex;flex-wrap:wrap;align-items:center;gap:4px;
margin:-4px 0 2px 4px;font-size:13px;color:#6b7280}
.cb-thumb{width:30px;height:26px;padding:0;border:1px solid transparent;border-radius:8px;
background:none;color:#9ca3af;display:inline-flex;align-items:center;justify-content:center}
.cb-thumb svg{width:16px;height:16px;fill:currentColor}
.cb-thumb:hover{color:#4b5563;background:#eef2ff}
.cb-thumb[aria-pressed="true"]{color:var(--c);border-color:var(--c);background:#fff}
.cb-rate-form{display:flex;gap:4px;width:100%}
.cb-rate-input{flex:1;min-width:0;padding:4px 8px;border:1px solid #d1d5db;border-radius:8px;
font-size:14px}
.cb-rate-send{padding:2px 10px;border:1px solid var(--c);border-radius:8px;background:#fff;
color:#111827;font-size:13px}
.cb-rate-note{margin:0}
.cb-error{padding:10px 12px;border:1px solid #fecaca;border-radius:10px;background:#fef2f2;
color:#991b1b}
.cb-error-text{margin:0}
.cb-retry{margin-top:8px;padding:6px 14px;border:0;border-radius:8px;background:#991b1b;
color:#fff;font-weight:600}
.cb-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.cb-form{display:flex;gap:8px;padding:10px;border-top:1px solid #e5e7eb;background:#fff}
.cb-input{flex:1;min-width:0;padding:9px 12px;border:1px solid #d1d5db;border-radius:10px;
background:#fff;color:#111827;font-size:16px}
.cb-send{padding:0 16px;border:0;border-radius:10px;background:var(--c);color:var(--on);
font-weight:600}
@media (max-width:480px){.cb .cb-panel{top:0;right:0;bottom:0;left:0;width:100%;
max-width:none;height:100%;max-height:none;border-radius:0}
.cb-open .cb-launcher{display:none}}`;
  }

  /* Split an assistant's text into text and links: only http(s) addresses become links. */
  function linked(text) {
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g)) {
      parts.push(text.slice(last, match.index));
      parts.push(el("a", { href: match[0], target: "_blank", rel: "noopener noreferrer", text: match[0] }));
      last = match.index + match[0].length;
    }
    parts.push(text.slice(last));
    return parts;
  }

  /* Only a whole http(s) address may become a link; anything else stays text. */
  function safeHref(value) {
    if (typeof value !== "string" || !/^https?:\/\/[^\s]+$/i.test(value)) return null;
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  /* One run of text from the server: bold, a link, or neither; always set as textContent. */
  function renderSpan(span) {
    if (!span || typeof span.text !== "string") return null;
    const href = span.href === undefined ? null : safeHref(span.href);
    let node = href
      ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: span.text })
      : document.createTextNode(span.text);
    if (span.bold === true) node = el("strong", {}, [node]);
    return node;
  }

  const renderLine = (line) => (Array.isArray(line) ? line.map(renderSpan).filter(Boolean) : []);

  /* Build a reply's paragraphs and lists as DOM nodes; null when the structure is not usable. */
  function renderBlocks(blocks) {
    if (!Array.isArray(blocks) || !blocks.length) return null;
    const nodes = [];
    for (const block of blocks) {
      if (block && block.type === "list" && Array.isArray(block.items)) {
        nodes.push(el("ul", {}, block.items.map((item) => el("li", {}, renderLine(item)))));
      } else if (block && block.type === "paragraph" && Array.isArray(block.lines)) {
        const parts = [];
        block.lines.forEach((line, i) => {
          if (i) parts.push(el("br"));
          parts.push(...renderLine(line));
        });
        nodes.push(el("p", {}, parts));
      } else {
        return null;
      }
    }
    return nodes;
  }

  /* "Book a call" and its kind: buttons that open an address in a new tab. */
  function renderLinkReplies(links) {
    const anchors = (Array.isArray(links) ? links : [])
      .map((link) => {
        const href = link && typeof link.label === "string" && safeHref(link.url);
        return href
          ? el("a", {
              class: "cb-link-reply", href, target: "_blank", rel: "noopener noreferrer",
              text: link.label,
            })
          : null;
      })
      .filter(Boolean);
    return anchors.length ? [el("div", { class: "cb-links" }, anchors)] : [];
  }

  /* Build an element; text goes in through textContent only. */
  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  function chatIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    const path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5z");
    svg.append(path);
    return svg;
  }

  function newMessageId() {
    const c = window.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    const bytes = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(bytes);
    else bytes.forEach((_, i) => (bytes[i] = Math.floor(Math.random() * 256)));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  }

  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /* An API failure that says whether trying again could help. */
  function failure(status, data) {
    const envelope = data && data.error && typeof data.error.message === "string";
    const error = new Error(envelope ? data.error.message : GENERIC_ERROR);
    error.status = status;
    error.retryable = status === 0 || status === 408 || status >= 500;
    return error;
  }

  const isGone = (error) => error.status === 401 || error.status === 404;

  async function withRetries(run) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!error.retryable || attempt >= RETRY_DELAYS.length) throw error;
        await wait(RETRY_DELAYS[attempt]);
      }
    }
  }

  /* A thumb drawn in SVG (emoji fonts are missing on some systems); upside down for "no". */
  function thumbIcon(down) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    const path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    if (down) svg.setAttribute("transform", "rotate(180)");
    path.setAttribute(
      "d",
      "M2 21h3a1 1 0 0 0 1-1v-9a1 1 0 0 0-1-1H2zm6-1a1 1 0 0 0 1 1h8.6a2 2 0 0 0 1.9-1.4l2.3-6.9" +
        "A2 2 0 0 0 19.9 10H14l.9-4.3a1.6 1.6 0 0 0-.4-1.5L13.6 3 8.3 8.6a1 1 0 0 0-.3.7z"
    );
    svg.append(path);
    return svg;
  }

  class Widget {
    constructor(settings) {
      this.settings = settings;
      this.key = "consultbot:" + settings.service;
      this.conversation = null;
      this.queue = [];
      this.busy = false;
      this.failed = false;
      this.started = false;
      this.isOpen = false;
    }

    mount() {
      const s = this.settings;
      const host = document.createElement("consultbot-widget");
      const shadow = host.attachShadow({ mode: "open" });
      this.addStyles(shadow, styles(s.color) + liveStyles());
      this.launcher = el("button", {
        type: "button",
        class: "cb-launcher",
        "aria-label": "Open chat",
        "aria-expanded": "false",
        "aria-controls": "cb-panel",
      }, [chatIcon()]);
      this.closeButton = el("button", {
        type: "button", class: "cb-close", "aria-label": "Close chat", text: "\u00d7",
      });
      this.log = el("div", { class: "cb-log", role: "log", "aria-live": "polite" });
      this.typing = el("div", { class: "cb-typing", role: "status", hidden: "" }, [
        el("span", { class: "cb-sr", text: "The assistant is typing" }),
        el("span", { class: "cb-dot" }),
        el("span", { class: "cb-dot" }),
        el("span", { class: "cb-dot" }),
      ]);
      this.quick = el("div", {
        class: "cb-quick", role: "group", "aria-label": "Suggested replies",
      });
      this.errorText = el("p", { class: "cb-error-text" });
      this.retryButton = el("button", { type: "button", class: "cb-retry", text: "Retry" });
      this.error = el("div", { class: "cb-error", role: "alert", hidden: "" }, [
        this.errorText,
        this.retryButton,
      ]);
      this.body = el("div", { class: "cb-body" }, [this.log, this.typing, this.quick, this.error]);
      this.input = el("input", {
        type: "text",
        class: "cb-input",
        "aria-label": "Your message",
        placeholder: "Type your question\u2026",
        maxlength: "2000",
        autocomplete: "off",
      });
      /* A honeypot: off-screen and out of the tab order; only bots fill it in. */
      this.honeypot = el("input", {
        type: "text", name: "website", class: "cb-hp", tabindex: "-1",
        autocomplete: "off", "aria-hidden": "true",
      });
      this.form = el("form", { class: "cb-form" }, [
        this.honeypot,
        this.input,
        el("button", { type: "submit", class: "cb-send", text: "Send" }),
      ]);
      const header = el("div", { class: "cb-header" }, [
        el("h2", { class: "cb-title", text: s.title }),
        this.closeButton,
      ]);
      this.panel = el("div", {
        class: "cb-panel", id: "cb-panel", role: "dialog", "aria-label": s.title, hidden: "",
      }, [header, this.body, this.form]);
      const side = s.position === "bottom-left" ? "cb-left" : "cb-right";
      this.root = el("div", { class: "cb " + side }, [this.launcher, this.panel]);
      shadow.append(this.root);
      document.body.append(host);
      this.bind();
      this.restore();
    }

    /* A constructed stylesheet needs no 'unsafe-inline' in the host page's CSP. */
    addStyles(shadow, css) {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        shadow.adoptedStyleSheets = [sheet];
      } catch (error) {
        shadow.append(el("style", { text: css }));
      }
    }

    bind() {
      this.launcher.addEventListener("click", () => this.setOpen(!this.isOpen, true));
      this.closeButton.addEventListener("click", () => this.setOpen(false, true));
      this.root.addEventListener("keydown", (event) => {
        if (event.key !== "Escape" || !this.isOpen) return;
        event.stopPropagation();
        this.setOpen(false, true);
      });
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = this.input.value.trim();
        if (!text) return;
        this.input.value = "";
        this.send(text);
      });
      this.retryButton.addEventListener("click", () => {
        this.hideError();
        this.input.focus();
        this.failed = false;
        this.pump();
      });
    }

    /* Browser storage may be missing or full: the widget then simply does not resume. */
    restore() {
      let saved = {};
      try {
        saved = JSON.parse(localStorage.getItem(this.key)) || {};
      } catch (error) {
        // Nothing stored, or storage is off.
      }
      if (typeof saved.conversation_id === "string" && typeof saved.token === "string") {
        this.conversation = { id: saved.conversation_id, token: saved.token };
      }
      // Reopen a panel the visitor left open, without taking focus from the page.
      if (saved.open) this.setOpen(true, false);
    }

    save() {
      const c = this.conversation;
      const value = { conversation_id: c && c.id, token: c && c.token, open: this.isOpen };
      try {
        localStorage.setItem(this.key, JSON.stringify(value));
      } catch (error) {
        // Private browsing or a full quota: the conversation lasts as long as the page.
      }
    }

    setOpen(open, moveFocus) {
      this.isOpen = open;
      this.panel.hidden = !open;
      this.launcher.setAttribute("aria-expanded", String(open));
      this.root.classList.toggle("cb-open", open);
      this.save();
      if (open && !this.started) {
        this.started = true;
        this.enqueue(() => this.start());
      }
      if (moveFocus) (open ? this.input : this.launcher).focus();
    }

    /* A visitor's words as typed; the assistant's from its blocks (from an older server: text). */
    addMessage(role, text, shown) {
      const visitor = role === "visitor";
      shown = shown || {};
      const body = visitor ? null : renderBlocks(shown.blocks);
      const content = visitor ? [String(text)] : body || linked(String(text));
      this.log.append(
        el("div", { class: "cb-msg cb-msg-" + (visitor ? "visitor" : "assistant") }, [
          el("span", { class: "cb-sr", text: visitor ? "You: " : "Assistant: " }),
          el("div", { class: "cb-text" }, content),
          ...(visitor ? [] : renderLinkReplies(shown.link_replies)),
        ])
      );
      this.scrollDown();
    }

    showQuickReplies(labels) {
      this.quick.textContent = "";
      for (const label of labels || []) {
        const button = el("button", {
          type: "button", class: "cb-quick-reply", text: String(label),
        });
        button.addEventListener("click", () => {
          this.send(String(label));
          this.input.focus();
        });
        this.quick.append(button);
      }
      this.scrollDown();
    }

    renderReplies(replies) {
      let quick = [];
      for (const reply of replies || []) {
        this.addMessage("assistant", reply.text, reply);
        // Answers only: the form's own questions are no answers to rate.
        if (reply.rateable !== false) this.addFeedback(this.log.lastElementChild, reply);
        if (reply.quick_replies && reply.quick_replies.length) quick = reply.quick_replies;
      }
      this.showQuickReplies(quick);
    }

    renderTranscript(messages) {
      this.log.textContent = "";
      messages.forEach((m, i) => {
        if (m.role === "staff") {
          this.addStaffMessage(m.author, m.text);
          return;
        }
        this.addMessage(m.role, m.text, m);
        // Answers only: the greeting (before any visitor message) is not rated.
        if (m.rateable !== false && messages.slice(0, i).some((e) => e.role === "visitor")) {
          this.addFeedback(this.log.lastElementChild, m);
        }
      });
      const last = messages[messages.length - 1];
      this.showQuickReplies(last && last.role === "assistant" ? last.quick_replies : []);
    }

    /* Thumbs up / down under one answer: one rating per answer, changeable (pressing the
     * chosen thumb again takes it back), with an optional short comment. */
    addFeedback(node, reply) {
      if (!node || !reply || !Number.isInteger(reply.message_id)) return;
      const bar = el("div", {
        class: "cb-rate", role: "group", "aria-label": "Was this answer helpful?",
      });
      const thumbs = [["up", "Helpful"], ["down", "Not helpful"]].map(
        ([rating, label]) => {
          const button = el("button", {
            type: "button", class: "cb-thumb", "aria-label": label, "data-rating": rating,
            "aria-pressed": String(reply.feedback === rating),
          }, [thumbIcon(rating === "down")]);
          button.addEventListener("click", () => {
            const taken = button.getAttribute("aria-pressed") === "true";
            this.rate(bar, reply.message_id, taken ? null : rating);
          });
          return button;
        }
      );
      bar.append(...thumbs, el("p", { class: "cb-rate-note", role: "status" }));
      node.after(bar);
    }

    /* Store a rating; after a thumbs down, offer a short comment on what was wrong. */
    async rate(bar, messageId, rating, comment) {
      const note = bar.querySelector(".cb-rate-note");
      const body = { rating };
      if (comment) body.comment = comment;
      try {
        const path = this.path("/messages/" + messageId + "/feedback");
        await this.call("PUT", path, body, this.conversation.token);
      } catch (error) {
        note.textContent = "Sorry, your rating could not be saved. Please try again.";
        return;
      }
      for (const thumb of bar.querySelectorAll(".cb-thumb")) {
        thumb.setAttribute("aria-pressed", String(thumb.dataset.rating === rating));
      }
      const open = bar.querySelector(".cb-rate-form");
      if (open) open.remove();
      if (rating === "down" && !comment) {
        note.textContent = "Thanks. What were you looking for? (optional)";
        bar.append(this.commentForm(bar, messageId));
      } else {
        note.textContent = rating ? "Thanks for the feedback." : "";
      }
    }

    commentForm(bar, messageId) {
      const input = el("input", {
        type: "text", class: "cb-rate-input", maxlength: "500",
        "aria-label": "What was wrong with this answer?", placeholder: "What was wrong?",
      });
      const form = el("form", { class: "cb-rate-form" }, [
        input,
        el("button", { type: "submit", class: "cb-rate-send", text: "Send" }),
      ]);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = input.value.trim();
        if (text) this.rate(bar, messageId, "down", text);
      });
      return form;
    }

    showError(message, canRetry) {
      this.errorText.textContent = message;
      this.retryButton.hidden = !canRetry;
      this.error.hidden = false;
      this.scrollDown();
    }

    hideError() {
      this.error.hidden = true;
    }

    scrollDown() {
      this.body.scrollTop = this.body.scrollHeight;
    }

    /* Call the API: JSON in and out; failures are thrown by failure(). */
    async call(method, path, body, token) {
      const headers = { Accept: "application/json" };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      if (token) headers.Authorization = "Bearer " + token;
      let response;
      try {
        response = await fetch(this.settings.service + "/api/v1" + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          credentials: "omit",
          cache: "no-store",
        });
      } catch (error) {
        throw failure(0, null);
      }
      const data = await response.json().catch(() => null);
      if (response.ok && data) return data;
      throw failure(response.ok ? 502 : response.status, data);
    }

    async openConversation() {
      const data = await this.call("POST", "/conversations", { page_url: location.pathname });
      this.conversation = { id: data.conversation_id, token: data.token };
      this.save();
      return data;
    }

    forget() {
      this.conversation = null;
      this.save();
    }

    path(suffix = "") {
      return "/conversations/" + encodeURIComponent(this.conversation.id) + suffix;
    }

    /* Resume the stored conversation, or open a new one when there is none or it is gone. */
    async start() {
      if (this.conversation) {
        try {
          const { token } = this.conversation;
          const transcript = await this.call("GET", this.path(), undefined, token);
          return () => {
            this.renderTranscript(transcript.messages || []);
            this.followLive(transcript.live);
          };
        } catch (error) {
          if (!isGone(error)) throw error;
          this.forget();
        }
      }
      const opened = await this.openConversation();
      return () => this.renderReplies(opened.replies);
    }

    /* Send one visitor message; every attempt, automatic or by Retry, carries the same id. */
    async post(text, messageId) {
      const body = { text, client_message_id: messageId };
      if (this.honeypot.value) body.website = this.honeypot.value;
      if (!this.conversation) await this.openConversation();
      let data;
      try {
        data = await this.call("POST", this.path("/messages"), body, this.conversation.token);
      } catch (error) {
        if (!isGone(error)) throw error;
        this.forget();
        await this.openConversation();
        data = await this.call("POST", this.path("/messages"), body, this.conversation.token);
      }
      return () => {
        this.renderReplies(data.replies);
        this.followLive(data.live);
      };
    }

    send(text) {
      this.showQuickReplies([]);
      this.hideError();
      this.addMessage("visitor", text);
      // A new message also retries one still waiting, so the order is kept.
      this.failed = false;
      const messageId = newMessageId();
      this.enqueue(() => this.post(text, messageId), UNREACHABLE_SEND);
    }

    /* Open the panel for the page (a button, or window.Consultbot.open) and send its message. */
    openFromPage(message) {
      if (this.isOpen) this.input.focus();
      else this.setOpen(true, true);
      if (message) this.sendQueued(message);
    }

    /* Send after everything queued, the greeting included, so the message shows below it. */
    sendQueued(text) {
      // A double click on a page button sends its message once.
      if (this.queue.some((task) => task.text === text)) return;
      const messageId = newMessageId();
      let shown = false;
      const run = () => {
        if (!shown) {
          shown = true;
          this.showQuickReplies([]);
          this.addMessage("visitor", text);
        }
        return this.post(text, messageId);
      };
      this.hideError();
      this.failed = false;
      this.queue.push({ run, unreachable: UNREACHABLE_SEND, text });
      this.pump();
    }

    enqueue(run, unreachable = UNREACHABLE_START) {
      this.queue.push({ run, unreachable });
      this.pump();
    }

    /* Run queued tasks in order; stop at one that cannot reach the service until Retry. */
    async pump() {
      if (this.busy || this.failed || !this.queue.length) return;
      const task = this.queue[0];
      this.busy = true;
      this.typing.hidden = false;
      this.scrollDown();
      try {
        const render = await withRetries(task.run);
        this.queue.shift();
        render();
      } catch (error) {
        if (error.retryable) {
          this.failed = true;
          this.showError(task.unreachable, true);
        } else {
          this.queue.shift();
          this.showError(error.message || GENERIC_ERROR, false);
        }
      }
      this.busy = false;
      this.typing.hidden = true;
      this.pump();
    }

    /* ---- A person in the chat: poll the events while one is awaited or holds it. ---- */

    /* Start (or keep) polling when the API says a person is awaited or in the chat. */
    followLive(live) {
      if (!live) return;
      if (typeof live.events_after === "number") {
        this.liveCursor = live.events_after;
        this.liveCursorFromTranscript = true;
      }
      if (live.status === "waiting") this.setLiveStatus("Waiting for one of our engineers to join\u2026");
      if (live.status === "held") {
        this.setLiveStatus("You're chatting with " + (this.liveName || "one of our engineers") + ".");
      }
      if (live.status && !this.liveTimer) this.scheduleLivePoll(0);
    }

    scheduleLivePoll(delay) {
      this.liveTimer = setTimeout(() => this.pollLive(), delay);
    }

    /* Every 1.5 s while a person holds the chat, 3 s while waiting, 6 s while the tab is
       hidden; stop once no person is involved. */
    async pollLive() {
      if (!this.conversation) {
        this.liveTimer = null;
        return;
      }
      if (this.liveConversation !== this.conversation.id) {
        this.liveConversation = this.conversation.id;
        if (!this.liveCursorFromTranscript) this.liveCursor = 0;
      }
      this.liveCursorFromTranscript = false;
      let data = null;
      try {
        const after = this.liveCursor || 0;
        data = await this.call(
          "GET", this.path("/events?after=" + after), undefined, this.conversation.token
        );
      } catch (error) {
        if (isGone(error)) {
          this.liveTimer = null;
          return;
        }
      }
      if (data) {
        for (const event of data.events || []) this.renderLiveEvent(event);
        if (typeof data.next_after === "number") this.liveCursor = data.next_after;
        if (!data.live || !data.live.status) {
          this.liveTimer = null;
          this.setLiveStatus("");
          return;
        }
      }
      const waiting = data && data.live && data.live.status === "waiting";
      const every = waiting ? LIVE_POLL_WAITING_MS : LIVE_POLL_MS;
      this.scheduleLivePoll(document.hidden ? LIVE_POLL_HIDDEN_MS : every);
    }

    renderLiveEvent(event) {
      if (!event || typeof event.id !== "number" || event.id <= (this.liveCursor || 0)) return;
      this.liveCursor = event.id;
      const text = String(event.text || "");
      if (event.kind === "staff_message") {
        this.addStaffMessage(event.author, text);
      } else if (event.kind === "claimed") {
        this.addNote(text);
        this.liveName = event.author ? String(event.author) : null;
        this.setLiveStatus("You're chatting with " + (this.liveName || "one of our engineers") + ".");
      } else if (["handed_back", "closed", "timed_out"].includes(event.kind)) {
        this.setLiveStatus("");
        if (text) this.addMessage("assistant", text);
        this.showQuickReplies(event.quick_replies || []);
      }
    }

    /* A staff member's line: their name, then the text, both as text only. */
    addStaffMessage(name, text) {
      const who = String(name || "Our engineer");
      this.log.append(
        el("div", { class: "cb-msg cb-msg-staff" }, [
          el("span", { class: "cb-author", text: who }),
          el("span", { class: "cb-sr", text: ": " }),
          el("span", { class: "cb-text", text: String(text) }),
        ])
      );
      this.scrollDown();
    }

    addNote(text) {
      if (!text) return;
      this.log.append(el("div", { class: "cb-note", role: "status", text: String(text) }));
      this.scrollDown();
    }

    setLiveStatus(text) {
      if (!this.liveStatus) {
        this.liveStatus = el("div", { class: "cb-live", role: "status", hidden: "" });
        this.body.insertBefore(this.liveStatus, this.quick);
      }
      this.liveStatus.textContent = text;
      this.liveStatus.hidden = !text;
      this.scrollDown();
    }
  }

  /* The message a page asked to send: text, trimmed and cut to what the input takes. */
  function pageMessage(options) {
    const message = options && typeof options === "object" ? options.message : undefined;
    if (typeof message !== "string") return null;
    return message.trim().slice(0, MAX_MESSAGE_CHARS) || null;
  }

  /*
   * window.Consultbot: open() / open({message}) / close() / push(command). Calls made before the
   * widget is on the page wait for it; an array the page set up beforehand is run in order.
   */
  function installApi() {
    const earlier = window.Consultbot;
    // Included twice: the first copy's API stays, and this copy mounts nothing.
    if (earlier && typeof earlier.open === "function") return { api: earlier, attach: null };
    let widget = null;
    const waiting = [];
    const call = (run) => (widget ? run(widget) : waiting.push(run));
    const api = {
      open(options) {
        const message = pageMessage(options);
        call((w) => w.openFromPage(message));
      },
      close() {
        call((w) => w.setOpen(false, false));
      },
      /* Run a queued command: ["open", {message}], ["close"], or a function given the API. */
      push(...commands) {
        for (const command of commands) {
          if (typeof command === "function") command(api);
          else if (Array.isArray(command) && API_COMMANDS.includes(command[0])) {
            api[command[0]](...command.slice(1));
          } else console.warn("consultbot: unknown command", command);
        }
      },
    };
    const attach = (mounted) => {
      widget = mounted;
      waiting.splice(0).forEach((run) => run(widget));
    };
    window.Consultbot = api;
    if (Array.isArray(earlier)) api.push(...earlier);
    return { api, attach };
  }

  /* Any element with data-consultbot-open opens the chat; its value, if any, is sent. */
  function listenForPageButtons(api) {
    document.addEventListener("click", (event) => {
      const origin = event.target instanceof Element ? event.target : null;
      const button = origin && origin.closest("[data-consultbot-open]");
      if (!button || event.defaultPrevented) return;
      // Ctrl- or Cmd-click on a real link still opens it in a new tab, as visitors expect.
      const modified = event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0;
      if (modified && button.closest("a[href]")) return;
      event.preventDefault();
      api.open({ message: button.getAttribute("data-consultbot-open") || "" });
    });
  }

  const script = findScript();
  const { api, attach } = installApi();
  const boot = () => {
    if (!attach || document.querySelector("consultbot-widget")) return;
    const widget = new Widget(readSettings(script));
    widget.mount();
    attach(widget);
    listenForPageButtons(api);
    document.dispatchEvent(new CustomEvent("consultbot:ready"));
  };
  if (document.body) boot();
  else document.addEventListener("DOMContentLoaded", boot);
})(/* consultbot:defaults */ {});
