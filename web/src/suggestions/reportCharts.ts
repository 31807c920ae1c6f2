// ECharts, only what the handling report draws (bar and pie on a canvas).
// Imported dynamically by ReportChart.vue, so the charting code is fetched
// only on the report pages, after the tables are on screen.
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
