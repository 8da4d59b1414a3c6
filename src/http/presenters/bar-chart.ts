// A horizontal bar chart as a view model for views/partials/bar-chart.ejs: the server draws it, no
// chart script runs. Each label sits above its bar, wrapped onto a second line when long, so long
// Dutch labels fit a 320px phone; bar lengths are percentages of the chart's width, so the SVG needs
// no viewBox scaling and its text keeps the page's font size at every width.

export interface BarInput {
  readonly label: string;
  readonly count: number;
  /** Drawn darker and named "(gekozen)": the value is one of the current filters. */
  readonly highlighted?: boolean;
}

export interface Bar {
  readonly label: string;
  readonly count: number;
  readonly highlighted: boolean;
  /** The label in lines short enough for a phone. */
  readonly labelLines: readonly string[];
  /** Baseline of the label's first line; each next line is LINE_HEIGHT lower. */
  readonly labelY: number;
  readonly lineHeight: number;
  readonly barY: number;
  readonly barHeight: number;
  /** Length of the bar as a percentage of the chart's width ("42.5%"); the count is written after it. */
  readonly width: string;
}

export interface BarChartView {
  readonly titleId: string;
  readonly descId: string;
  readonly title: string;
  /** Every figure in words, for those who do not see the chart. */
  readonly description: string;
  readonly height: number;
  readonly bars: readonly Bar[];
}

const LINE_HEIGHT = 20;
const LABEL_BASELINE = 16;
/** Space between the last label line and the bar, and between a bar and the next label. */
const BAR_GAP = 6;
const ROW_GAP = 12;
const BAR_HEIGHT = 18;
const PADDING = 4;
/** About 260px of bold 15px text: fits the 288px a 320px-wide screen leaves for the chart. */
const MAX_LINE_CHARACTERS = 32;
/** The longest bar leaves room after it for its count. */
const MAX_BAR_PERCENT = 85;
/** A bar of a non-zero count stays visible however small its share. */
const MIN_BAR_PERCENT = 0.5;

export const HIGHLIGHT_SUFFIX = ' (gekozen)';

function percent(count: number, max: number): string {
  if (count <= 0 || max <= 0) return '0%';
  const share = Math.max(MIN_BAR_PERCENT, (count / max) * MAX_BAR_PERCENT);
  return `${Math.round(share * 100) / 100}%`;
}

/** Breaks a label at spaces into lines of at most MAX_LINE_CHARACTERS; a longer word keeps a line to itself. */
export function wrapLabel(label: string, max = MAX_LINE_CHARACTERS): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= max) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Lays out one bar per input, in the given order. `id` must be unique on the page. */
export function barChart(id: string, title: string, inputs: readonly BarInput[]): BarChartView {
  const max = inputs.reduce((m, b) => Math.max(m, b.count), 0);
  let top = PADDING;
  const bars = inputs.map((input): Bar => {
    const highlighted = input.highlighted ?? false;
    const label = highlighted ? `${input.label}${HIGHLIGHT_SUFFIX}` : input.label;
    const labelLines = wrapLabel(label);
    const barY = top + labelLines.length * LINE_HEIGHT + BAR_GAP;
    const bar = {
      label,
      count: input.count,
      highlighted,
      labelLines,
      labelY: top + LABEL_BASELINE,
      lineHeight: LINE_HEIGHT,
      barY,
      barHeight: BAR_HEIGHT,
      width: percent(input.count, max),
    };
    top = barY + BAR_HEIGHT + ROW_GAP;
    return bar;
  });
  const description =
    bars.length === 0 ? 'Geen gegevens.' : `Staafdiagram. ${bars.map((b) => `${b.label}: ${b.count}`).join('; ')}.`;
  return {
    titleId: `${id}-title`,
    descId: `${id}-desc`,
    title,
    description,
    height: bars.length === 0 ? PADDING * 2 : top - ROW_GAP + PADDING,
    bars,
  };
}
