// Keeps the keyboard in the review surface: a click on empty space (or anything that cannot take the focus) gives
// the focus back to the page, so the shortcuts never silently stop. Fields, buttons and the editor's frame keep theirs.
const lost = () => {
    const active = document.activeElement;
    return !active || active === document.body || active === document.documentElement;
};

// Focuses the review surface; on a loaded machine a render may still be replacing what had the focus, so the focus is
// given back a moment later too if it fell to the body meanwhile (never taken from a field or the editor's frame).
export function focus(root) {
    if (!root) return;
    root.focus({ preventScroll: true });
    for (const delay of [50, 250, 1000]) setTimeout(() => { if (root.isConnected && lost()) root.focus({ preventScroll: true }); }, delay);
}

export function keepFocus(root) {
    const back = () => setTimeout(() => {
        if (root.isConnected && lost()) root.focus({ preventScroll: true });
    }, 0);
    // A focused element that leaves the page (the editor's frame once the correction is sent) fires no focusout: a key
    // pressed then lands on the body, so it is handed to the review surface instead of being lost.
    const rescue = e => {
        if (!root.isConnected || !lost()) return;
        root.focus({ preventScroll: true });
        e.preventDefault();
        e.stopPropagation();
        root.dispatchEvent(new KeyboardEvent("keydown", {
            key: e.key, code: e.code, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, shiftKey: e.shiftKey,
            bubbles: true, cancelable: true,
        }));
    };
    document.addEventListener("mouseup", back);
    document.addEventListener("keydown", rescue, true);
    root.addEventListener("focusout", back);
    return {
        dispose: () => {
            document.removeEventListener("mouseup", back);
            document.removeEventListener("keydown", rescue, true);
            root.removeEventListener("focusout", back);
        },
    };
}
