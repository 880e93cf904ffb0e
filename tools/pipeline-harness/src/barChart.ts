/** A horizontal bar chart as an SVG document: one bar per figure, its value written at its end. */
export function barChart(title: string, bars: ReadonlyArray<readonly [string, number]>): string {
  const width = 760;
  const labelWidth = 190;
  const barHeight = 22;
  const gap = 8;
  const top = 40;
  const max = Math.max(...bars.map(([, value]) => value), 1);
  const scale = (width - labelWidth - 110) / max;
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = bars.map(([label, value], index) => {
    const y = top + index * (barHeight + gap);
    const length = Math.max(1, Math.round(value * scale));
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escape(label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${length}" height="${barHeight}" fill="#3b6ea5"/>`,
      `<text x="${labelWidth + length + 6}" y="${y + 15}">${value.toLocaleString('en-US')}/s</text>`,
    ].join('');
  });
  const height = top + bars.length * (barHeight + gap) + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
