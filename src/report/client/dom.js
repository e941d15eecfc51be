// DOM and formatting helpers. Every string from a run (prompts, ids, reasons) goes in as text, never as HTML.

export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key === 'style') node.style.cssText = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'for') {
      node.setAttribute(key, String(value));
    } else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

/**
 * Image paths in results.json are file paths whose segments may hold `%`, `=` or `,`
 * (ids are percent-encoded on disk); each segment is encoded again so the browser asks for that exact file.
 */
export function imageUrl(path) {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function percent(ratio) {
  const p = ratio * 100;
  if (p === 0) return '0%';
  if (p < 0.01) return `${p.toPrecision(2)}%`;
  return `${p.toFixed(p < 1 ? 3 : 2)}%`;
}

export function formatNumber(n) {
  return Number(n).toLocaleString('en-US');
}

export function formatMs(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `diffPixels` → `diff pixels`, `ssim` → `ssim`: metric keys shown as they come, only spaced. */
export function humanize(key) {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/** Any metric, whatever its name: ratios as percentages, pixel counts grouped, other numbers to 4 significant digits. */
export function formatMetric(key, value) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (/ratio$/i.test(key)) return percent(value);
    if (/pixels$/i.test(key)) return `${formatNumber(value)} px`;
    if (Number.isInteger(value)) return formatNumber(value);
    return String(Number(value.toPrecision(4)));
  }
  if (value && typeof value === 'object') return formatFigure(key, value) ?? JSON.stringify(value);
  return String(value);
}

/** The findings' figures that are not plain numbers (docs/findings.md), in words; undefined for any other shape. */
function formatFigure(key, value) {
  const signed = (v) => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(2)}`;
  if (key === 'channelShift' && typeof value.r === 'number') {
    return `R ${signed(value.r)} · G ${signed(value.g)} · B ${signed(value.b)} levels`;
  }
  if (key === 'shift' && typeof value.dx === 'number') {
    if (value.dx === 0 && value.dy === 0) return 'none';
    return `dx ${value.dx}, dy ${value.dy} px (aligning removes ${Math.round(value.gain * 100)}% of the difference)`;
  }
  if (key === 'regions' && Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value.map((r) => `${r.width}×${r.height} at (${r.x}, ${r.y})`).join(', ');
  }
  return undefined;
}
