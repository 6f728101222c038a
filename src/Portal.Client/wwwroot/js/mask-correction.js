// The mask editor island inside the review page's frame tells the page what happened (same origin only).
// Returns false when the editor was opened on its own (no page around it).
export function notifyParent(message) {
    if (window.parent === window) return false;
    window.parent.postMessage(message, window.location.origin);
    return true;
}

// Inside a frame, keeps telling the page how tall the editor is, so that the frame fits it (messages, wrapped toolbars).
export function followSize() {
    if (window.parent === window) return;
    const post = () => window.parent.postMessage(
        { type: 'endoked:mask-size', height: Math.ceil(document.documentElement.getBoundingClientRect().height) }, window.location.origin);
    new ResizeObserver(post).observe(document.body);
    post();
}
