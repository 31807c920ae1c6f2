// ECharts, only the parts renda draws (bar, line and pie on a canvas). Only
// EChart.vue imports this, dynamically, so the charting code (a few hundred
// KB) is fetched only on pages with charts, after their figures and tables
// are already on screen.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
