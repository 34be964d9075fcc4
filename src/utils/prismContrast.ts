/**
 * Prism themes that meet WCAG AA: every token colour is darkened (light theme) or lightened (dark theme)
 * just enough to reach a 4.5:1 contrast ratio against the code block background. Keeps each theme's palette.
 */
import type { PrismTheme } from 'prism-react-renderer';

type Rgb = [number, number, number];

function parse(c: string): Rgb | null {
  const s = c.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return m[1]!.split('').map((x) => parseInt(x + x, 16)) as Rgb;
  m = /^#([0-9a-f]{6})$/i.exec(s);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1]!.slice(i, i + 2), 16)) as Rgb;
  m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/i.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return null;
}

function luminance([r, g, b]: Rgb): number {
  const f = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

const hex = (c: Rgb) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

function fix(color: string, bg: Rgb, target: number): string {
  const c = parse(color);
  if (!c || contrast(c, bg) >= target) return color;
  const towards: Rgb = luminance(bg) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  for (let t = 0.05; t <= 1; t += 0.05) {
    const mixed = c.map((v, i) => v + (towards[i]! - v) * t) as Rgb;
    if (contrast(mixed, bg) >= target) return hex(mixed);
  }
  return hex(towards);
}

export function accessibleTheme(theme: PrismTheme, target = 4.6): PrismTheme {
  const bg = parse(String(theme.plain.backgroundColor ?? '#ffffff')) ?? [255, 255, 255];
  return {
    plain: {
      ...theme.plain,
      color: theme.plain.color ? fix(String(theme.plain.color), bg, target) : theme.plain.color,
    },
    styles: theme.styles.map((s) => ({
      ...s,
      style: { ...s.style, ...(s.style.color ? { color: fix(String(s.style.color), bg, target) } : {}) },
    })),
  };
}
