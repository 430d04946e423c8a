import type { Processors } from '../types.ts';
import { processAlerts } from './alerts.ts';
import { processForecast } from './forecast.ts';
import { processImport } from './import.ts';
import { processPlan } from './plan.ts';
import { processSimulate } from './simulate.ts';

/** The processor of each queue. */
export const PROCESSORS: Processors = {
  import: processImport,
  forecast: processForecast,
  plan: processPlan,
  simulate: processSimulate,
  alerts: processAlerts,
};
