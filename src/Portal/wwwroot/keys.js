// The review page's shortcuts from the moment its item is on screen. Until the page's own module has loaded (and after a
// render replaced the element that had the focus) a key lands on the body, where nothing listens: a reader who presses
// A, Enter, N quickly lost a key. A key that lands on the body while a review surface is on the page is handed to it.
// Loaded with the app, so it does not wait for the page's module; fields, buttons and the editor's frame keep their keys.
document.addEventListener("keydown", e => {
    const active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    const root = document.querySelector(".review-item[tabindex]");
    if (!root || !root.isConnected || e.isComposing) return;
    root.focus({ preventScroll: true });
    e.preventDefault();
    e.stopImmediatePropagation();
    root.dispatchEvent(new KeyboardEvent("keydown", {
        key: e.key, code: e.code, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, shiftKey: e.shiftKey,
        bubbles: true, cancelable: true,
    }));
}, true);
