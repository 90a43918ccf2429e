/** Server-rendered SVG charts: presentation attributes and classes only (the CSP allows no inline style). */
export interface Bar {
  label: string;
  segments: { value: number; cls: string }[];
}

const W = 360;
const H = 160;
const PAD = 24;

export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const max = Math.max(1, ...bars.map((b) => b.segments.reduce((a, x) => a + x.value, 0)));
  const step = (W - PAD) / Math.max(1, bars.length);
  const scale = (H - PAD) / max;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title}>
      <title>{title}</title>
      <text x="0" y="10" font-size="9">
        {String(max)}
      </text>
      <line x1={PAD} y1={H - PAD} x2={W} y2={H - PAD} stroke="#999" />
      {bars.map((b, i) => {
        let y = H - PAD;
        return (
          <g>
            {b.segments.map((sg) => {
              const h = sg.value * scale;
              y -= h;
              return <rect class={sg.cls} x={PAD + i * step + 1} y={y} width={Math.max(1, step - 2)} height={h} />;
            })}
            {i % Math.ceil(bars.length / 6) === 0 ? (
              <text x={PAD + i * step} y={H - 8} font-size="9">
                {b.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
