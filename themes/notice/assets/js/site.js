// Enhancements only: every page is complete without this script.
// Marks the next round and the days left, makes copy and print buttons work, finds the
// contact of a province, and tells WeChat / QQ in-app browser users how to get out.
(function () {
  "use strict";

  // Today in China (UTC+8) as YYYY-MM-DD, whatever the device's time zone.
  function todayCST() {
    return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }
  function daysBetween(from, to) {
    return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86400000);
  }
  var today = todayCST();

  // The page's words: the theme's i18n, given as data-t-<name> attributes of <body>, with
  // {placeholders} filled in here in one pass (a value is never scanned again).
  function t(name, values) {
    var text = document.body.getAttribute("data-t-" + name) || "";
    return !values ? text : text.replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m;
    });
  }

  // The page comes with the days left, the next round and whether the notice is over as on
  // the day it was built (hugo.Data.today); the device's date may be a later one, so all of
  // it is worked out again here, the same way.

  // Days left before each deadline.
  document.querySelectorAll(".days-left[data-date]").forEach(function (el) {
    var n = daysBetween(today, el.getAttribute("data-date"));
    el.textContent = n > 0 ? t("days-left", { n: n }) : n === 0 ? t("due-today") : t("closed");
    el.classList.toggle("open", n >= 0);
    el.classList.toggle("closed", n < 0);
  });

  // The next round first (home page, a notice's overview), the others in their order
  // (data-order); "all past" when there is none.
  var list = document.getElementById("rounds");
  if (list) {
    var cards = Array.prototype.slice.call(list.querySelectorAll(".card[data-last-day]"));
    cards.sort(function (a, b) {
      return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    var next = null;
    cards.forEach(function (card) {
      if (!next && !card.classList.contains("cancelled") && card.getAttribute("data-last-day") >= today) {
        next = card;
      }
    });
    cards.forEach(function (card) {
      card.classList.toggle("next", card === next);
      var badge = card.querySelector(".badge");
      if (badge) badge.hidden = card !== next;
    });
    var order = next ? [next].concat(cards.filter(function (card) { return card !== next; })) : cards;
    var inOrder = order.every(function (card, i) { return list.children[i] === card; });
    if (!inOrder) {
      order.forEach(function (card) { list.appendChild(card); });
    }
    var past = document.getElementById("all-past");
    if (past) past.hidden = next !== null;
  }

  // Copy buttons.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-copy")).then(function () {
        button.textContent = t("copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        button.textContent = t("copy-failed");
      });
    });
  });

  // Print buttons.
  document.querySelectorAll("button.print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Province → contact.
  var picker = document.getElementById("picker");
  var select = document.getElementById("province");
  var result = document.getElementById("province-result");
  if (picker && select && result) {
    picker.hidden = false;
    select.addEventListener("change", function () {
      var opt = select.options[select.selectedIndex];
      result.textContent = "";
      if (!opt || !opt.value) return;
      var phone = opt.getAttribute("data-phone");
      result.appendChild(document.createTextNode(t("province-contact", { province: opt.textContent, name: opt.getAttribute("data-name") }) + " "));
      var link = document.createElement("a");
      link.href = "tel:" + phone;
      link.textContent = phone;
      result.appendChild(link);
    });
  }

  // WeChat and QQ in-app browsers block webcal: links and downloads.
  var ua = navigator.userAgent;
  if (/MicroMessenger\//i.test(ua) || /\sQQ\//.test(ua)) {
    var hint = document.getElementById("inapp");
    if (hint) hint.hidden = false;
    document.documentElement.classList.add("in-app");
  }
})();
