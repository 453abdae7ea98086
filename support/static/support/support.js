// Print the tie table and the definitions too: open every <details> before printing.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
});
