// The mask editor island inside the review page's frame tells the page what happened (same origin only).
// Returns false when the editor was opened on its own (no page around it).
export function notifyParent(message) {
    if (window.parent === window) return false;
    window.parent.postMessage(message, window.location.origin);
    return true;
}
