// The console's only script: it adds nothing a page needs — every form works without it.
// After htmx swaps a fragment in, focus moves to it, so keyboard and screen-reader users land
// on what changed instead of at the top of the page.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (target && target.isConnected) {
    var focusable = target.querySelector("[data-focus-after-swap]") || target;
    if (!focusable.hasAttribute("tabindex")) {
      focusable.setAttribute("tabindex", "-1");
    }
    focusable.focus();
  }
});
