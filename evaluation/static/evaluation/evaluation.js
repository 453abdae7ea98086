// Progressive enhancement: selecting words in the report or an open answer copies them into the
// "passage" field of the marking form. Without JavaScript the passage is copied by hand.
document.addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector("[data-highlight-target]");
  if (!target) return;
  document.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    const text = selection ? selection.toString().trim() : "";
    if (!text) return;
    const node = selection.anchorNode && selection.anchorNode.parentElement;
    if (node && node.closest(".report-text")) target.value = text;
  });
});
