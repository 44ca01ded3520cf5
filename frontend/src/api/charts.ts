// ECharts options for the statistics page (pure: unit-tested without a DOM).
// Text uses the app's font so Chinese renders with the bundled CJK face.
import type { Series } from './archive'

const FONT = "'Fieldbook CJK', 'PingFang SC', 'Microsoft YaHei', sans-serif"
const AXIS = { color: '#5c6370', fontFamily: FONT, fontSize: 12 }

export interface ChartSpec {
  kind: 'bar' | 'line' | 'pie'
  series: Series
  /** Legend / tooltip name of the values. */
  name: string
  color: string
  /** Appended to values in labels and tooltips (e.g. '%'). */
  unit?: string
  /** Fixed y-axis maximum (100 for rates). */
  max?: number
  /** Horizontal bars (long technician or type names). */
  horizontal?: boolean
}

const PIE_COLOURS = ['#1f6feb', '#18a058', '#f0a020', '#d03050', '#7c3aed', '#0ea5e9', '#64748b']

// echarts option objects are loosely typed on purpose: the page passes them to <v-chart>.
export function chartOption(s: ChartSpec): Record<string, unknown> {
  const unit = s.unit ?? ''
  const label = {
    show: true,
    fontFamily: FONT,
    fontSize: 11,
    color: '#1f2329',
    // zero bars stay unlabelled (a year of mostly empty months would be a row of 0s)
    formatter: (p: { value: number | null }) => (p.value == null || (s.kind === 'bar' && p.value === 0) ? '' : `${p.value}${unit}`),
  }
  if (s.kind === 'pie') {
    return {
      textStyle: { fontFamily: FONT },
      color: PIE_COLOURS,
      tooltip: { trigger: 'item', formatter: `{b}：{c}${unit}（{d}%）` },
      legend: { bottom: 0, textStyle: AXIS, type: 'scroll' },
      series: [
        {
          name: s.name,
          type: 'pie',
          radius: ['38%', '64%'],
          center: ['50%', '44%'],
          // names are in the legend; the count sits on its slice (outside labels get cut in a narrow card)
          label: { position: 'inside', fontFamily: FONT, fontSize: 12, color: '#fff', fontWeight: 600, formatter: `{c}${unit}` },
          data: s.series.labels.map((l, i) => ({ name: l, value: s.series.values[i] ?? 0 })),
        },
      ],
    }
  }
  const category = { type: 'category', data: s.series.labels, axisLabel: { ...AXIS, hideOverlap: true }, axisTick: { alignWithLabel: true } }
  const value = {
    type: 'value',
    max: s.max,
    minInterval: unit ? undefined : 1,
    axisLabel: { ...AXIS, formatter: `{value}${unit}` },
    splitLine: { lineStyle: { color: '#eef0f4' } },
  }
  return {
    textStyle: { fontFamily: FONT },
    color: [s.color],
    grid: { left: 12, right: 24, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v == null ? '—' : `${v}${unit}`) },
    xAxis: s.horizontal ? value : category,
    yAxis: s.horizontal ? { ...category, inverse: true } : value,
    series: [
      {
        name: s.name,
        type: s.kind,
        data: s.series.values,
        barMaxWidth: 36,
        smooth: s.kind === 'line',
        connectNulls: true,
        symbolSize: 7,
        label: { ...label, position: s.horizontal ? 'right' : 'top' },
        itemStyle: { borderRadius: s.kind === 'bar' ? (s.horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0]) : undefined },
        areaStyle: s.kind === 'line' ? { opacity: 0.08 } : undefined,
      },
    ],
  }
}

/** One option of several series over the same labels (the first one's axes), with a legend. */
export function chartsOption(specs: ChartSpec[]): Record<string, unknown> {
  if (specs.length === 1) return chartOption(specs[0])
  const base = chartOption(specs[0])
  const series = specs.map((s) => (chartOption(s).series as Record<string, unknown>[])[0])
  return { ...base, color: specs.map((s) => s.color), legend: { bottom: 0, type: 'scroll' }, grid: { left: 40, right: 16, top: 16, bottom: 48 }, series }
}
