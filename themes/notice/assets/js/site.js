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

  // Days left before each deadline.
  document.querySelectorAll(".days-left[data-date]").forEach(function (el) {
    var n = daysBetween(today, el.getAttribute("data-date"));
    el.textContent = n > 0 ? t("days-left", { n: n }) : n === 0 ? t("due-today") : t("closed");
    el.classList.add(n >= 0 ? "open" : "closed");
  });

  // The next round first on the home page.
  var list = document.getElementById("rounds");
  if (list) {
    var next = null;
    list.querySelectorAll(".card[data-last-day]").forEach(function (card) {
      if (!next && !card.classList.contains("cancelled") && card.getAttribute("data-last-day") >= today) {
        next = card;
      }
    });
    if (next) {
      next.classList.add("next");
      next.querySelector(".badge").hidden = false;
      list.insertBefore(next, list.firstElementChild);
    } else {
      var past = document.getElementById("all-past");
      if (past) past.hidden = false;
    }
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
