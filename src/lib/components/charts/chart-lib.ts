import type { Chart, ChartConfiguration, ChartType } from 'chart.js';

export type ChartLib = typeof import('chart.js');

/**
 * Chart.js and its two plugins, imported on first use so only the pages that draw a chart
 * download them. Registering the same parts again is harmless, so no module state is kept.
 */
export async function loadChartLib(): Promise<ChartLib> {
  const [lib, errorBars, matrix] = await Promise.all([
    import('chart.js'),
    import('chartjs-chart-error-bars'),
    import('chartjs-chart-matrix')
  ]);
  lib.Chart.register(
    lib.BarController,
    lib.LineController,
    lib.BarElement,
    lib.LineElement,
    lib.PointElement,
    lib.CategoryScale,
    lib.LinearScale,
    lib.Title,
    lib.Tooltip,
    lib.Legend,
    errorBars.BarWithErrorBarsController,
    errorBars.BarWithErrorBar,
    matrix.MatrixController,
    matrix.MatrixElement
  );
  return lib;
}

/** Draws a chart on the canvas; the returned chart is destroyed by the caller. */
export function drawChart<T extends ChartType, D extends unknown[]>(
  lib: ChartLib,
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<T, D, string>
): Chart<T, D, string> {
  return new lib.Chart(canvas, config);
}

/** Colours that stay apart for readers with the common colour-vision deficiencies (Okabe-Ito). */
export const PALETTE = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#000000'
];

export function colourAt(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#0072b2';
}
