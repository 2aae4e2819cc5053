/**
 * ECharts, only the parts the portal draws: line and bar charts on a grid, radar and pie charts, with
 * tooltips and legends, on canvas. Imported by chart components only, which pages load
 * asynchronously: none of it is in the first bundle.
 */
import { BarChart, LineChart, PieChart, RadarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components'
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([CanvasRenderer, LineChart, BarChart, RadarChart, PieChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent])

export type { ComposeOption } from 'echarts/core'
