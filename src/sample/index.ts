/** Deterministic sample data (pure): points, staff and a daily history calibrated to the Center's report. */
export * from './calibration.ts';
export * from './csv.ts';
export * from './dataset.ts';
export * from './history.ts';
export * from './points.ts';
export * from './register.ts';
export * from './register-csv.ts';
export * from './staff.ts';
