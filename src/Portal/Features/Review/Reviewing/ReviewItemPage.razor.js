// Keeps the keyboard in the review surface: a click on empty space (or anything that cannot take the focus) gives
// the focus back to the page, so the shortcuts never silently stop. Fields, buttons and the editor's frame keep theirs.
export function focus(root) {
    root?.focus({ preventScroll: true });
}

export function keepFocus(root) {
    const back = () => setTimeout(() => {
        const active = document.activeElement;
        if (root.isConnected && (!active || active === document.body || active === document.documentElement)) root.focus({ preventScroll: true });
    }, 0);
    document.addEventListener("mouseup", back);
    root.addEventListener("focusout", back);
    return { dispose: () => { document.removeEventListener("mouseup", back); root.removeEventListener("focusout", back); } };
}
