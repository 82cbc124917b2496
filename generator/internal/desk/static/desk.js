// While a form is sent (reading a notice, publishing), its buttons say so and cannot be
// pressed twice.
document.addEventListener("submit", function (e) {
  var form = e.target;
  setTimeout(function () {
    form.querySelectorAll("button").forEach(function (b) {
      b.disabled = true;
    });
    var last = form.querySelector("button:last-of-type");
    if (last) last.textContent = "正在处理，请稍候…";
  }, 0);
});
