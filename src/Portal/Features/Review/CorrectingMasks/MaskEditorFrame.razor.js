// Listens to the mask editor island in the frame: only messages from that frame's window, from this origin, count.
export function listen(frame, dotnet) {
    const onMessage = e => {
        if (e.origin !== window.location.origin || e.source !== frame.contentWindow || typeof e.data?.type !== 'string') return;
        switch (e.data.type) {
            case 'endoked:mask-ready': focusFrame(frame); break;
            case 'endoked:mask-size': frame.style.height = Math.min(Math.max(Number(e.data.height) || 0, 200), 4000) + 'px'; break;
            case 'endoked:mask-voted': dotnet.invokeMethodAsync('Voted', e.data.stage ?? null); break;
            case 'endoked:mask-cancelled': dotnet.invokeMethodAsync('Cancelled'); break;
        }
    };
    window.addEventListener('message', onMessage);
    return { dispose: () => window.removeEventListener('message', onMessage) };
}

// Same origin, so the page may reach into the frame: focus its window, then the editor in it (focusing only the
// frame element leaves the keyboard on the frame's body).
export function focusFrame(frame) {
    frame?.contentWindow?.focus();
    frame?.contentDocument?.querySelector('.mask-editor')?.focus({ preventScroll: true });
}
