// ECharts, only the parts the open-data page draws (bar, line, pie on a
// canvas). This module is imported dynamically by StatsChart.vue, so the
// charting code (a few hundred KB) is fetched only on /public/dashboard and
// after the figures and tables are already on screen.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
