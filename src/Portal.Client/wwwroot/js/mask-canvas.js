// Paints a band of per-pixel labels onto a canvas: labels[i] indexes palette ([r, g, b, a] each). The mask itself
// lives in C#; this only turns bytes into pixels (putImageData), starting at row y0.
export function paint(canvas, width, height, y0, labels, palette) {
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const rows = Math.floor(labels.length / width);
    if (rows <= 0) return;
    const image = canvas.getContext('2d').createImageData(width, rows);
    const d = image.data;
    for (let i = 0, j = 0; i < rows * width; i++, j += 4) {
        const c = palette[labels[i]] || palette[0];
        d[j] = c[0]; d[j + 1] = c[1]; d[j + 2] = c[2]; d[j + 3] = c[3];
    }
    canvas.getContext('2d').putImageData(image, 0, y0);
}

export function focus(element) {
    element?.focus({ preventScroll: true });
}
